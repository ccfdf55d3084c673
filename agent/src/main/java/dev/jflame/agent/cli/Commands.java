package dev.jflame.agent.cli;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The subcommands by name, in help order. A new command is one class and one line here.
 * Immutable after construction.
 */
final class Commands {
    private final Map<String, Command> byName = new LinkedHashMap<>();

    Commands() {
        add(new ListCommand());
        add(new AttachCommand());
        add(new StartCommand());
        add(new StatusCommand());
        add(new DumpCommand());
        add(new StopCommand());
        add(new RunCommand());
        add(new ConvertCommand());
        add(new MergeCommand());
        add(new DiffCommand());
        add(new DemoCommand());
        add(new HelpCommand(this));
    }

    private void add(Command c) {
        byName.put(c.name(), c);
    }

    /** Null if there is no such command. */
    Command named(String name) {
        return byName.get(name);
    }

    /**
     * The command a mistyped word most likely meant: the one within two edits (insert, delete,
     * replace, swap of neighbours) of it, the nearest first; null if none is that close.
     */
    String nearest(String word) {
        String best = null;
        int bestDistance = 3;
        for (String name : byName.keySet()) {
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), name);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Edit distance counting a swap of two neighbouring letters as one edit ({@code attahc}). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    Collection<Command> all() {
        return Collections.unmodifiableCollection(byName.values());
    }
}

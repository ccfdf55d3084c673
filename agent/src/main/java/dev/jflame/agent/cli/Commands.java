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

    Collection<Command> all() {
        return Collections.unmodifiableCollection(byName.values());
    }
}

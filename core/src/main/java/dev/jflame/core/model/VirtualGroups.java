package dev.jflame.core.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Which group a virtual thread's samples go to, by its name: the name without its trailing number
 * ({@code handler-17} is {@code handler}), so that a pool that numbers its threads is one group, and ""
 * for an unnamed one (the executors' default), drawn as {@code [virtual threads]}. Bounded: past
 * {@link #MAX_GROUPS} groups a new one is the unnamed group, and past {@link #MAX_NAMES} names seen the
 * answer is worked out each time rather than kept. One per thread that asks (JFR's reader, the census, a
 * JFR recording read from a file); not thread-safe.
 */
public final class VirtualGroups {
    /** Named groups; the profile keeps a series of counts for each of them and the unnamed one. */
    public static final int MAX_GROUPS = VirtualThreadCounts.MAX_NAMED_GROUPS;
    public static final int MAX_NAMES = 4096;

    private final Map<String, String> byName = new HashMap<>();
    private final Map<String, String> groups = new HashMap<>();

    /** The group of a virtual thread named {@code name} (null or empty: the unnamed group, ""). */
    public String of(String name) {
        if (name == null || name.isEmpty()) {
            return "";
        }
        String g = byName.get(name);
        if (g != null) {
            return g;
        }
        String group = groupOf(name);
        g = groups.get(group);
        if (g == null) {
            g = groups.size() < MAX_GROUPS ? group : "";
            if (!g.isEmpty()) {
                groups.put(g, g);
            }
        }
        if (byName.size() < MAX_NAMES) {
            byName.put(name, g);
        }
        return g;
    }

    /**
     * The name without its trailing number and the separator before it ({@code client-17}, {@code client#3} and
     * {@code client} are all {@code client}); "" for none left.
     */
    public static String groupOf(String name) {
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
            end--;
        }
        if (end < name.length()) {
            while (end > 0 && SEPARATORS.indexOf(name.charAt(end - 1)) >= 0) {
                end--;
            }
        }
        return end == 0 ? "" : name.substring(0, end);
    }

    /** What may stand between a name and its number. */
    private static final String SEPARATORS = "-_#. ";
}

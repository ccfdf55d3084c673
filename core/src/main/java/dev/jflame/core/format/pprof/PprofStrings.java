package dev.jflame.core.format.pprof;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pprof profile's string table, not thread-safe (one per profile written): every string the profile
 * names, each once, referred to by index.
 */
final class PprofStrings {
    private final List<String> strings = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();

    PprofStrings() {
        // The format reserves index 0 for the empty string, which also stands for "not set".
        of("");
    }

    /** The index of {@code s}, adding it if new. */
    long of(String s) {
        Integer i = index.get(s);
        if (i != null) {
            return i;
        }
        int next = strings.size();
        strings.add(s);
        index.put(s, next);
        return next;
    }

    /** Writes the table, in index order, as the repeated string field {@code field}. */
    void write(ProtoOutput out, int field) throws IOException {
        for (String s : strings) {
            out.string(field, s);
        }
    }
}

package dev.jflame.agent.push;

import dev.jflame.core.format.pprof.ProtoOutput;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.FrameTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ProfilesDictionary} of one request, not thread-safe (one per period): the tables samples point
 * into, each item once, each table starting with its zero value at index 0, which the spec requires
 * ("none" for every index field). A frame is one location with one line of one function, at the same
 * index in both tables; there are no mappings, as a Java frame has no address, and no links.
 */
final class OtlpDictionary {
    private final FrameTable frames;
    private final List<String> strings = new ArrayList<>();
    private final Map<String, Integer> stringIndex = new HashMap<>();
    /** Location index of each frame id (the last slot: {@link FrameNames#NO_FRAMES}), 0 until used. */
    private final int[] locationOf;
    /** Function name (string index) of each location, from index 1. */
    private final List<Integer> locationNames = new ArrayList<>();
    private final List<long[]> stacks = new ArrayList<>();
    private final Map<Key, Integer> stackIndex = new HashMap<>();
    private final List<Attribute> attributes = new ArrayList<>();
    private final Map<String, Integer> attributeIndex = new HashMap<>();

    OtlpDictionary(FrameTable frames) {
        this.frames = frames;
        this.locationOf = new int[frames.size() + 1];
        string("");
        locationNames.add(0);
        stacks.add(new long[0]);
        attributes.add(null);
    }

    /** The index of {@code s} in the string table, adding it if new. */
    int string(String s) {
        Integer i = stringIndex.get(s);
        if (i != null) {
            return i;
        }
        int next = strings.size();
        strings.add(s);
        stringIndex.put(s, next);
        return next;
    }

    /** The location of frame {@code frame}, or of {@link FrameNames#NO_FRAMES} for -1. */
    int location(int frame) {
        int slot = frame < 0 ? locationOf.length - 1 : frame;
        int loc = locationOf[slot];
        if (loc == 0) {
            loc = locationNames.size();
            locationNames.add(string(frame < 0 ? FrameNames.NO_FRAMES : frames.name(frame)));
            locationOf[slot] = loc;
        }
        return loc;
    }

    /** The stack of the first {@code n} of {@code locations} (leaf first), adding it if new. */
    int stack(long[] locations, int n) {
        long[] s = Arrays.copyOf(locations, n);
        Key k = new Key(s);
        Integer i = stackIndex.get(k);
        if (i != null) {
            return i;
        }
        int next = stacks.size();
        stacks.add(s);
        stackIndex.put(k, next);
        return next;
    }

    /** The attribute {@code key} = the string {@code value}, adding it if new. */
    int attribute(String key, String value) {
        return attribute(key, value, 0);
    }

    /** The attribute {@code key} = the integer {@code value}, adding it if new. */
    int attribute(String key, long value) {
        return attribute(key, null, value);
    }

    private int attribute(String key, String str, long num) {
        String id = str != null ? key + "\u0000s" + str : key + "\u0000i" + num;
        Integer i = attributeIndex.get(id);
        if (i != null) {
            return i;
        }
        int next = attributes.size();
        attributes.add(new Attribute(string(key), str, num));
        attributeIndex.put(id, next);
        return next;
    }

    /** The dictionary as field {@code field} of the message being written, its tables in field-number order. */
    void write(ProtoOutput out, int field) throws IOException {
        out.begin(field);
        // Mapping{} at index 0, and no other.
        out.begin(Otlp.DICTIONARY_MAPPING_TABLE);
        out.end();
        for (int loc = 0; loc < locationNames.size(); loc++) {
            out.begin(Otlp.DICTIONARY_LOCATION_TABLE);
            if (loc > 0) {
                out.begin(Otlp.LOCATION_LINES);
                out.int64(Otlp.LINE_FUNCTION_INDEX, loc);
                out.end();
            }
            out.end();
        }
        for (int loc = 0; loc < locationNames.size(); loc++) {
            out.begin(Otlp.DICTIONARY_FUNCTION_TABLE);
            out.int64(Otlp.FUNCTION_NAME, locationNames.get(loc));
            out.end();
        }
        // Link{} at index 0, in the form the spec recommends: ids of their full lengths, all zero.
        out.begin(Otlp.DICTIONARY_LINK_TABLE);
        out.bytes(Otlp.LINK_TRACE_ID, new byte[16]);
        out.bytes(Otlp.LINK_SPAN_ID, new byte[8]);
        out.end();
        for (String s : strings) {
            out.string(Otlp.DICTIONARY_STRING_TABLE, s);
        }
        for (Attribute a : attributes) {
            out.begin(Otlp.DICTIONARY_ATTRIBUTE_TABLE);
            if (a != null) {
                out.int64(Otlp.KEY_VALUE_AND_UNIT_KEY, a.key);
                out.begin(Otlp.KEY_VALUE_AND_UNIT_VALUE);
                anyValue(out, a.str, a.num);
                out.end();
            }
            out.end();
        }
        for (long[] s : stacks) {
            out.begin(Otlp.DICTIONARY_STACK_TABLE);
            out.packed(Otlp.STACK_LOCATION_INDICES, s, s.length);
            out.end();
        }
        out.end();
    }

    /**
     * The fields of an {@code AnyValue} holding the string {@code str}, or the integer {@code num} where
     * {@code str} is null. Plain values rather than string-table indices: some readers (Pyroscope's) take only those.
     */
    static void anyValue(ProtoOutput out, String str, long num) throws IOException {
        if (str != null) {
            out.string(Otlp.ANY_VALUE_STRING, str);
        } else {
            // Written even when 0: a value of a oneof is there because it is set.
            out.tag(Otlp.ANY_VALUE_INT, ProtoOutput.VARINT);
            out.varint(num);
        }
    }

    /** An attribute table entry: key (string index) and a string value, or an integer one where {@code str} is null. */
    private static final class Attribute {
        final int key;
        final String str;
        final long num;

        Attribute(int key, String str, long num) {
            this.key = key;
            this.str = str;
            this.num = num;
        }
    }

    /** A list of indices as a map key (a stack; a sample's stack and attributes). Immutable: the array is not changed after. */
    static final class Key {
        private final long[] values;
        private final int hash;

        Key(long[] values) {
            this.values = values;
            this.hash = Arrays.hashCode(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(values, ((Key) o).values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}

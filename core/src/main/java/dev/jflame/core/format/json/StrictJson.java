package dev.jflame.core.format.json;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The JSON reading that {@link JsonProfileReader} and {@link JsonTimeline} share, so that a damaged file
 * reads the same wherever it is damaged: each value's type is checked before it is taken, a value that
 * is not what the format says is a {@link Corrupt} naming where it is ({@code tree.parent[3]}), and the
 * message says so in one wording. Moving through the text (names, skipping, the ends of objects and
 * arrays) passes straight to Gson's streaming reader; its own complaints (bad syntax, a cut-off file)
 * stay {@link IOException}s for the caller to word. One per reading; not thread-safe.
 */
final class StrictJson {
    /** How every message about a damaged profile starts. */
    static final String CORRUPT = "corrupt jflame profile: ";
    /** Longest excerpt of a bad value quoted in a message. */
    private static final int QUOTE = 60;

    private final JsonReader r;

    StrictJson(InputStream in) {
        r = new JsonReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
    }

    /** A profile that is JSON but breaks the format; the message says where, without {@link #CORRUPT}. */
    static final class Corrupt extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Corrupt(String message) {
            super(message, null, false, false);
        }

        IOException toIOException() {
            return new IOException(CORRUPT + getMessage());
        }
    }

    JsonToken peek() throws IOException {
        return r.peek();
    }

    boolean hasNext() throws IOException {
        return r.hasNext();
    }

    String nextName() throws IOException {
        return r.nextName();
    }

    void skipValue() throws IOException {
        r.skipValue();
    }

    void endObject() throws IOException {
        r.endObject();
    }

    void endArray() throws IOException {
        r.endArray();
    }

    void beginObject(String what) throws IOException {
        expect(JsonToken.BEGIN_OBJECT, what);
        r.beginObject();
    }

    void beginArray(String what) throws IOException {
        expect(JsonToken.BEGIN_ARRAY, what);
        r.beginArray();
    }

    String string(String what) throws IOException {
        expect(JsonToken.STRING, what);
        return r.nextString();
    }

    boolean bool(String what) throws IOException {
        expect(JsonToken.BOOLEAN, what);
        return r.nextBoolean();
    }

    /** A whole number that fits a long; anything else (a string, a fraction, 1e99) is corrupt. */
    long number(String what) throws IOException {
        return number(what, -1, null);
    }

    /** The same at {@code array[index]}: the name is built only for a message, as a column may hold millions. */
    long number(String array, int index) throws IOException {
        return number(array, index, null);
    }

    /** The same, naming what the element is in a message too: {@code timeline.runs[13] (first tick)}. */
    long number(String array, int index, String role) throws IOException {
        if (r.peek() != JsonToken.NUMBER) {
            throw notA(JsonToken.NUMBER, element(array, index, role));
        }
        try {
            return r.nextLong();
        } catch (NumberFormatException e) {
            throw new Corrupt(element(array, index, role) + " is not a whole number in range");
        }
    }

    /** A whole number, 0 or more. */
    long count(String what) throws IOException {
        long v = number(what);
        if (v < 0) {
            throw new Corrupt(what + " is negative: " + v);
        }
        return v;
    }

    private void expect(JsonToken token, String what) throws IOException {
        if (r.peek() != token) {
            throw notA(token, what);
        }
    }

    private static Corrupt notA(JsonToken token, String what) {
        switch (token) {
            case BEGIN_OBJECT: return new Corrupt(what + " is not an object");
            case BEGIN_ARRAY: return new Corrupt(what + " is not an array");
            case STRING: return new Corrupt(what + " is not a string");
            case NUMBER: return new Corrupt(what + " is not a number");
            case BOOLEAN: return new Corrupt(what + " is not true or false");
            default: throw new IllegalArgumentException("no value is expected as " + token);
        }
    }

    private static String element(String array, int index, String role) {
        return (index < 0 ? array : array + "[" + index + "]") + (role == null ? "" : " (" + role + ")");
    }

    static void require(Object value, String field) {
        if (value == null) {
            throw new Corrupt("missing field " + field);
        }
    }

    /** The constant of that name, or null: a name from a newer writer, for the caller to skip or refuse. */
    static <E extends Enum<E>> E named(E[] values, String name) {
        for (E e : values) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** A bad value for a message: briefly, since it may be anything a file holds. */
    static String quote(String s) {
        return "'" + (s.length() > QUOTE ? s.substring(0, QUOTE) + "..." : s) + "'";
    }
}

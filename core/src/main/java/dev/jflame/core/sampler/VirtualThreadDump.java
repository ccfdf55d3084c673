package dev.jflame.core.sampler;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON thread dump of JDK 25+ ({@code HotSpotDiagnosticMXBean.dumpThreads} in its JSON format)
 * and hands over each virtual thread that was not mounted on a carrier: its name, state, the class of
 * what it waits on, and its stack. Streaming: a dump of 100 000 threads is a few hundred megabytes and is
 * never held whole. A field of the wrong type is an {@link IOException}, as is bad syntax. One per
 * reading; not thread-safe.
 *
 * <p>Mounted virtual threads (the dump names their {@code carrier}) are left out: JFR's sampler gives
 * their running stacks, and the census must not count them twice. Platform threads are left out too:
 * the sampler's scan has them.
 */
final class VirtualThreadDump {
    /** What one virtual thread of the dump is handed to. */
    interface Visitor {
        /**
         * An unmounted virtual thread. {@code monitor} is the identity ({@code class@hash}) of the monitor it
         * is blocked on or waits in ({@code Object.wait}), null for a park (the dump names the blocker but
         * not who holds it).
         */
        void visit(String name, Thread.State state, String lockClass, String monitor, StackTraceElement[] stack);

        /**
         * A virtual thread mounted on a carrier: left out of the census (JFR samples its stack), but one of
         * its group's live virtual threads all the same.
         */
        default void mounted(String name) {
        }

        /** Any thread of the dump ({@code holder}: its name, or {@link #UNNAMED_VIRTUAL}) holds the monitor {@code monitor}. */
        default void owns(String holder, String monitor) {
        }
    }

    /** The name given to an unnamed virtual thread that holds a monitor. */
    static final String UNNAMED_VIRTUAL = "(virtual thread)";

    private static final StackTraceElement[] NO_FRAMES = new StackTraceElement[0];

    private VirtualThreadDump() {
    }

    /** Reads the dump from {@code in}, giving {@code visitor} each unmounted virtual thread; returns how many threads the dump listed. */
    static long read(Reader in, Visitor visitor) throws IOException {
        return new VirtualThreadDump().readAll(in, visitor);
    }

    /**
     * Frames already read, by their text: thousands of threads share most frames, and a frame read once is
     * one object however many stacks hold it. Bounded; past it, frames are made anew.
     */
    private final Map<String, StackTraceElement> frames = new HashMap<>();
    static final int MAX_FRAMES = 50_000;

    private long readAll(Reader in, Visitor visitor) throws IOException {
        JsonReader r = new JsonReader(in);
        long threads = 0;
        r.beginObject();
        while (r.hasNext()) {
            if (!r.nextName().equals("threadDump")) {
                r.skipValue();
                continue;
            }
            r.beginObject();
            while (r.hasNext()) {
                if (!r.nextName().equals("threadContainers")) {
                    r.skipValue();
                    continue;
                }
                r.beginArray();
                while (r.hasNext()) {
                    threads += container(r, visitor);
                }
                r.endArray();
            }
            r.endObject();
        }
        r.endObject();
        return threads;
    }

    private long container(JsonReader r, Visitor visitor) throws IOException {
        long n = 0;
        r.beginObject();
        while (r.hasNext()) {
            if (!r.nextName().equals("threads")) {
                r.skipValue();
                continue;
            }
            r.beginArray();
            while (r.hasNext()) {
                thread(r, visitor);
                n++;
            }
            r.endArray();
        }
        r.endObject();
        return n;
    }

    private void thread(JsonReader r, Visitor visitor) throws IOException {
        boolean virtual = false;
        boolean mounted = false;
        String name = "";
        Thread.State state = null;
        String lock = null;
        String monitor = null;
        List<String> owned = null;
        StackTraceElement[] stack = NO_FRAMES;
        r.beginObject();
        while (r.hasNext()) {
            switch (r.nextName()) {
                case "virtual":
                    virtual = r.nextBoolean();
                    break;
                case "carrier":
                    mounted = true;
                    r.skipValue();
                    break;
                case "name":
                    name = r.nextString();
                    break;
                case "state":
                    state = state(r.nextString());
                    break;
                case "parkBlocker":
                    lock = className(object(r));
                    break;
                case "blockedOn":
                case "waitingOn":
                    monitor = r.nextString();
                    lock = className(monitor);
                    break;
                case "monitorsOwned":
                    owned = monitorsOwned(r);
                    break;
                case "stack":
                    stack = stack(r);
                    break;
                default:
                    r.skipValue();
            }
        }
        r.endObject();
        if (owned != null) {
            String holder = virtual && name.isEmpty() ? UNNAMED_VIRTUAL : name;
            for (String m : owned) {
                visitor.owns(holder, m);
            }
        }
        if (virtual && state != null && state != Thread.State.TERMINATED && state != Thread.State.NEW) {
            if (mounted) {
                visitor.mounted(name);
            } else {
                visitor.visit(name, state, lock, monitor, stack);
            }
        }
    }

    /** {@code "parkBlocker": {"object": "java.util.concurrent.locks.ReentrantLock$NonfairSync@51399530", ...}}. */
    private static String object(JsonReader r) throws IOException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            r.skipValue();
            return null;
        }
        String object = null;
        r.beginObject();
        while (r.hasNext()) {
            if (r.nextName().equals("object") && r.peek() == JsonToken.STRING) {
                object = r.nextString();
            } else {
                r.skipValue();
            }
        }
        r.endObject();
        return object;
    }

    /** {@code "monitorsOwned": [{"depth": 3, "locks": ["java.lang.Object@1b6d3586", null]}, ...]}: the monitors' identities. */
    private static List<String> monitorsOwned(JsonReader r) throws IOException {
        List<String> owned = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            r.beginObject();
            while (r.hasNext()) {
                if (!r.nextName().equals("locks")) {
                    r.skipValue();
                    continue;
                }
                r.beginArray();
                while (r.hasNext()) {
                    if (r.peek() == JsonToken.STRING) {
                        owned.add(r.nextString());
                    } else {
                        r.skipValue();
                    }
                }
                r.endArray();
            }
            r.endObject();
        }
        r.endArray();
        return owned;
    }

    private static Thread.State state(String s) throws IOException {
        try {
            return Thread.State.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new IOException("thread dump: unknown thread state '" + s + "'");
        }
    }

    /** {@code java.lang.Object@618b19ad} → {@code java.lang.Object}, as the sampler names a lock's class. */
    static String className(String object) {
        if (object == null) {
            return null;
        }
        int at = object.lastIndexOf('@');
        return at > 0 ? object.substring(0, at) : object;
    }

    private StackTraceElement[] stack(JsonReader r) throws IOException {
        List<StackTraceElement> stack = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            String text = r.nextString();
            StackTraceElement f = frames.get(text);
            if (f == null) {
                f = frame(text);
                if (frames.size() < MAX_FRAMES) {
                    frames.put(text, f);
                }
            }
            stack.add(f);
        }
        r.endArray();
        return stack.toArray(NO_FRAMES);
    }

    /**
     * A frame as {@code StackTraceElement.toString()} prints it: {@code loader/module@1/class.method(File.java:12)},
     * {@code (Native Method)} or {@code (Unknown Source)}, the loader and the module optional.
     */
    static StackTraceElement frame(String s) throws IOException {
        int open = s.lastIndexOf('(');
        int dot = open < 0 ? -1 : s.lastIndexOf('.', open);
        if (open < 0 || dot < 0 || !s.endsWith(")")) {
            throw new IOException("thread dump: not a stack frame: '" + s + "'");
        }
        // Before the class, a class loader's and a module's names end in '/'; a hidden class's name has
        // one of its own ("Main$$Lambda/0x0000…").
        int slash = s.lastIndexOf('/', dot);
        while (slash >= 0 && s.startsWith("0x", slash + 1)) {
            slash = s.lastIndexOf('/', slash - 1);
        }
        String qualified = s.substring(slash + 1, dot);
        String method = s.substring(dot + 1, open);
        String where = s.substring(open + 1, s.length() - 1);
        if (where.equals("Native Method")) {
            return new StackTraceElement(qualified, method, null, -2);
        }
        int colon = where.lastIndexOf(':');
        if (colon > 0) {
            try {
                return new StackTraceElement(qualified, method, where.substring(0, colon), Integer.parseInt(where.substring(colon + 1)));
            } catch (NumberFormatException e) {
                // a file name with a colon and no line: taken whole below
            }
        }
        return new StackTraceElement(qualified, method, where.equals("Unknown Source") ? null : where, -1);
    }
}

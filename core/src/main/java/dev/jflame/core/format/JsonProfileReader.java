package dev.jflame.core.format;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Reads what {@link JsonProfileWriter} writes. Stateless and thread-safe.
 *
 * <p>Strict, because profiles come from spools and from users: every field is checked for presence
 * and type, every column's length and every index against what it points into, counts are
 * non-negative and their sum cannot overflow, and the histograms are checked before they are
 * decoded ({@link Histograms}). What the reader allocates is bounded by the input's size. Any problem
 * is an {@link IOException} with one line in jflame's words.
 */
public final class JsonProfileReader {
    /** Longest excerpt of a bad value quoted in a message. */
    private static final int QUOTE = 60;

    /** @throws IOException if the input is not a jflame JSON profile, with a one-line message saying why */
    public Profile read(InputStream in) throws IOException {
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            if (!e.isJsonObject()) {
                throw new IOException("not a jflame profile: top level is not a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException | StackOverflowError e) {
            throw new IOException("not a jflame profile: not valid JSON" + where(e.getMessage()));
        }
        JsonElement format = root.get("format");
        if (format == null || !format.isJsonPrimitive() || !JsonProfileWriter.FORMAT.equals(format.getAsString())) {
            throw new IOException("not a jflame profile: missing \"format\": \"" + JsonProfileWriter.FORMAT + "\"");
        }
        try {
            long version = number(root, "version");
            if (version != JsonProfileWriter.VERSION) {
                throw new IOException("unsupported jflame profile version " + version + " (this jflame reads " + JsonProfileWriter.VERSION + ")");
            }
            List<ProcessInfo> processes = new ArrayList<>();
            for (JsonElement p : array(root, "processes")) {
                processes.add(readProcess(object(p, "a process")));
            }
            FrameTable frames = readFrames(root);
            CallTree tree = readTree(object(root, "tree"), frames.size());
            return new Profile(frames, tree, processes);
        } catch (Corrupt e) {
            throw new IOException("corrupt jflame profile: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IOException("corrupt jflame profile: " + oneLine(e.getMessage()));
        }
    }

    /** What the checks below throw; {@link #read} turns it into the one-line IOException. */
    private static final class Corrupt extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Corrupt(String message) {
            super(message, null, false, false);
        }
    }

    private static ProcessInfo readProcess(JsonObject o) throws IOException {
        ProcessInfo p = new ProcessInfo();
        p.pid = number(o, "pid");
        p.mainClass = string(o, "mainClass");
        p.jdk = string(o, "jdk");
        p.vm = string(o, "vm");
        p.host = string(o, "host");
        p.startMillis = number(o, "startMillis");
        p.endMillis = number(o, "endMillis");
        p.intervalNanos = number(o, "intervalNanos");
        p.parentPid = number(o, "parentPid");
        p.partial = bool(o, "partial");
        JsonObject s = object(o, "stats");
        SamplerStats st = new SamplerStats(histogram(s, "tickMicros"), histogram(s, "lateMicros"), histogram(s, "tickCpuMicros"));
        st.ticks = count(s, "ticks");
        st.samples = count(s, "samples");
        st.stacksCaptured = count(s, "stacksCaptured");
        st.stacksReused = count(s, "stacksReused");
        st.waitsChecked = count(s, "waitsChecked");
        st.errors = count(s, "errors");
        st.maxThreads = (int) Math.min(Integer.MAX_VALUE, count(s, "maxThreads"));
        // Absent from profiles written before they existed.
        st.activeNanos = s.has("activeNanos") ? count(s, "activeNanos") : 0;
        st.agentSamples = s.has("agentSamples") ? count(s, "agentSamples") : 0;
        st.budgetCuts = s.has("budgetCuts") ? count(s, "budgetCuts") : 0;
        p.stats = st;
        return p;
    }

    private static Histogram histogram(JsonObject stats, String name) throws IOException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(string(object(stats, name), "hdr"));
        } catch (IllegalArgumentException e) {
            throw new Corrupt(name + " is not base64");
        }
        return Histograms.decode(bytes, name);
    }

    private static FrameTable readFrames(JsonObject root) {
        JsonArray kindNames = array(root, "frameKinds");
        JsonObject f = object(root, "frames");
        JsonArray names = array(f, "names");
        JsonArray kinds = array(f, "kinds");
        if (kinds.size() != names.size()) {
            throw new Corrupt("frames has " + names.size() + " names but " + kinds.size() + " kinds");
        }
        FrameKind[] known = new FrameKind[kindNames.size()];
        for (int k = 0; k < known.length; k++) {
            String name = string(kindNames.get(k), "frameKinds[" + k + "]");
            try {
                known[k] = FrameKind.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new Corrupt("unknown frame kind " + quote(name));
            }
        }
        FrameTable frames = new FrameTable();
        for (int i = 0; i < names.size(); i++) {
            long k = number(kinds.get(i), "frames.kinds[" + i + "]");
            if (k < 0 || k >= known.length) {
                throw new Corrupt("frame " + i + " has kind index " + k + " of " + known.length);
            }
            String name = string(names.get(i), "frames.names[" + i + "]");
            int id = frames.intern(name, known[(int) k]);
            if (id != i) {
                throw new Corrupt("duplicate frame name " + quote(name));
            }
        }
        return frames;
    }

    private static CallTree readTree(JsonObject t, int frameCount) {
        JsonArray parents = array(t, "parent");
        JsonArray frameIds = array(t, "frame");
        if (parents.size() == 0 || frameIds.size() != parents.size()) {
            throw new Corrupt("tree has " + parents.size() + " parents and " + frameIds.size() + " frames");
        }
        CallTree tree = new CallTree(parents.size());
        for (int n = 1; n < parents.size(); n++) {
            long parent = number(parents.get(n), "tree.parent[" + n + "]");
            long frame = number(frameIds.get(n), "tree.frame[" + n + "]");
            if (parent < 0 || parent >= n || frame < 0 || frame >= frameCount) {
                throw new Corrupt("bad tree node " + n + ": parent " + parent + ", frame " + frame);
            }
            int made = tree.child((int) parent, (int) frame);
            if (made != n) {
                throw new Corrupt("duplicate tree node " + n);
            }
        }
        JsonObject self = object(t, "self");
        long total = 0;
        for (SampleState s : SampleState.values()) {
            if (!self.has(s.name())) {
                continue;
            }
            JsonArray counts = array(self, s.name());
            if (counts.size() != parents.size()) {
                throw new Corrupt("tree.self." + s.name() + " has " + counts.size() + " counts for " + parents.size() + " nodes");
            }
            for (int n = 0; n < counts.size(); n++) {
                long v = number(counts.get(n), "tree.self." + s.name() + "[" + n + "]");
                if (v < 0) {
                    throw new Corrupt("negative count " + v + " at node " + n);
                }
                if (v != 0) {
                    try {
                        total = Math.addExact(total, v);
                    } catch (ArithmeticException e) {
                        throw new Corrupt("sample counts overflow");
                    }
                    tree.add(n, s, v);
                }
            }
        }
        return tree;
    }

    private static JsonElement field(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new Corrupt("missing field " + key);
        }
        return e;
    }

    private static JsonObject object(JsonObject o, String key) {
        return object(field(o, key), key);
    }

    private static JsonObject object(JsonElement e, String what) {
        if (!e.isJsonObject()) {
            throw new Corrupt(what + " is not an object");
        }
        return e.getAsJsonObject();
    }

    private static JsonArray array(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonArray()) {
            throw new Corrupt(key + " is not an array");
        }
        return e.getAsJsonArray();
    }

    private static String string(JsonObject o, String key) {
        return string(field(o, key), key);
    }

    private static String string(JsonElement e, String what) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new Corrupt(what + " is not a string");
        }
        return e.getAsString();
    }

    private static boolean bool(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new Corrupt(key + " is not true or false");
        }
        return e.getAsBoolean();
    }

    private static long number(JsonObject o, String key) {
        return number(field(o, key), key);
    }

    /** A whole number that fits a long; anything else (a string, a fraction, 1e99) is corrupt. */
    private static long number(JsonElement e, String what) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new Corrupt(what + " is not a number");
        }
        String text = e.getAsString();
        try {
            // Plain integers, all a writer of jflame's writes, without a BigDecimal each: a spool
            // file has a few numbers per node and the root reads them at exit, in the application.
            return Long.parseLong(text);
        } catch (NumberFormatException notPlain) {
            // 1e3, 12.0, out of range: decided exactly below.
        }
        try {
            return new java.math.BigDecimal(text).longValueExact();
        } catch (ArithmeticException | NumberFormatException x) {
            throw new Corrupt(what + " is not a whole number in range: " + quote(e.getAsString()));
        }
    }

    private static long count(JsonObject o, String key) {
        long v = number(o, key);
        if (v < 0) {
            throw new Corrupt(key + " is negative: " + v);
        }
        return v;
    }

    private static String quote(String s) {
        return "'" + (s.length() > QUOTE ? s.substring(0, QUOTE) + "..." : s) + "'";
    }

    /** " at line L column C" from a parser's message, or nothing: the rest of it is the parser's own advice. */
    private static String where(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line \\d+ column \\d+").matcher(message == null ? "" : message);
        return m.find() ? " at " + m.group() : "";
    }

    /** A library's message made one short line, without its class names. */
    static String oneLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        // Gson wraps its causes as "java.io.EOFException: ..." and names shaded classes: keep the words only.
        String m = message.replace('\r', ' ').replace('\n', ' ')
                .replaceAll("(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error):\\s*", "");
        int see = m.indexOf(" See https://");
        if (see > 0) {
            m = m.substring(0, see);
        }
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}

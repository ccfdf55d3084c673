package dev.jflame.core.format.json;

import com.google.gson.stream.JsonToken;
import dev.jflame.core.format.ProfileReader;
import dev.jflame.core.format.json.StrictJson.Corrupt;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerCounter;
import dev.jflame.core.model.SamplerStats;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Reads what {@link JsonProfileWriter} writes. Stateless and thread-safe.
 *
 * <p>Streaming: values go straight from the text into primitive columns, never into a tree of JSON
 * objects, because a root JVM reads its children's spool inside the application at exit (a
 * million-node child took 320 MB as a JSON tree; as columns it is a few bytes per node). What the
 * reader allocates is bounded by the input's size, and a caller can bound the tree further with
 * {@link #read(InputStream, int)}.
 *
 * <p>Strict, because profiles come from spools and from users: {@code format} must come first,
 * every field is checked for presence and type ({@link StrictJson}, shared with the timeline), every
 * column's length and every index against what it points into, counts are non-negative and their
 * sum cannot overflow, and the histograms are checked before they are decoded ({@link Histograms}).
 * Unknown fields are skipped (a newer writer).
 * Any problem is an {@link IOException} with one line in jflame's words.
 */
public final class JsonProfileReader implements ProfileReader {
    @Override
    public Profile read(java.nio.file.Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** @throws IOException if the input is not a jflame JSON profile, with a one-line message saying why */
    public Profile read(InputStream in) throws IOException {
        return read(in, Integer.MAX_VALUE - 8);
    }

    /**
     * Like {@link #read(InputStream)}, refusing a profile of more than {@code maxNodes} call-tree
     * nodes (or frames) before it allocates for more.
     */
    public Profile read(InputStream in, int maxNodes) throws IOException {
        Parse parse = new Parse(new StrictJson(in), maxNodes);
        try {
            return parse.profile();
        } catch (Corrupt e) {
            throw e.toIOException();
        } catch (Unreadable e) {
            throw new IOException(e.getMessage());
        } catch (NotAProfile | TooLarge e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // The tokenizer's complaints: bad syntax, a cut-off file, a value of an unexpected type.
            String prefix = parse.recognized ? StrictJson.CORRUPT : "not a jflame profile: ";
            throw new IOException(prefix + "not valid JSON" + where(e.getMessage()));
        } catch (RuntimeException e) {
            throw new IOException(StrictJson.CORRUPT + ProfileReader.oneLine(e.getMessage()));
        }
    }

    /** A well-formed profile with more nodes than the caller allows ({@link #read(InputStream, int)}). */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /** A problem whose message is complete already: an unknown version, a histogram's. */
    private static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** One reading: the columns as they arrive, assembled into a profile at the end. */
    private static final class Parse {
        private final StrictJson r;
        private final int maxNodes;
        boolean recognized;
        private boolean versionSeen;
        private List<ProcessInfo> processes;
        private FrameKind[] kindNames;
        private List<String> frameNames;
        private int[] frameKinds;
        private int[] parents;
        private int[] frameIds;
        private final long[][] self = new long[SampleState.values().length][];
        private JsonTimeline.Read timeline;

        Parse(StrictJson r, int maxNodes) {
            this.r = r;
            this.maxNodes = maxNodes;
        }

        Profile profile() throws IOException {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new NotAProfile("top level is not a JSON object");
            }
            r.beginObject("the top level");
            if (!r.hasNext() || !"format".equals(r.nextName()) || r.peek() != JsonToken.STRING
                    || !JsonProfileWriter.FORMAT.equals(r.string("format"))) {
                throw new NotAProfile("missing \"format\": \"" + JsonProfileWriter.FORMAT + "\" as its first field");
            }
            recognized = true;
            while (r.hasNext()) {
                String name = r.nextName();
                switch (name) {
                    case "version":
                        long version = r.number("version");
                        if (version != JsonProfileWriter.VERSION) {
                            throw new Unreadable("unsupported jflame profile version " + version + " (this jflame reads " + JsonProfileWriter.VERSION + ")");
                        }
                        versionSeen = true;
                        break;
                    case "processes":
                        processes = new ArrayList<>();
                        r.beginArray("processes");
                        while (r.hasNext()) {
                            processes.add(process());
                        }
                        r.endArray();
                        break;
                    case "frameKinds":
                        kindNames = kindNames();
                        break;
                    case "frames":
                        frames();
                        break;
                    case "tree":
                        tree();
                        break;
                    case "timeline":
                        timeline = JsonTimeline.read(r);
                        break;
                    default:
                        // startMillis, endMillis (derived from the processes), or a newer writer's field.
                        r.skipValue();
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new Corrupt("text after the profile");
            }
            if (!versionSeen) {
                throw new Corrupt("missing field version");
            }
            StrictJson.require(processes, "processes");
            StrictJson.require(kindNames, "frameKinds");
            StrictJson.require(frameNames, "frames");
            StrictJson.require(parents, "tree");
            FrameTable frames = frameTable();
            CallTree tree = callTree(frames.size());
            if (timeline == null) {
                // Written before profiles had times: the tree alone.
                return new Profile(frames, tree, processes);
            }
            if (timeline.highestNode >= tree.size()) {
                throw new Corrupt("timeline names node " + timeline.highestNode + " of a tree of " + tree.size());
            }
            JsonTimeline.checkWithinTree(timeline.timeline, tree);
            return new Profile(frames, tree, processes, timeline.timeline);
        }

        private ProcessInfo process() throws IOException {
            ProcessInfo p = new ProcessInfo();
            String[] required = {"pid", "mainClass", "jdk", "vm", "host", "startMillis", "endMillis", "intervalNanos", "parentPid", "partial", "stats"};
            boolean[] seen = new boolean[required.length];
            r.beginObject("a process");
            while (r.hasNext()) {
                String name = r.nextName();
                int at = Arrays.asList(required).indexOf(name);
                if (at >= 0) {
                    seen[at] = true;
                }
                switch (name) {
                    case "pid": p.pid = r.number(name); break;
                    case "mainClass": p.mainClass = r.string(name); break;
                    // Absent from profiles written before arguments were recorded.
                    case "args": p.args = r.string(name); break;
                    case "jdk": p.jdk = r.string(name); break;
                    case "vm": p.vm = r.string(name); break;
                    case "host": p.host = r.string(name); break;
                    case "startMillis": p.startMillis = r.number(name); break;
                    case "endMillis": p.endMillis = r.number(name); break;
                    case "intervalNanos": p.intervalNanos = r.number(name); break;
                    case "parentPid": p.parentPid = r.number(name); break;
                    case "partial": p.partial = r.bool(name); break;
                    case "stats": p.stats = stats(); break;
                    // Absent from profiles written before engines: those were all "java".
                    case "engine": p.engine = r.string(name); break;
                    case "inlinedExact": p.inlinedExact = r.bool(name); break;
                    // Absent from profiles written before waits across processes, and where none was held.
                    case "endpoints": p.endpoints = endpoints(); break;
                    // Absent where no census of virtual threads ran (JDK 24 or older, vcensus=off, other sources).
                    case "virtualThreads": p.virtualThreads = JsonVirtualThreads.read(r); break;
                    default: r.skipValue();
                }
            }
            r.endObject();
            for (int i = 0; i < required.length; i++) {
                if (!seen[i]) {
                    throw new Corrupt("missing field " + required[i]);
                }
            }
            return p;
        }

        private List<String> endpoints() throws IOException {
            List<String> out = new ArrayList<>();
            r.beginArray("endpoints");
            while (r.hasNext()) {
                if (out.size() == ProcessInfo.MAX_ENDPOINTS) {
                    throw new Corrupt("more than " + ProcessInfo.MAX_ENDPOINTS + " endpoints in a process");
                }
                out.add(r.string("endpoints[" + out.size() + "]"));
            }
            r.endArray();
            return out;
        }

        private SamplerStats stats() throws IOException {
            String[] histograms = {"tickMicros", "lateMicros", "tickCpuMicros"};
            Histogram[] h = new Histogram[histograms.length];
            SamplerCounter[] counters = SamplerCounter.values();
            long[] v = new long[counters.length];
            boolean[] seen = new boolean[counters.length];
            r.beginObject("stats");
            while (r.hasNext()) {
                String name = r.nextName();
                int hist = Arrays.asList(histograms).indexOf(name);
                int counter = counterNamed(counters, name);
                if (hist >= 0) {
                    h[hist] = histogram(name);
                } else if (counter >= 0) {
                    v[counter] = r.count(name);
                    seen[counter] = true;
                } else {
                    r.skipValue();
                }
            }
            r.endObject();
            for (int i = 0; i < counters.length; i++) {
                // The others are absent from profiles written before they existed and read as 0.
                if (!seen[i] && counters[i].required()) {
                    throw new Corrupt("missing field " + counters[i].key());
                }
            }
            for (int i = 0; i < h.length; i++) {
                StrictJson.require(h[i], histograms[i]);
            }
            SamplerStats st = new SamplerStats(h[0], h[1], h[2]);
            for (int i = 0; i < counters.length; i++) {
                counters[i].set(st, v[i]);
            }
            return st;
        }

        private static int counterNamed(SamplerCounter[] counters, String name) {
            for (int i = 0; i < counters.length; i++) {
                if (counters[i].key().equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        private Histogram histogram(String name) throws IOException {
            String hdr = null;
            r.beginObject(name);
            while (r.hasNext()) {
                if ("hdr".equals(r.nextName())) {
                    hdr = r.string("hdr");
                } else {
                    r.skipValue();
                }
            }
            r.endObject();
            StrictJson.require(hdr, name + ".hdr");
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(hdr);
            } catch (IllegalArgumentException e) {
                throw new Corrupt(name + " is not base64");
            }
            try {
                return Histograms.decode(bytes, name);
            } catch (IOException e) {
                // Its message is complete; an IOException here would read as the tokenizer's.
                throw new Unreadable(e.getMessage());
            }
        }

        private FrameKind[] kindNames() throws IOException {
            List<FrameKind> known = new ArrayList<>();
            r.beginArray("frameKinds");
            while (r.hasNext()) {
                String name = r.string("frameKinds[" + known.size() + "]");
                FrameKind kind = StrictJson.named(FrameKind.values(), name);
                if (kind == null) {
                    throw new Corrupt("unknown frame kind " + StrictJson.quote(name));
                }
                known.add(kind);
            }
            r.endArray();
            return known.toArray(new FrameKind[0]);
        }

        private void frames() throws IOException {
            r.beginObject("frames");
            while (r.hasNext()) {
                String name = r.nextName();
                if ("names".equals(name)) {
                    frameNames = new ArrayList<>();
                    r.beginArray("frames.names");
                    while (r.hasNext()) {
                        limit(frameNames.size(), "frames");
                        frameNames.add(r.string("frames.names[" + frameNames.size() + "]"));
                    }
                    r.endArray();
                } else if ("kinds".equals(name)) {
                    frameKinds = indices("frames.kinds");
                } else {
                    r.skipValue();
                }
            }
            r.endObject();
            StrictJson.require(frameNames, "frames.names");
            StrictJson.require(frameKinds, "frames.kinds");
        }

        private void tree() throws IOException {
            r.beginObject("tree");
            while (r.hasNext()) {
                String name = r.nextName();
                if ("parent".equals(name)) {
                    parents = indices("tree.parent");
                } else if ("frame".equals(name)) {
                    frameIds = indices("tree.frame");
                } else if ("self".equals(name)) {
                    r.beginObject("tree.self");
                    while (r.hasNext()) {
                        String state = r.nextName();
                        SampleState s = StrictJson.named(SampleState.values(), state);
                        if (s == null) {
                            r.skipValue();
                        } else {
                            self[s.ordinal()] = counts("tree.self." + state);
                        }
                    }
                    r.endObject();
                } else {
                    r.skipValue();
                }
            }
            r.endObject();
            StrictJson.require(parents, "tree.parent");
            StrictJson.require(frameIds, "tree.frame");
        }

        private FrameTable frameTable() {
            if (frameKinds.length != frameNames.size()) {
                throw new Corrupt("frames has " + frameNames.size() + " names but " + frameKinds.length + " kinds");
            }
            FrameTable frames = new FrameTable();
            for (int i = 0; i < frameKinds.length; i++) {
                int k = frameKinds[i];
                if (k < 0 || k >= kindNames.length) {
                    throw new Corrupt("frame " + i + " has kind index " + k + " of " + kindNames.length);
                }
                String name = frameNames.get(i);
                if (frames.intern(name, kindNames[k]) != i) {
                    throw new Corrupt("duplicate frame name " + StrictJson.quote(name));
                }
            }
            return frames;
        }

        private CallTree callTree(int frameCount) {
            int n = parents.length;
            if (n == 0 || frameIds.length != n) {
                throw new Corrupt("tree has " + n + " parents and " + frameIds.length + " frames");
            }
            CallTree tree = new CallTree(n);
            for (int i = 1; i < n; i++) {
                int parent = parents[i];
                int frame = frameIds[i];
                if (parent < 0 || parent >= i || frame < 0 || frame >= frameCount) {
                    throw new Corrupt("bad tree node " + i + ": parent " + parent + ", frame " + frame);
                }
                if (tree.child(parent, frame) != i) {
                    throw new Corrupt("duplicate tree node " + i);
                }
            }
            // The columns are garbage from here on; let them go before the counts are added.
            parents = null;
            frameIds = null;
            long total = 0;
            for (SampleState s : SampleState.values()) {
                long[] counts = self[s.ordinal()];
                if (counts == null) {
                    continue;
                }
                if (counts.length != n) {
                    throw new Corrupt("tree.self." + s.name() + " has " + counts.length + " counts for " + n + " nodes");
                }
                for (int i = 0; i < n; i++) {
                    long v = counts[i];
                    if (v != 0) {
                        try {
                            total = Math.addExact(total, v);
                        } catch (ArithmeticException e) {
                            throw new Corrupt("sample counts overflow");
                        }
                        tree.add(i, s, v);
                    }
                }
                self[s.ordinal()] = null;
            }
            return tree;
        }

        /** A column of indices (-1 or more), at most {@code maxNodes} long. */
        private int[] indices(String what) throws IOException {
            int[] out = new int[16];
            int n = 0;
            r.beginArray(what);
            while (r.hasNext()) {
                limit(n, what);
                long v = r.number(what, n);
                // -1 is the writer's "none" (the root's parent and frame); callTree checks the rest.
                if (v < -1 || v > Integer.MAX_VALUE) {
                    throw new Corrupt(what + "[" + n + "] is out of range: " + v);
                }
                if (n == out.length) {
                    out = Arrays.copyOf(out, grown(n));
                }
                out[n++] = (int) v;
            }
            r.endArray();
            return Arrays.copyOf(out, n);
        }

        /** A column of non-negative counts, at most {@code maxNodes} long. */
        private long[] counts(String what) throws IOException {
            long[] out = new long[16];
            int n = 0;
            r.beginArray(what);
            while (r.hasNext()) {
                limit(n, what);
                long v = r.number(what, n);
                if (v < 0) {
                    throw new Corrupt("negative count " + v + " at node " + n);
                }
                if (n == out.length) {
                    out = Arrays.copyOf(out, grown(n));
                }
                out[n++] = v;
            }
            r.endArray();
            return Arrays.copyOf(out, n);
        }

        /** Room for more, never beyond the limit (each element has cost at least two bytes of input). */
        private int grown(int n) {
            return (int) Math.min((long) maxNodes, Math.max(16L, n * 2L));
        }

        private void limit(int n, String what) throws TooLarge {
            if (n >= maxNodes) {
                throw new TooLarge("profile too large: " + what + " has more than " + maxNodes + " entries, the limit here");
            }
        }
    }

    /** Input that is JSON but not a jflame profile. */
    private static final class NotAProfile extends IOException {
        private static final long serialVersionUID = 1L;

        NotAProfile(String why) {
            super("not a jflame profile: " + why);
        }
    }

    /** " at line L column C" from a parser's message, or nothing: the rest of it is the parser's own advice. */
    private static String where(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line \\d+ column \\d+").matcher(message == null ? "" : message);
        return m.find() ? " at " + m.group() : "";
    }
}

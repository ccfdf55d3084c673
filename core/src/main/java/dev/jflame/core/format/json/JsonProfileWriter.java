package dev.jflame.core.format.json;

import com.google.gson.stream.JsonWriter;
import dev.jflame.core.format.ProfileWriter;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerCounter;
import dev.jflame.core.model.SamplerStats;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.HdrHistogram.Histogram;

/**
 * The full profile as JSON, the format profiles are merged from. Stateless and thread-safe.
 *
 * <p>Layout (version 1): {@code processes} (metadata and sampler statistics, histograms included in
 * HdrHistogram's compressed form, and, where a census of virtual threads ran, each group's counts over
 * time), {@code frames} ({@code names}, {@code kinds} as indices into
 * {@code frameKinds}), and the tree as columns: {@code parent} and {@code frame} per node (node 0 is
 * the root; a parent always precedes its children) and {@code self}, per state, each node's own count;
 * then {@code timeline}, when the profile has times ({@link JsonTimeline}).
 */
public final class JsonProfileWriter implements ProfileWriter {
    static final String FORMAT = "jflame-profile";
    static final int VERSION = 1;
    /**
     * The encoding of a histogram with no values, written for each process that recorded none: an import of
     * tens of thousands of process roots would otherwise encode (and compress) three empty histograms each. A
     * literal (the encoding of an empty {@code PackedHistogram(60 000 000, 2)}, the range {@link SamplerStats} keeps):
     * encoding it here loaded the histogram and compression classes into every profiled JVM at its exit
     * (~3 ms), and profiles read back and written again stay byte-for-byte the same. {@code JsonProfileWriterTest}
     * checks it against the encoding.
     */
    static final String EMPTY_HDR = "HISTFAAAAB94nJNpmSzMwMDAyAABTFAazGee3M5g/wEqAgBJcwOX";

    @Override
    public void write(Profile profile, OutputStream out) throws IOException {
        JsonWriter w = new JsonWriter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
        w.beginObject();
        w.name("format").value(FORMAT);
        w.name("version").value(VERSION);
        w.name("startMillis").value(profile.startMillis());
        w.name("endMillis").value(profile.endMillis());
        w.name("processes").beginArray();
        for (ProcessInfo p : profile.processes()) {
            writeProcess(w, p);
        }
        w.endArray();
        writeFrames(w, profile.frames());
        writeTree(w, profile.tree());
        JsonTimeline.write(w, profile.timeline());
        w.endObject();
        w.flush();
    }

    private static void writeProcess(JsonWriter w, ProcessInfo p) throws IOException {
        w.beginObject();
        w.name("pid").value(p.pid);
        w.name("mainClass").value(p.mainClass);
        w.name("args").value(p.args);
        w.name("jdk").value(p.jdk);
        w.name("vm").value(p.vm);
        w.name("host").value(p.host);
        w.name("startMillis").value(p.startMillis);
        w.name("endMillis").value(p.endMillis);
        w.name("intervalNanos").value(p.intervalNanos);
        w.name("parentPid").value(p.parentPid);
        w.name("partial").value(p.partial);
        w.name("engine").value(p.engine);
        w.name("inlinedExact").value(p.inlinedExact);
        if (!p.endpoints.isEmpty()) {
            w.name("endpoints").beginArray();
            for (String e : p.endpoints) {
                w.value(e);
            }
            w.endArray();
        }
        JsonVirtualThreads.write(w, p.virtualThreads);
        SamplerStats s = p.stats;
        w.name("stats").beginObject();
        for (SamplerCounter c : SamplerCounter.values()) {
            w.name(c.key()).value(c.of(s));
        }
        writeHistogram(w, "tickMicros", s.tickMicros());
        writeHistogram(w, "lateMicros", s.lateMicros());
        writeHistogram(w, "tickCpuMicros", s.tickCpuMicros());
        w.endObject();
        w.endObject();
    }

    private static void writeHistogram(JsonWriter w, String name, Histogram h) throws IOException {
        // An empty histogram's percentiles are 0, but finding them walks every bucket: a JVM that ends before
        // its first tick spent ~5 ms of its exit on it, interpreted.
        boolean empty = h.getTotalCount() == 0;
        w.name(name).beginObject();
        w.name("count").value(h.getTotalCount());
        w.name("p50").value(empty ? 0 : h.getValueAtPercentile(50));
        w.name("p90").value(empty ? 0 : h.getValueAtPercentile(90));
        w.name("p99").value(empty ? 0 : h.getValueAtPercentile(99));
        w.name("max").value(h.getMaxValue());
        w.name("mean").value(empty ? 0 : h.getMean());
        w.name("hdr").value(empty ? EMPTY_HDR : encoded(h));
        w.endObject();
    }

    static String encoded(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int len = h.encodeIntoCompressedByteBuffer(buf);
        byte[] bytes = new byte[len];
        buf.flip();
        buf.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void writeFrames(JsonWriter w, FrameTable frames) throws IOException {
        w.name("frameKinds").beginArray();
        for (FrameKind k : FrameKind.values()) {
            w.value(k.name());
        }
        w.endArray();
        w.name("frames").beginObject();
        w.name("names").beginArray();
        for (int i = 0; i < frames.size(); i++) {
            w.value(frames.name(i));
        }
        w.endArray();
        w.name("kinds").beginArray();
        for (int i = 0; i < frames.size(); i++) {
            w.value(frames.kind(i).ordinal());
        }
        w.endArray();
        w.endObject();
    }

    private static void writeTree(JsonWriter w, CallTree tree) throws IOException {
        w.name("tree").beginObject();
        w.name("parent").beginArray();
        for (int n = 0; n < tree.size(); n++) {
            w.value(tree.parent(n));
        }
        w.endArray();
        w.name("frame").beginArray();
        for (int n = 0; n < tree.size(); n++) {
            w.value(tree.frame(n));
        }
        w.endArray();
        w.name("self").beginObject();
        for (SampleState s : SampleState.values()) {
            boolean any = false;
            for (int n = 0; n < tree.size() && !any; n++) {
                any = tree.self(n, s) != 0;
            }
            if (!any) {
                continue;
            }
            w.name(s.name()).beginArray();
            for (int n = 0; n < tree.size(); n++) {
                w.value(tree.self(n, s));
            }
            w.endArray();
        }
        w.endObject();
        w.endObject();
    }
}

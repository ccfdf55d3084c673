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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** Reads what {@link JsonProfileWriter} writes. Stateless and thread-safe. */
public final class JsonProfileReader {

    /** @throws IOException if the input is not a jflame JSON profile, with a message saying why */
    public Profile read(InputStream in) throws IOException {
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            if (!e.isJsonObject()) {
                throw new IOException("not a jflame profile: top level is not a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException("not a jflame profile: " + e.getMessage(), e);
        }
        if (!root.has("format") || !JsonProfileWriter.FORMAT.equals(root.get("format").getAsString())) {
            throw new IOException("not a jflame profile: missing \"format\": \"" + JsonProfileWriter.FORMAT + "\"");
        }
        int version = root.get("version").getAsInt();
        if (version != JsonProfileWriter.VERSION) {
            throw new IOException("unsupported jflame profile version " + version + " (this jflame reads " + JsonProfileWriter.VERSION + ")");
        }
        try {
            List<ProcessInfo> processes = new ArrayList<>();
            for (JsonElement p : root.getAsJsonArray("processes")) {
                processes.add(readProcess(p.getAsJsonObject()));
            }
            FrameTable frames = readFrames(root);
            CallTree tree = readTree(root.getAsJsonObject("tree"), frames.size());
            return new Profile(frames, tree, processes);
        } catch (RuntimeException | DataFormatException e) {
            throw new IOException("corrupt jflame profile: " + e, e);
        }
    }

    private static ProcessInfo readProcess(JsonObject o) throws DataFormatException {
        ProcessInfo p = new ProcessInfo();
        p.pid = o.get("pid").getAsLong();
        p.mainClass = o.get("mainClass").getAsString();
        p.jdk = o.get("jdk").getAsString();
        p.vm = o.get("vm").getAsString();
        p.host = o.get("host").getAsString();
        p.startMillis = o.get("startMillis").getAsLong();
        p.endMillis = o.get("endMillis").getAsLong();
        p.intervalNanos = o.get("intervalNanos").getAsLong();
        p.parentPid = o.get("parentPid").getAsLong();
        p.partial = o.get("partial").getAsBoolean();
        JsonObject s = o.getAsJsonObject("stats");
        SamplerStats st = new SamplerStats(histogram(s, "tickMicros"), histogram(s, "lateMicros"), histogram(s, "tickCpuMicros"));
        st.ticks = s.get("ticks").getAsLong();
        st.samples = s.get("samples").getAsLong();
        st.stacksCaptured = s.get("stacksCaptured").getAsLong();
        st.stacksReused = s.get("stacksReused").getAsLong();
        st.waitsChecked = s.get("waitsChecked").getAsLong();
        st.errors = s.get("errors").getAsLong();
        st.maxThreads = s.get("maxThreads").getAsInt();
        // Absent from profiles written before they existed.
        st.activeNanos = s.has("activeNanos") ? s.get("activeNanos").getAsLong() : 0;
        st.agentSamples = s.has("agentSamples") ? s.get("agentSamples").getAsLong() : 0;
        st.budgetCuts = s.has("budgetCuts") ? s.get("budgetCuts").getAsLong() : 0;
        p.stats = st;
        return p;
    }

    private static Histogram histogram(JsonObject stats, String name) throws DataFormatException {
        byte[] bytes = Base64.getDecoder().decode(stats.getAsJsonObject(name).get("hdr").getAsString());
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
    }

    private static FrameTable readFrames(JsonObject root) {
        JsonArray kindNames = root.getAsJsonArray("frameKinds");
        JsonObject f = root.getAsJsonObject("frames");
        JsonArray names = f.getAsJsonArray("names");
        JsonArray kinds = f.getAsJsonArray("kinds");
        FrameTable frames = new FrameTable();
        for (int i = 0; i < names.size(); i++) {
            FrameKind kind = FrameKind.valueOf(kindNames.get(kinds.get(i).getAsInt()).getAsString());
            int id = frames.intern(names.get(i).getAsString(), kind);
            if (id != i) {
                throw new IllegalArgumentException("duplicate frame name " + names.get(i));
            }
        }
        return frames;
    }

    private static CallTree readTree(JsonObject t, int frameCount) {
        JsonArray parents = t.getAsJsonArray("parent");
        JsonArray frameIds = t.getAsJsonArray("frame");
        CallTree tree = new CallTree(parents.size());
        for (int n = 1; n < parents.size(); n++) {
            int parent = parents.get(n).getAsInt();
            int frame = frameIds.get(n).getAsInt();
            if (parent < 0 || parent >= n || frame < 0 || frame >= frameCount) {
                throw new IllegalArgumentException("bad tree node " + n + ": parent " + parent + ", frame " + frame);
            }
            int made = tree.child(parent, frame);
            if (made != n) {
                throw new IllegalArgumentException("duplicate tree node " + n);
            }
        }
        JsonObject self = t.getAsJsonObject("self");
        for (SampleState s : SampleState.values()) {
            JsonArray counts = self.getAsJsonArray(s.name());
            if (counts == null) {
                continue;
            }
            for (int n = 0; n < counts.size(); n++) {
                long v = counts.get(n).getAsLong();
                if (v != 0) {
                    tree.add(n, s, v);
                }
            }
        }
        return tree;
    }
}

package dev.jflame.flamegraph;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.PoolBalance;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.SamplerCounter;
import dev.jflame.core.model.SamplerStats;
import dev.jflame.core.model.Timeline;
import dev.jflame.core.model.VirtualThreadCounts;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Turns a profile into the JSON object the page reads. Stateless.
 *
 * <p>The tree is sent in depth-first pre-order so that a node's parent follows from depth alone:
 * {@code depth} holds, per node after the root, {@code previousDepth + 1 - depth} (0 for a first
 * child, 1 for a sibling, more when climbing back), which is one character for almost every node.
 * {@code frame} holds frame ids renumbered by first use, so hot frames get short ids and frames no
 * node uses are left out. {@code self} holds, per {@link SampleState}, the non-zero self counts as
 * (gap since the previous non-zero node, count) pairs. All three are {@link Vlq} strings.
 */
final class PageData {
    private PageData() {
    }

    /** Text is handed to the writer in pieces of about this many characters. */
    private static final int SPILL = 1 << 16;

    /** The page's data as one string, for tests. */
    static String json(Profile profile, String title) {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            write(profile, title, w);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * Writes the page's data to {@code out} as it is produced: the page of a large profile is written
     * at exit inside the application, so it is never held whole in memory.
     */
    static void write(Profile profile, String title, Writer out) throws IOException {
        write(profile, null, false, title, out);
    }

    /**
     * The data of a diff page: {@code profile} is the new side and gives the tree; {@code base} has the
     * same tree shape and node numbering ({@link dev.jflame.core.diff.ProfileDiff}) and adds a
     * {@code diff} object: its processes and per-state self counts, encoded as {@code self} is.
     *
     * @param base the base side of a diff, or null for an ordinary page
     * @param normalize whether the page compares shares of each side's total rather than raw counts
     */
    static void write(Profile profile, Profile base, boolean normalize, String title, Writer out) throws IOException {
        CallTree tree = profile.tree();
        FrameTable frames = profile.frames();
        int[] order = preOrder(tree);
        int n = order.length;

        // Frames renumbered by first use in pre-order, and each node's depth.
        int[] localId = new int[frames.size()];
        Arrays.fill(localId, -1);
        int[] usedFrames = new int[frames.size()];
        int used = 0;
        int[] depth = new int[tree.size()];
        for (int i = 1; i < n; i++) {
            int node = order[i];
            int f = tree.frame(node);
            if (localId[f] < 0) {
                localId[f] = used;
                usedFrames[used++] = f;
            }
            depth[node] = depth[tree.parent(node)] + 1;
        }

        StringBuilder b = new StringBuilder(SPILL + 4096);
        b.append("{\"v\":1,\"title\":");
        ScriptSafe.appendJsonString(b, title);
        b.append(",\"start\":").append(profile.startMillis());
        b.append(",\"end\":").append(profile.endMillis());
        b.append(",\"processes\":[");
        for (int i = 0; i < profile.processes().size(); i++) {
            appendProcess(b.append(i == 0 ? "" : ","), profile.processes().get(i));
        }
        b.append("],\"stats\":");
        appendStats(b, profile.combinedStats());
        b.append(",\"counterFacts\":");
        appendCounterFacts(b);
        appendPool(b, base == null ? PoolBalance.of(profile) : null);
        b.append(",\"kinds\":[");
        for (FrameKind k : FrameKind.values()) {
            b.append(k.ordinal() == 0 ? "" : ",").append('"').append(k.name()).append('"');
        }
        b.append("],\"states\":[");
        for (SampleState s : SampleState.values()) {
            b.append(s.ordinal() == 0 ? "" : ",").append('"').append(s.name()).append('"');
        }
        // Labels, keys and colour groups come from the state type, so the page repeats no list of states.
        b.append("],\"stateInfo\":[");
        for (SampleState s : SampleState.values()) {
            b.append(s.ordinal() == 0 ? "{\"label\":" : ",{\"label\":");
            ScriptSafe.appendJsonString(b, s.label());
            b.append(",\"key\":\"").append(s.key()).append("\",\"colour\":\"").append(s.colour()).append("\"}");
        }
        // How synthetic frames are named, so the page reads threads, locks and holders off the names it is sent.
        b.append("],\"frameNames\":{\"thread\":");
        ScriptSafe.appendJsonString(b, FrameNames.THREAD_PREFIX);
        b.append(",\"lock\":");
        ScriptSafe.appendJsonString(b, FrameNames.LOCK_PREFIX);
        b.append(",\"heldBy\":");
        ScriptSafe.appendJsonString(b, FrameNames.HELD_BY_PREFIX);
        b.append(",\"noOwner\":");
        ScriptSafe.appendJsonString(b, FrameNames.NO_OWNER);
        b.append(",\"waitsForPid\":");
        ScriptSafe.appendJsonString(b, FrameNames.WAITS_FOR_PID_PREFIX);
        b.append("},\"names\":[");
        for (int i = 0; i < used; i++) {
            ScriptSafe.appendJsonString(b.append(i == 0 ? "" : ","), frames.name(usedFrames[i]));
            spill(b, out);
        }
        b.append("],\"frameKinds\":\"");
        for (int i = 0; i < used; i++) {
            b.append((char) ('0' + frames.kind(usedFrames[i]).ordinal()));
            spill(b, out);
        }
        b.append('"');
        b.append(",\"n\":").append(n);
        b.append(",\"frame\":\"");
        for (int i = 1; i < n; i++) {
            Vlq.append(b, localId[tree.frame(order[i])]);
            spill(b, out);
        }
        b.append("\",\"depth\":\"");
        int prevDepth = 0;
        for (int i = 1; i < n; i++) {
            int d = depth[order[i]];
            Vlq.append(b, prevDepth + 1 - d);
            prevDepth = d;
            spill(b, out);
        }
        b.append("\",\"self\":");
        appendCounts(b, out, tree, order);
        if (base == null) {
            // A diff's tree is the union of two runs' trees, which have no common time axis: no timeline there.
            appendTimeline(b, out, profile.timeline(), order);
        }
        if (base != null) {
            b.append(",\"diff\":{\"normalize\":").append(normalize);
            b.append(",\"start\":").append(base.startMillis());
            b.append(",\"end\":").append(base.endMillis());
            b.append(",\"processes\":[");
            for (int i = 0; i < base.processes().size(); i++) {
                appendProcess(b.append(i == 0 ? "" : ","), base.processes().get(i));
            }
            b.append("],\"base\":");
            appendCounts(b, out, base.tree(), order);
            b.append('}');
        }
        b.append('}');
        out.append(b);
    }

    /**
     * Per {@link SampleState}, the nodes' non-zero self counts as (gap since the previous non-zero
     * node, count) pairs, nodes in {@code order}.
     */
    private static void appendCounts(StringBuilder b, Writer out, CallTree tree, int[] order) throws IOException {
        b.append('[');
        for (SampleState s : SampleState.values()) {
            b.append(s.ordinal() == 0 ? "\"" : ",\"");
            int last = -1;
            for (int i = 0; i < order.length; i++) {
                long v = tree.self(order[i], s);
                if (v != 0) {
                    Vlq.append(b, i - last - 1);
                    Vlq.append(b, v);
                    last = i;
                    spill(b, out);
                }
            }
            b.append('"');
        }
        b.append(']');
    }

    /**
     * The timeline as {@code "time":{"cell":width ms,"first":absolute index of the first cell,"n":cells,"cells":vlq}};
     * per cell, its entry count, then its entries in page order as (node's page index minus the previous
     * entry's, state, count). Nothing when the profile has no times.
     */
    private static void appendTimeline(StringBuilder b, Writer out, Timeline t, int[] order) throws IOException {
        if (t.isEmpty()) {
            return;
        }
        int[] pageIndex = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            pageIndex[order[i]] = i;
        }
        b.append(",\"time\":{\"cell\":").append(t.cellMillis());
        b.append(",\"first\":").append(t.firstCell());
        b.append(",\"n\":").append(t.cellCount());
        b.append(",\"cells\":\"");
        // (page index, state) in the high half and the count in the low one: a sort puts a cell in page
        // order. Page indices stay under 2^28 (a tree that large would not fit a heap), so the key stays positive.
        long[] keys = new long[16];
        for (int c = 0; c < t.cellCount(); c++) {
            int k = t.entriesIn(c);
            if (keys.length < k) {
                keys = new long[k];
            }
            long[] ks = keys;
            int[] fill = {0};
            t.forEach(c, (node, state, count) -> ks[fill[0]++] = ((long) pageIndex[node] << 3 | state.ordinal()) << 32 | count);
            Arrays.sort(ks, 0, k);
            // A node's samples may come from the cell and from a wait's run: one entry with their sum.
            int m = 0;
            for (int e = 0; e < k; e++) {
                if (m > 0 && ks[m - 1] >>> 32 == ks[e] >>> 32) {
                    ks[m - 1] += Math.min(ks[e] & 0xFFFFFFFFL, 0x7FFFFFFFL - (ks[m - 1] & 0xFFFFFFFFL));
                } else {
                    ks[m++] = ks[e];
                }
            }
            Vlq.append(b, m);
            long prev = 0;
            for (int e = 0; e < m; e++) {
                long key = ks[e] >>> 32;
                Vlq.append(b, (key >>> 3) - prev);
                Vlq.append(b, key & 7);
                Vlq.append(b, ks[e] & 0xFFFFFFFFL);
                prev = key >>> 3;
            }
            spill(b, out);
        }
        b.append("\"}");
    }

    /** Hands the text so far to {@code out} once there is enough of it. */
    private static void spill(StringBuilder b, Writer out) throws IOException {
        if (b.length() >= SPILL) {
            out.append(b);
            b.setLength(0);
        }
    }

    /** Node ids in depth-first pre-order, children in creation order; the root first. */
    static int[] preOrder(CallTree tree) {
        int[][] index = tree.childIndex();
        int[] start = index[0];
        int[] kids = index[1];
        int[] out = new int[tree.size()];
        int[] stack = new int[tree.size()];
        int top = 0;
        int n = 0;
        stack[top++] = CallTree.ROOT;
        while (top > 0) {
            int node = stack[--top];
            out[n++] = node;
            for (int c = start[node + 1] - 1; c >= start[node]; c--) {
                stack[top++] = kids[c];
            }
        }
        return out;
    }

    /** Which way a pool leans ({@link PoolBalance}), for the header's sentence; nothing where there is no pool or no wait across it. */
    private static void appendPool(StringBuilder b, PoolBalance pool) {
        if (pool == null) {
            return;
        }
        b.append(",\"pool\":{\"master\":");
        ScriptSafe.appendJsonString(b, pool.master.mainClass);
        b.append(",\"masterPid\":").append(pool.master.pid);
        b.append(",\"workers\":").append(pool.workers);
        b.append(",\"workersWaited\":").append(pool.workersWaited());
        b.append(",\"masterWaited\":").append(pool.masterWaited());
        b.append('}');
    }

    private static void appendProcess(StringBuilder b, ProcessInfo p) {
        b.append("{\"pid\":").append(p.pid);
        b.append(",\"main\":");
        ScriptSafe.appendJsonString(b, p.mainClass == null ? "unknown" : p.mainClass);
        b.append(",\"args\":");
        ScriptSafe.appendJsonString(b, p.args == null ? "" : p.args);
        // The frame that stands for this process in a merged tree: how the page finds its node.
        b.append(",\"root\":");
        ScriptSafe.appendJsonString(b, p.rootFrameName());
        b.append(",\"jdk\":");
        ScriptSafe.appendJsonString(b, p.jdk == null ? "" : p.jdk);
        b.append(",\"vm\":");
        ScriptSafe.appendJsonString(b, p.vm == null ? "" : p.vm);
        b.append(",\"host\":");
        ScriptSafe.appendJsonString(b, p.host == null ? "" : p.host);
        b.append(",\"start\":").append(p.startMillis);
        b.append(",\"end\":").append(p.endMillis);
        b.append(",\"intervalNanos\":").append(p.intervalNanos);
        b.append(",\"parentPid\":").append(p.parentPid);
        b.append(",\"partial\":").append(p.partial);
        b.append(",\"engine\":");
        ScriptSafe.appendJsonString(b, p.engine);
        b.append(",\"engineText\":");
        ScriptSafe.appendJsonString(b, p.engineText());
        b.append(",\"inlinedExact\":").append(p.inlinedExact);
        b.append(",\"samples\":").append(p.stats.samples);
        b.append(",\"ticks\":").append(p.stats.ticks);
        b.append(",\"activeNanos\":").append(p.stats.activeNanos);
        b.append(",\"tick\":");
        appendHistogram(b, p.stats.tickMicros());
        appendVirtualThreads(b, p.virtualThreads);
        b.append('}');
    }

    /**
     * Each virtual-thread group's live count at each census, under the name of the thread frame the
     * group's samples are under ({@link FrameNames#virtualThreads}), so the page finds its lane by the
     * frame it already has: {@code "vthreads":[{"thread":…,"per":censuses a point,"at":[ms…],"n":[count…]}]}.
     */
    private static void appendVirtualThreads(StringBuilder b, VirtualThreadCounts v) {
        if (v.isEmpty()) {
            return;
        }
        b.append(",\"vthreads\":[");
        String sep = "{";
        for (VirtualThreadCounts.Series s : v.groups()) {
            b.append(sep).append("\"thread\":");
            ScriptSafe.appendJsonString(b, FrameNames.virtualThreads(s.group));
            b.append(",\"per\":").append(s.perPoint()).append(",\"at\":[");
            for (int i = 0; i < s.size(); i++) {
                b.append(i == 0 ? "" : ",").append(s.atMillis(i));
            }
            b.append("],\"n\":[");
            for (int i = 0; i < s.size(); i++) {
                b.append(i == 0 ? "" : ",").append(s.count(i));
            }
            b.append("]}");
            sep = ",{";
        }
        b.append(']');
    }

    private static void appendStats(StringBuilder b, SamplerStats s) {
        char sep = '{';
        for (SamplerCounter c : SamplerCounter.values()) {
            b.append(sep).append('"').append(c.key()).append("\":").append(c.of(s));
            sep = ',';
        }
        b.append(",\"tick\":");
        appendHistogram(b, s.tickMicros());
        b.append(",\"late\":");
        appendHistogram(b, s.lateMicros());
        b.append('}');
    }

    /**
     * How the header shows the counters it shows, from their table, in the header's order: the page loops
     * over this list and repeats none of it.
     */
    private static void appendCounterFacts(StringBuilder b) {
        List<SamplerCounter> shown = new ArrayList<>();
        for (SamplerCounter c : SamplerCounter.values()) {
            if (c.fact() != null) {
                shown.add(c);
            }
        }
        shown.sort(Comparator.comparingInt(c -> c.fact().order));
        b.append('[');
        for (int i = 0; i < shown.size(); i++) {
            SamplerCounter.PageFact f = shown.get(i).fact();
            b.append(i == 0 ? "{\"key\":\"" : ",{\"key\":\"").append(shown.get(i).key()).append("\",\"label\":");
            ScriptSafe.appendJsonString(b, f.label);
            b.append(",\"text\":");
            ScriptSafe.appendJsonString(b, f.text);
            if (f.tip != null) {
                b.append(",\"tip\":");
                ScriptSafe.appendJsonString(b, f.tip);
            }
            b.append(",\"warn\":").append(f.warn).append('}');
        }
        b.append(']');
    }

    /** Percentiles in microseconds; an empty histogram reports count 0 and the page shows a dash. */
    private static void appendHistogram(StringBuilder b, Histogram h) {
        long count = h.getTotalCount();
        b.append("{\"count\":").append(count);
        if (count > 0) {
            b.append(",\"p50\":").append(h.getValueAtPercentile(50));
            b.append(",\"p99\":").append(h.getValueAtPercentile(99));
            b.append(",\"max\":").append(h.getMaxValue());
            b.append(",\"mean\":").append(Math.round(h.getMean()));
        }
        b.append('}');
    }
}

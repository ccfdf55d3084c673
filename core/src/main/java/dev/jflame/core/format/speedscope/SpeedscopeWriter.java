package dev.jflame.core.format.speedscope;

import com.google.gson.stream.JsonWriter;
import dev.jflame.core.format.ProfileFormat;
import dev.jflame.core.format.ProfileWriter;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Stateless and thread-safe writer of speedscope's file format
 * ({@value #SCHEMA}); like every writer, it must not run while the profile changes.
 *
 * <p>Each thread of each process becomes one {@code sampled} profile, so speedscope's profile
 * selector lists the threads with their weights. A profile's stacks are root first and leave out the
 * thread frame and the process root (both are in the profile's name, {@code main — pid 1234 app.Main}
 * when there is more than one process, {@code main} otherwise); state leaves such as
 * {@code [BLOCKED on java.lang.Object]} stay, so time spent waiting is drawn. Samples under no thread
 * frame go to a {@value #NO_THREAD} profile, and a sample with no frames left gets
 * {@value FrameNames#NO_FRAMES}: speedscope neither draws nor counts an empty stack.
 *
 * <p>Each unique stack is one sample whose weight is its count times its process's sampling
 * interval, unit {@code nanoseconds}. When the interval of some samples is unknown (their process's
 * is 0, or they belong to no process of the profile's list), every profile of the file is written in
 * sample counts (unit {@code none}) instead: an interval made up for one process would be compared
 * with measured ones in speedscope's profile selector and in the choice of the profile shown first,
 * the heaviest.
 *
 * <p>Frames are shared by all profiles, index for index with the profile's {@link FrameTable}. The
 * writer holds a few arrays the size of the call tree, whatever the number of samples.
 */
public final class SpeedscopeWriter implements ProfileWriter {
    static final String SCHEMA = ProfileFormat.SPEEDSCOPE_SCHEMA;
    static final String NO_THREAD = "(no thread)";
    static final String NANOSECONDS = "nanoseconds";
    static final String COUNTS = "none";
    /** Joins a thread's name to its process's: an em dash, which thread and class names rarely hold. */
    private static final String SEPARATOR = " \u2014 ";

    @Override
    public void write(Profile profile, OutputStream out) throws IOException {
        CallTree tree = profile.tree();
        FrameTable frames = profile.frames();
        int[][] index = tree.childIndex();
        Plan plan = new Plan(profile, index[0], index[1]);
        int noFrames = frames.find(FrameNames.NO_FRAMES);
        boolean extraFrame = noFrames < 0 && plan.emptyStacks;
        if (extraFrame) {
            noFrames = frames.size();
        }

        JsonWriter w = new JsonWriter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
        w.beginObject();
        w.name("$schema").value(SCHEMA);
        w.name("name").value(fileName(profile.processes()));
        w.name("exporter").value(exporter());
        w.name("activeProfileIndex").value(plan.heaviest());
        w.name("shared").beginObject();
        w.name("frames").beginArray();
        for (int f = 0; f < frames.size(); f++) {
            w.beginObject().name("name").value(frames.name(f)).endObject();
        }
        if (extraFrame) {
            w.beginObject().name("name").value(FrameNames.NO_FRAMES).endObject();
        }
        w.endArray();
        w.endObject();
        w.name("profiles").beginArray();
        for (Part part : plan.parts) {
            writePart(w, plan, part, noFrames);
        }
        w.endArray();
        w.endObject();
        w.flush();
    }

    private static void writePart(JsonWriter w, Plan plan, Part part, int noFrames) throws IOException {
        long unit = plan.counts ? 1 : part.interval;
        w.beginObject();
        w.name("type").value("sampled");
        w.name("name").value(part.name);
        w.name("unit").value(plan.counts ? COUNTS : NANOSECONDS);
        w.name("startValue").value(0);
        w.name("endValue").value(part.samples * unit);
        // The two arrays are parallel; walking the tree twice in the same order keeps them so without
        // holding either in memory.
        w.name("samples").beginArray();
        plan.forEachStack(part, (path, length, count) -> {
            w.beginArray();
            if (length == 0) {
                w.value(noFrames);
            }
            for (int i = 0; i < length; i++) {
                w.value(path[i]);
            }
            w.endArray();
        });
        w.endArray();
        w.name("weights").beginArray();
        plan.forEachStack(part, (path, length, count) -> w.value(count * unit));
        w.endArray();
        w.endObject();
    }

    /** The file's title in speedscope: the main class, and how many other processes there are. */
    static String fileName(List<ProcessInfo> processes) {
        if (processes.isEmpty()) {
            return "jflame profile";
        }
        ProcessInfo first = processes.get(0);
        String main = "unknown".equals(first.mainClass) ? "pid " + first.pid : first.mainClass;
        int more = processes.size() - 1;
        return more == 0 ? main : main + " and " + more + (more == 1 ? " more process" : " more processes");
    }

    private static String exporter() {
        // Set in the shaded jar's manifest; absent when core runs from its own classes (tests).
        String v = SpeedscopeWriter.class.getPackage().getImplementationVersion();
        return v == null ? "jflame" : "jflame@" + v;
    }

    /** One speedscope profile: a thread's subtree, or what a scope holds outside its threads. */
    private static final class Part {
        final String name;
        /** The thread node, or the scope (root or process node) of the samples outside its threads. */
        final int node;
        final boolean thread;
        final long interval;
        /** Samples in the part, counted before writing so that endValue can precede the samples. */
        final long samples;

        Part(String name, int node, boolean thread, long interval, long samples) {
            this.name = name;
            this.node = node;
            this.thread = thread;
            this.interval = interval;
            this.samples = samples;
        }
    }

    private interface StackSink {
        /** A stack of {@code length} frame ids, root first, with {@code count} samples. */
        void stack(int[] path, int length, long count) throws IOException;
    }

    /** The parts of a profile in tree order, with the tree's child index to walk them. */
    private static final class Plan {
        final List<Part> parts = new ArrayList<>();
        /** True when some part's interval is unknown: the whole file is in sample counts. */
        final boolean counts;
        /** Whether some samples have no frame below their thread or process: they need one. */
        boolean emptyStacks;
        private final CallTree tree;
        private final FrameTable frames;
        private final int[] start;
        private final int[] order;
        /** Samples at or below each node. */
        private final long[] subtree;
        private final Map<String, ProcessInfo> byRoot;
        private int[] nodes = new int[64];
        private int[] depths = new int[64];
        private int[] path = new int[64];

        Plan(Profile profile, int[] start, int[] order) {
            this.tree = profile.tree();
            this.frames = profile.frames();
            this.start = start;
            this.order = order;
            byRoot = profile.processesByRootFrame();
            subtree = new long[tree.size()];
            // Children have larger indices than their parents: one backwards pass sums every subtree.
            for (int n = tree.size() - 1; n >= 0; n--) {
                subtree[n] += tree.selfTotal(n);
                if (n != CallTree.ROOT) {
                    subtree[tree.parent(n)] += subtree[n];
                }
            }
            // A single-process profile has no process frame: its threads hang from the root.
            List<ProcessInfo> processes = profile.processes();
            ProcessInfo only = processes.size() == 1 ? processes.get(0) : null;
            split(CallTree.ROOT, only, "");
            boolean unknown = false;
            for (Part p : parts) {
                unknown |= p.interval <= 0;
            }
            counts = unknown;
        }

        private void split(int scope, ProcessInfo process, String suffix) {
            long interval = process == null ? 0 : process.intervalNanos;
            long outside = tree.selfTotal(scope);
            emptyStacks |= outside > 0;
            for (int c = start[scope]; c < start[scope + 1]; c++) {
                int child = order[c];
                if (subtree[child] == 0) {
                    continue;
                }
                FrameKind kind = frames.kind(tree.frame(child));
                String name = frames.name(tree.frame(child));
                if (!separate(scope, child)) {
                    outside += subtree[child];
                } else if (kind == FrameKind.THREAD) {
                    emptyStacks |= tree.selfTotal(child) > 0;
                    parts.add(new Part(FrameNames.unwrapped(name) + suffix, child, true, interval, subtree[child]));
                } else {
                    split(child, byRoot.get(name), SEPARATOR + FrameNames.unwrapped(name));
                }
            }
            if (outside > 0) {
                parts.add(new Part(NO_THREAD + suffix, scope, false, interval, outside));
            }
        }

        /**
         * Whether a child of a scope (the root or a process node) has profiles of its own: a thread,
         * or a process under the root. Anything else is in its scope's {@value SpeedscopeWriter#NO_THREAD} profile.
         */
        private boolean separate(int scope, int child) {
            FrameKind kind = frames.kind(tree.frame(child));
            return kind == FrameKind.THREAD || (kind == FrameKind.PROCESS && scope == CallTree.ROOT);
        }

        /** Index of the part with the most weight; the first of equals. */
        int heaviest() {
            int best = 0;
            for (int i = 1; i < parts.size(); i++) {
                if (weight(parts.get(i)) > weight(parts.get(best))) {
                    best = i;
                }
            }
            return best;
        }

        private long weight(Part p) {
            return counts ? p.samples : p.samples * p.interval;
        }

        /** Every stack of the part with its own samples, depth first in the tree's child order. */
        void forEachStack(Part part, StackSink sink) throws IOException {
            if (part.thread) {
                walk(part.node, false, sink);
                return;
            }
            long self = tree.selfTotal(part.node);
            if (self > 0) {
                sink.stack(path, 0, self);
            }
            for (int c = start[part.node]; c < start[part.node + 1]; c++) {
                if (!separate(part.node, order[c])) {
                    walk(order[c], true, sink);
                }
            }
        }

        /**
         * Depth-first walk of {@code top}'s subtree with an explicit stack, so a deep tree cannot
         * overflow the thread's; {@code withTop} says whether {@code top}'s frame is in the stacks.
         */
        private void walk(int top, boolean withTop, StackSink sink) throws IOException {
            int sp = 0;
            nodes[sp] = top;
            depths[sp++] = 0;
            while (sp > 0) {
                int node = nodes[--sp];
                int depth = depths[sp];
                if (node != top || withTop) {
                    if (depth == path.length) {
                        path = Arrays.copyOf(path, depth * 2);
                    }
                    path[depth++] = tree.frame(node);
                }
                long self = tree.selfTotal(node);
                if (self > 0) {
                    sink.stack(path, depth, self);
                }
                // Pushed last to first, so children come out in the child index's order.
                for (int c = start[node + 1] - 1; c >= start[node]; c--) {
                    if (subtree[order[c]] == 0) {
                        continue;
                    }
                    if (sp == nodes.length) {
                        nodes = Arrays.copyOf(nodes, sp * 2);
                        depths = Arrays.copyOf(depths, sp * 2);
                    }
                    nodes[sp] = order[c];
                    depths[sp++] = depth;
                }
            }
        }
    }
}

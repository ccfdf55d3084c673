package dev.jflame.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A complete profile: interned frames, the call tree and the metadata of every process in it.
 * Not thread-safe; the sampler hands out {@link #copy() copies} taken under its lock.
 *
 * <p>A single-process profile's tree starts at thread frames; a merged one puts a
 * {@link FrameKind#PROCESS} frame above each process's threads.
 */
public final class Profile {
    private final FrameTable frames;
    private final CallTree tree;
    private final List<ProcessInfo> processes;
    private final Timeline timeline;

    public Profile() {
        this(new FrameTable(), new CallTree(), new ArrayList<>());
    }

    public Profile(FrameTable frames, CallTree tree, List<ProcessInfo> processes) {
        this(frames, tree, processes, new Timeline());
    }

    public Profile(FrameTable frames, CallTree tree, List<ProcessInfo> processes, Timeline timeline) {
        this.frames = frames;
        this.tree = tree;
        this.processes = processes;
        this.timeline = timeline;
    }

    public FrameTable frames() {
        return frames;
    }

    public CallTree tree() {
        return tree;
    }

    public List<ProcessInfo> processes() {
        return processes;
    }

    /** When the tree's samples were taken; empty for a profile read from a source without times (folded stacks). */
    public Timeline timeline() {
        return timeline;
    }

    /** Each process by the name of the frame that stands for it in a merged tree ({@link ProcessInfo#rootFrameName()}). */
    public java.util.Map<String, ProcessInfo> processesByRootFrame() {
        java.util.Map<String, ProcessInfo> byRoot = new java.util.LinkedHashMap<>();
        for (ProcessInfo p : processes) {
            byRoot.put(p.rootFrameName(), p);
        }
        return byRoot;
    }

    /** True if the tree has process root frames (more than one process was merged). */
    public boolean hasProcessRoots() {
        return processes.size() > 1;
    }

    public long startMillis() {
        long m = Long.MAX_VALUE;
        for (ProcessInfo p : processes) {
            m = Math.min(m, p.startMillis);
        }
        return processes.isEmpty() ? 0 : m;
    }

    public long endMillis() {
        long m = 0;
        for (ProcessInfo p : processes) {
            m = Math.max(m, p.endMillis);
        }
        return m;
    }

    /** Statistics of all processes added together. */
    public SamplerStats combinedStats() {
        SamplerStats s = new SamplerStats();
        for (ProcessInfo p : processes) {
            s.add(p.stats);
        }
        return s;
    }

    /** Samples at or below frames of the given kind, e.g. everything under {@code [jflame]}. */
    public long samplesUnder(FrameKind kind) {
        boolean[] under = new boolean[tree.size()];
        long sum = 0;
        // Parents precede children, so one forward pass sees a node's parent before the node.
        for (int n = 1; n < tree.size(); n++) {
            under[n] = under[tree.parent(n)] || frames.kind(tree.frame(n)) == kind;
            if (under[n]) {
                sum += tree.selfTotal(n);
            }
        }
        return sum;
    }

    /** A deep copy: frames, tree, timeline and metadata. Its nodes are numbered as this tree's (its frames are not). */
    public Profile copy() {
        Profile c = new Profile();
        c.graft(this, CallTree.ROOT);
        List<ProcessInfo> ps = new ArrayList<>();
        for (ProcessInfo p : processes) {
            ps.add(p.copy());
        }
        c.processes.addAll(ps);
        return c;
    }

    /**
     * Forgets every sample, in the tree and the timeline, and keeps the tree's nodes and the frames: what
     * a period of push mode does after its samples were copied out.
     */
    public void clearSamples() {
        tree.clearCounts();
        timeline.clear();
    }

    /**
     * Adds all of {@code other}'s samples under {@code at} in this tree, re-interning its frames; its
     * timeline's entries join this one's.
     * Used by {@link #copy()} and by merging.
     */
    public void graft(Profile other, int at) {
        graft(other, CallTree.ROOT, at);
    }

    /**
     * Adds the samples of {@code other}'s subtree below node {@code from} (the node's own included)
     * under {@code at} in this tree, re-interning its frames.
     */
    public void graft(Profile other, int from, int at) {
        graft(other, from, at, java.util.Collections.<String, String>emptyMap());
    }

    /** As {@link #graft(Profile, int, int)}, with the frames named as keys of {@code renamed} named by their values instead. */
    public void graft(Profile other, int from, int at, java.util.Map<String, String> renamed) {
        CallTree src = other.tree;
        int[] map = new int[src.size()];
        java.util.Arrays.fill(map, -1);
        map[from] = at;
        // Parents precede children, so one forward pass maps every node of the subtree.
        for (int n = from + 1; n < src.size(); n++) {
            int parent = map[src.parent(n)];
            if (parent >= 0) {
                int f = src.frame(n);
                String name = other.frames.name(f);
                map[n] = tree.child(parent, frames.intern(renamed.getOrDefault(name, name), other.frames.kind(f)));
            }
        }
        for (int n = from; n < src.size(); n++) {
            if (map[n] < 0) {
                continue;
            }
            for (int s = 0; s < SampleState.COUNT; s++) {
                long v = src.self(n, SampleState.of(s));
                if (v != 0) {
                    tree.add(map[n], SampleState.of(s), v);
                }
            }
        }
        timeline.addAll(other.timeline, map);
    }
}

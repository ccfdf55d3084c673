package dev.jflame.core.diff;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Aligns a base and a new profile into a {@link ProfileDiff}. Stateless and thread-safe; the inputs
 * are only read.
 *
 * <p>Processes are matched by main class ({@link DiffKeys#process}). When either input has process
 * roots, both get them, so a single-process base lines up with the master of a multi-process run.
 * Processes that share a main class, such as a pool of identical workers, become one root: a diff
 * compares the pool of one run with the pool of the other, whose sizes may differ, and which worker
 * did what is chance. Two single-process inputs get no process root, so their stacks compare directly
 * even when the main class differs (a renamed class, a jar name with a version).
 */
public final class ProfileDiffer {

    /** The union of both trees, each side keeping its own counts. */
    public ProfileDiff diff(Profile base, Profile next) {
        boolean roots = base.hasProcessRoots() || next.hasProcessRoots();
        FrameTable frames = new FrameTable();
        Profile b = new Profile(frames, new CallTree(), copies(base));
        Profile n = new Profile(frames, new CallTree(), copies(next));
        // The new profile first: the union's nodes start in its order, the order a reader knows.
        int[] nextNodes = align(next, roots, b.tree(), n.tree(), frames);
        int[] baseNodes = align(base, roots, b.tree(), n.tree(), frames);
        addCounts(next.tree(), nextNodes, n.tree());
        addCounts(base.tree(), baseNodes, b.tree());
        return new ProfileDiff(b, n);
    }

    /**
     * Makes every node of {@code src} in both union trees with the same calls, so both get the same
     * node numbers; returns where each node of {@code src} went.
     */
    private static int[] align(Profile src, boolean roots, CallTree a, CallTree b, FrameTable frames) {
        CallTree t = src.tree();
        FrameTable f = src.frames();
        int[] map = new int[t.size()];
        map[CallTree.ROOT] = CallTree.ROOT;
        if (roots && !src.hasProcessRoots()) {
            String main = src.processes().isEmpty() ? null : src.processes().get(0).mainClass;
            map[CallTree.ROOT] = child(a, b, CallTree.ROOT, frames.intern(DiffKeys.process(main), FrameKind.PROCESS));
        }
        Map<String, ProcessInfo> byRoot = src.processesByRootFrame();
        // Parents precede children, so one forward pass maps every node.
        for (int node = 1; node < t.size(); node++) {
            int id = t.frame(node);
            FrameKind kind = f.kind(id);
            String name = f.name(id);
            if (kind == FrameKind.PROCESS) {
                name = DiffKeys.process(byRoot.containsKey(name) ? byRoot.get(name).mainClass : mainOfRoot(name));
            } else if (kind == FrameKind.THREAD) {
                name = DiffKeys.thread(name);
            }
            map[node] = child(a, b, map[t.parent(node)], frames.intern(name, kind));
        }
        return map;
    }

    private static int child(CallTree a, CallTree b, int parent, int frame) {
        int x = a.child(parent, frame);
        if (b.child(parent, frame) != x) {
            throw new IllegalStateException("diff trees went out of step");
        }
        return x;
    }

    /** The main class of a process root whose process is not listed: {@code [pid 12 app.Main]} gives {@code app.Main}. */
    private static String mainOfRoot(String root) {
        ProcessInfo named = ProcessInfo.ofRootFrame(root);
        return named != null ? named.mainClass : FrameNames.unwrapped(root);
    }

    private static void addCounts(CallTree src, int[] map, CallTree into) {
        for (int node = 0; node < src.size(); node++) {
            for (int s = 0; s < SampleState.COUNT; s++) {
                long v = src.self(node, SampleState.of(s));
                if (v != 0) {
                    into.add(map[node], SampleState.of(s), v);
                }
            }
        }
    }

    private static List<ProcessInfo> copies(Profile p) {
        List<ProcessInfo> out = new ArrayList<>();
        for (ProcessInfo info : p.processes()) {
            out.add(info.copy());
        }
        return out;
    }
}

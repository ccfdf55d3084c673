package dev.jflame.agent.push;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a period within a store's limit on samples per profile (Pyroscope refuses more than 16 000
 * distinct stacks and states in one): past it, the heaviest stacks stay as they are and the lightest go,
 * with their counts, to one {@code [other stacks]} frame under their thread per state. Counts are never
 * lost, only detail. Stateless.
 */
final class SampleLimit {
    /** Pyroscope's limit (its ingest's default, read in its code). */
    static final int PYROSCOPE = 16_000;
    static final String OTHER_STACKS = "[other stacks]";

    private SampleLimit() {
    }

    /** {@code period} itself where it has at most {@code max} samples (node and state with a count), else a trimmed copy. */
    static Profile within(Profile period, int max) {
        CallTree tree = period.tree();
        List<long[]> entries = new ArrayList<>();
        for (int n = CallTree.ROOT; n < tree.size(); n++) {
            for (SampleState s : SampleState.values()) {
                long c = tree.self(n, s);
                if (c > 0) {
                    entries.add(new long[] {n, s.ordinal(), c});
                }
            }
        }
        if (entries.size() <= max) {
            return period;
        }
        entries.sort((a, b) -> Long.compare(b[2], a[2]));
        int[] thread = threadOf(period);
        // Room for one bucket per thread and state that has samples at all, so kept + buckets fit.
        java.util.Set<Long> pairs = new java.util.HashSet<>();
        for (long[] e : entries) {
            pairs.add((long) thread[(int) e[0]] << 3 | e[1]);
        }
        int keep = Math.max(0, max - pairs.size());
        Map<Long, long[]> buckets = new HashMap<>();
        for (int i = keep; i < entries.size(); i++) {
            long[] e = entries.get(i);
            buckets.computeIfAbsent((long) thread[(int) e[0]] << 3 | e[1], k -> new long[] {thread[(int) e[0]], e[1], 0})[2] += e[2];
        }
        Profile out = new Profile();
        out.processes().add(period.processes().get(0).copy());
        int[] copied = new int[tree.size()];
        java.util.Arrays.fill(copied, -1);
        copied[CallTree.ROOT] = CallTree.ROOT;
        for (int i = 0; i < keep; i++) {
            long[] e = entries.get(i);
            out.tree().add(copyPath(period, out, (int) e[0], copied), SampleState.of((int) e[1]), e[2]);
        }
        int other = out.frames().intern(OTHER_STACKS, FrameKind.STATE);
        for (long[] b : buckets.values()) {
            int at = copyPath(period, out, (int) b[0], copied);
            out.tree().add(out.tree().child(at, other), SampleState.of((int) b[1]), b[2]);
        }
        return out;
    }

    /** Each node's thread node (the nearest THREAD frame above it, itself included), or the root. */
    private static int[] threadOf(Profile p) {
        CallTree tree = p.tree();
        int[] thread = new int[tree.size()];
        for (int n = CallTree.ROOT + 1; n < tree.size(); n++) {
            thread[n] = p.frames().kind(tree.frame(n)) == FrameKind.THREAD ? n : thread[tree.parent(n)];
        }
        return thread;
    }

    /** The node of {@code node}'s path in {@code to}, made as needed; {@code copied} remembers the nodes made. */
    private static int copyPath(Profile from, Profile to, int node, int[] copied) {
        if (copied[node] >= 0) {
            return copied[node];
        }
        int parent = copyPath(from, to, from.tree().parent(node), copied);
        int f = from.tree().frame(node);
        copied[node] = to.tree().child(parent, to.frames().intern(from.frames().name(f), from.frames().kind(f)));
        return copied[node];
    }
}

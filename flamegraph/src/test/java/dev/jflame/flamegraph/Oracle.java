package dev.jflame.flamegraph;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Expected figures computed in Java straight from a profile, for the page to be checked against. */
final class Oracle {
    private Oracle() {
    }

    /** Percent of all samples under frames matching {@code regex}, nested matches counted once. */
    static double matchedPercent(Profile p, String regex) {
        Pattern re = Pattern.compile(regex);
        CallTree t = p.tree();
        long[] totals = t.totals();
        boolean[] covered = new boolean[t.size()];
        long sum = 0;
        for (int n = 1; n < t.size(); n++) {
            if (covered[t.parent(n)]) {
                covered[n] = true;
            } else if (re.matcher(p.frames().name(t.frame(n))).find()) {
                covered[n] = true;
                sum += total(totals, n);
            }
        }
        return 100.0 * sum / t.totalSamples();
    }

    /**
     * Immediate callers of {@code frame} with their samples, over its outermost occurrences, as the
     * page shows them grouped by nothing: thread and process frames are not callers.
     */
    static Map<String, Long> callers(Profile p, String frame) {
        CallTree t = p.tree();
        long[] totals = t.totals();
        Map<String, Long> out = new TreeMap<>();
        for (int n = 1; n < t.size(); n++) {
            if (!name(p, n).equals(frame) || hasAncestor(p, n, frame)) {
                continue;
            }
            int a = t.parent(n);
            while (a != CallTree.ROOT && synthetic(p, a)) {
                a = t.parent(a);
            }
            if (a != CallTree.ROOT) {
                out.merge(name(p, a), total(totals, n), Long::sum);
            }
        }
        return out;
    }

    /** Samples in one state. */
    static long stateTotal(Profile p, SampleState s) {
        long sum = 0;
        for (int n = 0; n < p.tree().size(); n++) {
            sum += p.tree().self(n, s);
        }
        return sum;
    }

    /** Self samples per frame: the roots of the reversed view. */
    static Map<String, Long> selfByFrame(Profile p) {
        Map<String, Long> out = new TreeMap<>();
        for (int n = 1; n < p.tree().size(); n++) {
            long s = p.tree().selfTotal(n);
            // A thread's frameless samples are the root's own once thread frames are grouped away.
            if (s > 0 && !synthetic(p, n)) {
                out.merge(name(p, n), s, Long::sum);
            }
        }
        return out;
    }

    /** A time range's figures: its samples, per state, and per frame name over its outermost occurrences. */
    static final class RangeTotals {
        final long total;
        final Map<SampleState, Long> states;
        final Map<String, Long> frames;

        RangeTotals(long total, Map<SampleState, Long> states, Map<String, Long> frames) {
            this.total = total;
            this.states = states;
            this.frames = frames;
        }
    }

    /**
     * The samples of the timeline's cells that overlap [{@code fromMs}, {@code toMs}), in milliseconds from
     * the profile's start, read straight from {@link dev.jflame.core.model.Timeline}: each entry counts
     * once for its state and once for every distinct frame name on its path.
     */
    static RangeTotals range(Profile p, long fromMs, long toMs) {
        dev.jflame.core.model.Timeline t = p.timeline();
        long[] total = {0};
        Map<SampleState, Long> states = new java.util.EnumMap<>(SampleState.class);
        Map<String, Long> frames = new TreeMap<>();
        for (int i = 0; i < t.cellCount(); i++) {
            long start = (t.firstCell() + i) * t.cellMillis() - p.startMillis();
            if (start >= toMs || start + t.cellMillis() <= fromMs) {
                continue;
            }
            t.forEach(i, (node, state, count) -> {
                total[0] += count;
                states.merge(state, (long) count, Long::sum);
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (int a = node; a != CallTree.ROOT; a = p.tree().parent(a)) {
                    if (seen.add(name(p, a))) {
                        frames.merge(name(p, a), (long) count, Long::sum);
                    }
                }
            });
        }
        return new RangeTotals(total[0], states, frames);
    }

    /**
     * The blame of the waits of thread {@code waiter} for thread {@code holder} over the cells that overlap
     * [{@code fromMs}, {@code toMs}), read straight from the timeline: in each cell, the waiter's samples
     * ending in {@code [held by holder]} are spread over the holder's samples of that cell in proportion to
     * their counts, and each share counts once for every distinct frame name on the holder's path. For a
     * holder that waits for nobody itself (no chain to follow).
     */
    static Map<String, Double> blame(Profile p, String waiter, String holder, long fromMs, long toMs) {
        dev.jflame.core.model.Timeline t = p.timeline();
        String waiterFrame = dev.jflame.core.model.FrameNames.thread(waiter), holderFrame = dev.jflame.core.model.FrameNames.thread(holder);
        String heldBy = dev.jflame.core.model.FrameNames.heldBy(holder);
        Map<String, Double> out = new TreeMap<>();
        for (int i = 0; i < t.cellCount(); i++) {
            long start = (t.firstCell() + i) * t.cellMillis() - p.startMillis();
            if (start >= toMs || start + t.cellMillis() <= fromMs) {
                continue;
            }
            double[] waits = {0};
            Map<Integer, Long> own = new java.util.HashMap<>();
            t.forEach(i, (node, state, count) -> {
                if (name(p, node).equals(heldBy) && hasAncestor(p, node, waiterFrame)) {
                    waits[0] += count;
                } else if (hasAncestor(p, node, holderFrame) || name(p, node).equals(holderFrame)) {
                    own.merge(node, (long) count, Long::sum);
                }
            });
            long all = own.values().stream().mapToLong(Long::longValue).sum();
            if (waits[0] == 0 || all == 0) {
                continue;
            }
            own.forEach((node, count) -> {
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (int a = node; a != CallTree.ROOT; a = p.tree().parent(a)) {
                    if (seen.add(name(p, a))) {
                        out.merge(name(p, a), waits[0] * count / all, Double::sum);
                    }
                }
            });
        }
        return out;
    }

    private static boolean hasAncestor(Profile p, int n, String frame) {
        for (int a = p.tree().parent(n); a > CallTree.ROOT; a = p.tree().parent(a)) {
            if (name(p, a).equals(frame)) {
                return true;
            }
        }
        return false;
    }

    private static boolean synthetic(Profile p, int n) {
        FrameKind k = p.frames().kind(p.tree().frame(n));
        return k == FrameKind.THREAD || k == FrameKind.PROCESS;
    }

    static String name(Profile p, int n) {
        return p.frames().name(p.tree().frame(n));
    }

    private static long total(long[] totals, int n) {
        long s = 0;
        for (int i = 0; i < SampleState.COUNT; i++) {
            s += totals[n * SampleState.COUNT + i];
        }
        return s;
    }
}

package dev.jflame.agent.push;

import dev.jflame.core.format.pprof.ProtoOutput;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.Timeline;
import java.io.IOException;
import java.util.Arrays;

/**
 * When each of a period's OTLP samples was taken, from the period's timeline, not thread-safe (one per
 * period): one timestamp per sample taken, the start of the timeline cell it fell in. The timeline's entries
 * are kept grouped by sample, in cell order (the timeline is walked cell by cell, the samples are written one
 * by one); the timestamps themselves are only written.
 *
 * <p>A cell that begins before the period (cells lie on a grid of their own), or the ticks of a wait that
 * began in an earlier period and ended in this one (a wait's ticks are placed over its own time when it
 * ends), are stamped with the period's start: the spec wants a profile's timestamps within its time range,
 * and these samples are this period's.
 */
final class OtlpTimes {
    /** Sample i's entries are {@code entryStart[i]} to {@code entryStart[i+1]}. */
    private final int[] entryStart;
    private final int[] entryCell;
    private final int[] entryCount;
    /** Each cell's time, within the period. */
    private final long[] cellNanos;

    private OtlpTimes(int[] entryStart, int[] entryCell, int[] entryCount, long[] cellNanos) {
        this.entryStart = entryStart;
        this.entryCell = entryCell;
        this.entryCount = entryCount;
        this.cellNanos = cellNanos;
    }

    /**
     * The times of {@code samples} samples, sample {@code sampleOf[node * SampleState.COUNT + state]} having
     * {@code countOf[sample]} in all; null where the timeline does not hold exactly those counts (a profile
     * without times), as then no sample gets any: the spec wants one shape for all samples of a profile.
     */
    static OtlpTimes of(Timeline timeline, int[] sampleOf, long[] countOf, int samples, long fromMillis, long toMillis) {
        Entries entries = new Entries(sampleOf, samples);
        for (int i = 0; i < timeline.cellCount(); i++) {
            timeline.forEach(i, entries.inCell(i));
        }
        if (entries.unknown || samples == 0) {
            return null;
        }
        for (int s = 0; s < samples; s++) {
            if (entries.perSample[s] != countOf[s]) {
                return null;
            }
        }
        // Grouped by sample, keeping the cells' order: a counting sort.
        int[] start = new int[samples + 1];
        for (int e = 0; e < entries.n; e++) {
            start[entries.sample[e] + 1]++;
        }
        for (int s = 0; s < samples; s++) {
            start[s + 1] += start[s];
        }
        int[] fill = Arrays.copyOf(start, samples);
        int[] cell = new int[entries.n];
        int[] count = new int[entries.n];
        for (int e = 0; e < entries.n; e++) {
            int at = fill[entries.sample[e]]++;
            cell[at] = entries.cell[e];
            count[at] = entries.count[e];
        }
        long from = fromMillis * OtlpPeriod.NANOS_PER_MILLI;
        long last = Math.max(from, toMillis * OtlpPeriod.NANOS_PER_MILLI - 1);
        long[] nanos = new long[timeline.cellCount()];
        for (int i = 0; i < nanos.length; i++) {
            long cellStart = (timeline.firstCell() + i) * timeline.cellMillis() * OtlpPeriod.NANOS_PER_MILLI;
            nanos[i] = Math.min(last, Math.max(from, cellStart));
        }
        return new OtlpTimes(start, cell, count, nanos);
    }

    /** Sample {@code s}'s timestamps, the elements of a packed field whose key and length were written. */
    void write(ProtoOutput out, int s) throws IOException {
        for (int e = entryStart[s]; e < entryStart[s + 1]; e++) {
            long at = cellNanos[entryCell[e]];
            for (int k = 0; k < entryCount[e]; k++) {
                out.fixed64Element(at);
            }
        }
    }

    /** The timeline's entries as they are walked, cell by cell. A class, not a lambda: this runs in the profiled JVM. */
    private static final class Entries implements Timeline.EntryVisitor {
        private final int[] sampleOf;
        final long[] perSample;
        int n;
        int[] sample = new int[256];
        int[] cell = new int[256];
        int[] count = new int[256];
        /** Whether the timeline has samples the tree has not. */
        boolean unknown;
        private int current;

        Entries(int[] sampleOf, int samples) {
            this.sampleOf = sampleOf;
            this.perSample = new long[samples];
        }

        Entries inCell(int i) {
            current = i;
            return this;
        }

        @Override
        public void entry(int node, SampleState state, int c) {
            int at = node * SampleState.COUNT + state.ordinal();
            int id = node > 0 && at < sampleOf.length ? sampleOf[at] : -1;
            if (id < 0) {
                unknown = true;
                return;
            }
            if (n == sample.length) {
                sample = Arrays.copyOf(sample, n * 2);
                cell = Arrays.copyOf(cell, n * 2);
                count = Arrays.copyOf(count, n * 2);
            }
            sample[n] = id;
            cell[n] = current;
            count[n] = c;
            n++;
            perSample[id] += c;
        }
    }
}

package dev.jflame.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many virtual threads each group had at each census of one process (JSON: a process's
 * {@code virtualThreads}): per group ({@code "client"}, "" for the unnamed ones; its thread frame is
 * {@link FrameNames#virtualThreads}), a series of (time, count) points, oldest first. Not thread-safe;
 * the sampler adds to it under its lock and a profile hands out {@link #copy() copies}.
 *
 * <p>Bounded: at most {@link #MAX_GROUPS} groups and {@link #MAX_POINTS} points each. A census a second
 * for a day is 86 400 of them; the page draws a few hundred pixels of timeline, so a full series merges
 * each two neighbours into one (at the earlier one's time, with the larger count: a peak stays visible,
 * a brief dip may not) and from then on each point stands for twice as many censuses
 * ({@link Series#perPoint}), so the points stay evenly spaced in censuses and never exceed the cap.
 */
public final class VirtualThreadCounts {
    /** The named groups the sampler keeps apart (64), and the unnamed one. */
    public static final int MAX_NAMED_GROUPS = 64;
    public static final int MAX_GROUPS = MAX_NAMED_GROUPS + 1;
    /** Points kept per group: enough for a step per few pixels of the page's timeline. */
    public static final int MAX_POINTS = 240;

    private final Map<String, Series> groups = new LinkedHashMap<>();

    /** One group's counts over time. */
    public static final class Series {
        public final String group;
        private long[] atMillis = new long[8];
        private long[] counts = new long[8];
        private int size;
        /** Censuses each point stands for (a power of two); the last point may stand for fewer so far. */
        private int perPoint = 1;
        private int inLast;

        Series(String group) {
            this.group = group;
        }

        public int size() {
            return size;
        }

        /** When point {@code i}'s first census was taken. */
        public long atMillis(int i) {
            return atMillis[i];
        }

        /** The most virtual threads of the group that point {@code i}'s censuses counted. */
        public long count(int i) {
            return counts[i];
        }

        public int perPoint() {
            return perPoint;
        }

        void add(long at, long count) {
            if (size > 0 && inLast < perPoint) {
                counts[size - 1] = Math.max(counts[size - 1], count);
                inLast++;
                return;
            }
            if (size == MAX_POINTS) {
                halve();
            }
            if (size == atMillis.length) {
                atMillis = Arrays.copyOf(atMillis, Math.min(MAX_POINTS, size * 2));
                counts = Arrays.copyOf(counts, atMillis.length);
            }
            atMillis[size] = at;
            counts[size] = count;
            size++;
            inLast = 1;
        }

        private void halve() {
            int half = size / 2;
            for (int i = 0; i < half; i++) {
                atMillis[i] = atMillis[2 * i];
                counts[i] = Math.max(counts[2 * i], counts[2 * i + 1]);
            }
            size = half;
            perPoint *= 2;
            inLast = perPoint;
        }

        Series copy() {
            Series c = new Series(group);
            c.atMillis = Arrays.copyOf(atMillis, atMillis.length);
            c.counts = Arrays.copyOf(counts, counts.length);
            c.size = size;
            c.perPoint = perPoint;
            c.inLast = inLast;
            return c;
        }
    }

    /**
     * One census: {@code byGroup} the virtual threads it counted per group. A group seen before and not in
     * this census gets a count of 0 (its threads ended); a group past {@link #MAX_GROUPS} is left out.
     */
    public void census(long atMillis, Map<String, Long> byGroup) {
        for (Map.Entry<String, Long> e : byGroup.entrySet()) {
            if (!groups.containsKey(e.getKey()) && groups.size() < MAX_GROUPS) {
                groups.put(e.getKey(), new Series(e.getKey()));
            }
        }
        for (Series s : groups.values()) {
            Long n = byGroup.get(s.group);
            s.add(atMillis, n == null ? 0 : n);
        }
    }

    /**
     * A series as written ({@link #census} rebuilds no merged points): what a reader calls, with the
     * points checked by the caller (times in order, counts not negative, at most {@link #MAX_POINTS}).
     */
    public void put(String group, long[] atMillis, long[] counts, int perPoint) {
        if (atMillis.length != counts.length || atMillis.length > MAX_POINTS || perPoint < 1 || groups.size() >= MAX_GROUPS
                || groups.containsKey(group)) {
            throw new IllegalArgumentException("a series of virtual thread counts out of bounds");
        }
        Series s = new Series(group);
        s.atMillis = Arrays.copyOf(atMillis, Math.max(1, atMillis.length));
        s.counts = Arrays.copyOf(counts, s.atMillis.length);
        s.size = atMillis.length;
        s.perPoint = perPoint;
        s.inLast = perPoint;
        groups.put(group, s);
    }

    /** The groups in the order they were first counted. */
    public List<Series> groups() {
        return Collections.unmodifiableList(new ArrayList<>(groups.values()));
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    public VirtualThreadCounts copy() {
        VirtualThreadCounts c = new VirtualThreadCounts();
        for (Series s : groups.values()) {
            c.groups.put(s.group, s.copy());
        }
        return c;
    }
}

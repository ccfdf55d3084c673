package dev.jflame.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimelineTest {
    private static final long T0 = 1_700_000_000_000L;

    /** Samples per cell (all nodes and states), from the first cell on. */
    private static long[] perCell(Timeline t) {
        long[] out = new long[t.cellCount()];
        for (int i = 0; i < out.length; i++) {
            int cell = i;
            t.forEach(i, (node, state, count) -> out[cell] += count);
        }
        return out;
    }

    private static long total(Timeline t) {
        long sum = 0;
        for (long v : perCell(t)) {
            sum += v;
        }
        return sum;
    }

    @Test
    void aWaitAddedWhenItEndsIsSpreadBackOverTheTicksItLasted() {
        Timeline t = new Timeline();
        // 100 ticks 10 ms apart (0.99 s): two cells of 50 ms get 5 each, the last gets the remainder.
        t.add(7, SampleState.WAITING, 100, T0, T0 + 990);
        assertEquals(T0 / 50, t.firstCell());
        assertEquals(20, t.cellCount());
        long[] cells = perCell(t);
        for (long c : cells) {
            assertEquals(5, c);
        }
        assertEquals(100, total(t));
        assertEquals(1, t.entries(), "a wait is one run");
    }

    @Test
    void aWaitAddedInPiecesIsStillOneRun() {
        Timeline t = new Timeline();
        // A wait flushed by snapshots: each piece starts a tick after the last one ended.
        for (int piece = 0; piece < 100; piece++) {
            long from = T0 + piece * 2000L;
            t.add(3, SampleState.PARKED, 200, from, from + 1990);
        }
        assertEquals(20_000, total(t));
        assertEquals(1, t.entries());
        // The cell slots (a reference each, at most twice MAX_CELLS) and one run.
        assertTrue(t.footprintBytes() < 2 * Timeline.MAX_CELLS * 8 + 1000, "bytes " + t.footprintBytes());
        // Every cell of the 200 s holds its share: 200 s / cell width of ticks 10 ms apart.
        long[] cells = perCell(t);
        long perCellTicks = t.cellMillis() / 10;
        for (int i = 1; i < cells.length - 1; i++) {
            assertEquals(perCellTicks, cells[i], "cell " + i);
        }
    }

    @Test
    void aWaitHandedOverInPiecesNarrowerThanTheCellsIsStillOneRun() {
        Timeline t = new Timeline();
        // An hour of a busy thread first: cells of 3.2 s or more.
        for (long ms = 0; ms < 3_600_000; ms += 10_000) {
            t.add(1, SampleState.RUNNABLE, 1, T0 + ms, T0 + ms);
        }
        assertTrue(t.cellMillis() >= 3200, "width " + t.cellMillis());
        long before = t.entries();
        // Then a wait flushed by a child's snapshot every 2 s: pieces of 200 ticks, each narrower than a cell.
        for (int piece = 0; piece < 100; piece++) {
            long from = T0 + 3_600_000 + piece * 2000L;
            t.add(3, SampleState.PARKED, 200, from, from + 1990);
        }
        assertEquals(1, t.runCount());
        assertEquals(before + 1, t.entries());
        assertEquals(360 + 20_000, total(t));
    }

    @Test
    void ticksThatContinueARunExtendItOneByOne() {
        Timeline t = new Timeline();
        // A thread idle in a native read: a stretch handed over at once, then a tick at a time.
        t.add(5, SampleState.NATIVE_IDLE, 100, T0, T0 + 990);
        for (int i = 1; i <= 500; i++) {
            t.add(5, SampleState.NATIVE_IDLE, 1, T0 + 990 + i * 10L, T0 + 990 + i * 10L);
        }
        assertEquals(1, t.entries());
        assertEquals(600, total(t));
        // A gap longer than the join: a new piece of one tick goes into its cell.
        t.add(5, SampleState.NATIVE_IDLE, 1, T0 + 60_000, T0 + 60_000);
        assertEquals(2, t.entries());
        // The run's cells hold a tick per 10 ms each, as if added tick by tick (the minute coarsened them to 100 ms).
        assertEquals(100, t.cellMillis());
        long[] cells = perCell(t);
        for (int i = 0; i < 60; i++) {
            assertEquals(10, cells[i], "cell " + i);
        }
    }

    @Test
    void runsPastTheirShareOfTheBudgetGoIntoTheCells() {
        Timeline t = new Timeline();
        t.setMaxEntries(4096);
        // Waits on ever new stacks (new nodes), each a second long.
        for (int i = 0; i < 3000; i++) {
            long from = T0 + i * 1000L;
            t.add(i, SampleState.WAITING, 100, from, from + 990);
        }
        assertEquals(300_000, total(t));
        assertTrue(t.entries() <= 4096 + 1024, "entries " + t.entries());
    }

    @Test
    void cellsAndRunsTogetherStayWithinTheBudgetsBytes() {
        long entries = 100_000;
        Timeline t = new Timeline();
        t.setMaxEntries(entries);
        Random random = new Random(13);
        // Waits on ever new stacks beside running ticks on a few hundred: runs and cells both grow.
        for (int i = 0; i < 40_000; i++) {
            long from = T0 + i * 100L;
            t.add(1_000 + i, SampleState.WAITING, 30, from, from + 290);
            t.add(random.nextInt(500), SampleState.RUNNABLE, 1, from, from);
        }
        assertEquals(40_000 * 31, total(t));
        // The cells' table of slots (at most twice MAX_CELLS references) is outside the entry count.
        long slots = 2L * Timeline.MAX_CELLS * 8 + 1000;
        assertTrue(t.footprintBytes() <= entries * Timeline.BYTES_PER_ENTRY + slots,
                "bytes " + t.footprintBytes() + " for a budget of " + entries * Timeline.BYTES_PER_ENTRY);
    }

    @Test
    void fewTicksOverManyCellsLandOnlyWhereTheyWere() {
        Timeline t = new Timeline();
        // 3 ticks over a second: at 0, 500 and 1000 ms.
        t.add(1, SampleState.RUNNABLE, 3, T0, T0 + 1000);
        long[] cells = perCell(t);
        assertEquals(21, cells.length);
        assertEquals(1, cells[0]);
        assertEquals(1, cells[10]);
        assertEquals(1, cells[20]);
        assertEquals(3, total(t));
    }

    @Test
    void pastItsCellLimitNeighboursMergeAndTheWidthDoubles() {
        Timeline t = new Timeline();
        long ticks = 0;
        // An hour at 10 ms, one running thread alternating between two leaves.
        for (long ms = 0; ms < 3_600_000; ms += 10, ticks++) {
            t.add((int) (ticks & 1), SampleState.RUNNABLE, 1, T0 + ms, T0 + ms);
        }
        assertEquals(ticks, total(t));
        assertTrue(t.cellCount() <= Timeline.MAX_CELLS, "cells " + t.cellCount());
        assertTrue(t.cellMillis() >= 3_600_000 / Timeline.MAX_CELLS, "width " + t.cellMillis());
        assertEquals(0, t.cellMillis() % Timeline.BASE_CELL_MILLIS);
        assertEquals(1, Long.bitCount(t.cellMillis() / Timeline.BASE_CELL_MILLIS));
        // Cells sit on multiples of their width in wall time.
        assertTrue(t.firstCell() * t.cellMillis() <= T0 && T0 < (t.firstCell() + 1) * t.cellMillis());
    }

    @Test
    void theEntryBudgetCoarsensCellsDownToItsFloor() {
        Timeline t = new Timeline();
        t.setMaxEntries(1024);
        Random r = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            t.add(r.nextInt(200), SampleState.of(r.nextInt(SampleState.COUNT)), 1, T0 + i * 10L, T0 + i * 10L);
        }
        assertEquals(20_000, total(t));
        assertTrue(t.cellCount() <= 64, "cells " + t.cellCount());
    }

    @Test
    void mergingAlignsOnWallTimeAtTheCoarserWidth() {
        Timeline fine = new Timeline();
        fine.add(1, SampleState.RUNNABLE, 1, T0 + 10, T0 + 10);
        fine.add(1, SampleState.RUNNABLE, 1, T0 + 60, T0 + 60);
        Timeline coarse = Timeline.ofCellMillis(100);
        coarse.put((T0 + 150) / 100, 100, 2, SampleState.PARKED, 4);
        Timeline merged = new Timeline();
        merged.addAll(fine, new int[] {-1, 5});
        merged.addAll(coarse, new int[] {-1, -1, 6});
        assertEquals(100, merged.cellMillis());
        assertEquals(6, total(merged));
        long[] cells = perCell(merged);
        // T0 is a multiple of 100: T0+10 and T0+60 share the first 100 ms cell, T0+150 is the next.
        assertEquals(2, cells[0]);
        assertEquals(4, cells[1]);
        long[] nodes = new long[8];
        for (int i = 0; i < merged.cellCount(); i++) {
            merged.forEach(i, (node, state, count) -> nodes[node] += count);
        }
        assertEquals(2, nodes[5]);
        assertEquals(4, nodes[6]);
    }

    @Test
    void aFarAwayTimeCoarsensRatherThanAllocatingTheGap() {
        Timeline t = new Timeline();
        t.add(1, SampleState.RUNNABLE, 1, T0, T0);
        t.add(1, SampleState.RUNNABLE, 1, T0 + 86_400_000L * 365, T0 + 86_400_000L * 365);
        assertEquals(2, total(t));
        assertTrue(t.cellCount() <= 2 * Timeline.MAX_CELLS);
        Timeline read = Timeline.ofCellMillis(50);
        read.put(0, 50, 1, SampleState.RUNNABLE, 1);
        read.put((1L << 50) / 50, 50, 1, SampleState.RUNNABLE, 1);
        assertEquals(2, total(read));
        assertThrows(IllegalArgumentException.class, () -> read.put(Long.MAX_VALUE, 50, 1, SampleState.RUNNABLE, 1));
        assertThrows(IllegalArgumentException.class, () -> read.put(-1, 50, 1, SampleState.RUNNABLE, 1));
    }

    @Test
    void widthsOtherThanTheBaseTimesAPowerOfTwoAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Timeline.ofCellMillis(75));
        assertThrows(IllegalArgumentException.class, () -> Timeline.ofCellMillis(150));
        assertThrows(IllegalArgumentException.class, () -> Timeline.ofCellMillis(0));
        assertEquals(400, Timeline.ofCellMillis(400).cellMillis());
    }

    @Test
    void graftAndCopyKeepTheTimelineOnTheNewNodeNumbers() {
        Profile p = new Profile();
        int thread = p.tree().child(CallTree.ROOT, p.frames().intern("[main]", FrameKind.THREAD));
        int leaf = p.tree().child(thread, p.frames().intern("app.Main.run", FrameKind.JAVA));
        p.tree().add(leaf, SampleState.RUNNABLE, 10);
        p.timeline().add(leaf, SampleState.RUNNABLE, 10, T0, T0 + 90);
        Profile merged = new Profile();
        int root = merged.tree().child(CallTree.ROOT, merged.frames().intern("[pid 1 app.Main]", FrameKind.PROCESS));
        merged.graft(p, root);
        Profile copy = merged.copy();
        long[] byNode = new long[copy.tree().size()];
        for (int i = 0; i < copy.timeline().cellCount(); i++) {
            copy.timeline().forEach(i, (node, state, count) -> byNode[node] += count);
        }
        for (int n = 0; n < copy.tree().size(); n++) {
            assertEquals(copy.tree().selfTotal(n), byNode[n], "node " + n);
        }
        assertEquals(10, total(copy.timeline()));
    }

    @Test
    void aRunsTicksGoToTheCellsTheyFallInWhicheverOrderTheCellsAreAskedIn() {
        Random random = new Random(7);
        Timeline t = new Timeline();
        int runs = 300;
        long[][] span = new long[runs][];
        long all = 0;
        for (int r = 0; r < runs; r++) {
            long from = T0 + random.nextInt(40_000);
            long to = from + random.nextInt(20_000);
            // Sparse ones (a few ticks over many cells) and dense ones.
            long n = 1 + random.nextInt(random.nextBoolean() ? 5 : 2_000);
            t.putRun(r, SampleState.WAITING, n, from, to);
            span[r] = new long[] {from, to, n};
            all += n;
        }
        int cells = t.cellCount();
        long[][] expected = new long[cells][runs];
        for (int c = 0; c < cells; c++) {
            long start = (t.firstCell() + c) * t.cellMillis();
            for (int r = 0; r < runs; r++) {
                expected[c][r] = Timeline.ticksBefore(span[r][0], span[r][1], span[r][2], start + t.cellMillis())
                        - Timeline.ticksBefore(span[r][0], span[r][1], span[r][2], start);
            }
        }
        assertEquals(all, total(t));
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            order.add(c);
        }
        for (int pass = 0; pass < 3; pass++) {
            if (pass == 1) {
                Collections.reverse(order);
            } else if (pass == 2) {
                Collections.shuffle(order, random);
            }
            for (int c : order) {
                long[] got = new long[runs];
                int[] calls = {0};
                int announced = t.entriesIn(c);
                t.forEach(c, (node, state, count) -> {
                    got[node] += count;
                    calls[0]++;
                });
                assertArrayEquals(expected[c], got, "cell " + c + ", pass " + pass);
                // Exactly as many as it said: a reader sizes its buffer by it and must find no stale slots.
                assertEquals(announced, calls[0], "cell " + c);
            }
        }
    }

    @Test
    void walkingManyLongRunsTakesRoomByTheRunsNotByRunsTimesCells() {
        Timeline t = new Timeline();
        int runs = 100_000;
        // A crafted file's shape: many runs of two ticks, each over all 1024 cells.
        for (int r = 0; r < runs; r++) {
            t.putRun(r, SampleState.WAITING, 2, T0, T0 + (Timeline.MAX_CELLS - 1) * Timeline.BASE_CELL_MILLIS);
        }
        assertEquals(Timeline.MAX_CELLS, t.cellCount());
        long before = allocatedBytes();
        long walked = total(t);
        long used = allocatedBytes() - before;
        assertEquals(2L * runs, walked);
        // An index with an entry per run and covered cell took 400 MB here.
        assertTrue(used < 16 << 20, "walking the cells allocated " + used / 1_000_000 + " MB");
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void cellsReadBackLandOnTheirOwnTimesAfterTheTimelineHasCoarsened() {
        // The file's grid is 50 ms; its budget (entries) and its span (over twice MAX_CELLS cells) make the
        // timeline coarsen while it reads, and the cells after that must still count in the file's width.
        Timeline read = Timeline.ofCellMillis(50);
        read.setMaxEntries(1024);
        long first = T0 / 50;
        int fileCells = 3 * Timeline.MAX_CELLS;
        for (int c = 0; c < fileCells; c++) {
            for (int node = 0; node < 4; node++) {
                read.put(first + c, 50, node, SampleState.RUNNABLE, 1 + c % 3);
            }
        }
        long w = read.cellMillis();
        long[] cells = perCell(read);
        long[] expected = new long[cells.length];
        long all = 0;
        for (int c = 0; c < fileCells; c++) {
            long i = Math.floorDiv((first + c) * 50, w) - read.firstCell();
            expected[(int) i] += 4 * (1 + c % 3);
            all += 4 * (1 + c % 3);
        }
        assertEquals(all, total(read));
        assertArrayEquals(expected, cells);
    }
}

package dev.jflame.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class CallTreeTest {
    @Test
    void childIsCreatedOnceAndTotalsSumSubtrees() {
        CallTree t = new CallTree(2);
        int a = t.child(CallTree.ROOT, 1);
        assertEquals(a, t.child(CallTree.ROOT, 1));
        int b = t.child(a, 2);
        int c = t.child(a, 3);
        assertNotEquals(b, c);
        for (int i = 0; i < 100; i++) {
            t.child(c, 10 + i); // forces growth past the initial capacity
        }
        t.add(b, SampleState.RUNNABLE, 5);
        t.add(c, SampleState.BLOCKED, 2);
        t.add(a, SampleState.RUNNABLE, 1);
        long[] totals = t.totals();
        int n = SampleState.COUNT;
        assertEquals(6, totals[a * n + SampleState.RUNNABLE.ordinal()]);
        assertEquals(2, totals[a * n + SampleState.BLOCKED.ordinal()]);
        assertEquals(8, totals[CallTree.ROOT * n] + totals[CallTree.ROOT * n + 1]);
        assertEquals(8, t.totalSamples());
        assertEquals(1, t.selfTotal(a));
        assertEquals(a, t.parent(b));
        assertEquals(2, t.frame(b));
    }

    @Test
    void wideNodesAndRepeatedLookupsFindTheSameChildren() {
        CallTree t = new CallTree(4);
        int[] kids = new int[200];
        for (int i = 0; i < kids.length; i++) {
            kids[i] = t.child(CallTree.ROOT, i);
        }
        for (int round = 0; round < 3; round++) {
            for (int i = kids.length - 1; i >= 0; i--) {
                assertEquals(kids[i], t.child(CallTree.ROOT, i));
            }
        }
        int narrow = t.child(kids[7], 1000);
        assertEquals(narrow, t.child(kids[7], 1000));
        assertEquals(202, t.size());
    }

    @Test
    void aNodeWithSamplesInSeveralStatesKeepsEachCount() {
        CallTree t = new CallTree();
        int a = t.child(CallTree.ROOT, 1);
        t.add(a, SampleState.RUNNABLE, 3);
        t.add(a, SampleState.BLOCKED, 2);
        t.add(a, SampleState.RUNNABLE, 1);
        assertEquals(4, t.self(a, SampleState.RUNNABLE));
        assertEquals(2, t.self(a, SampleState.BLOCKED));
        assertEquals(0, t.self(a, SampleState.WAITING));
        assertEquals(6, t.selfTotal(a));
        assertEquals(6, t.totalSamples());
        assertEquals(2, t.totals()[CallTree.ROOT * SampleState.COUNT + SampleState.BLOCKED.ordinal()]);
    }

    @Test
    void aClearedTreeIsEmptyAndGrowsAgainWithoutItsOldNodes() {
        CallTree t = new CallTree();
        for (int i = 0; i < 3000; i++) {
            // A wide root (a hash index), several states at one node (the side map), growth past the capacity.
            t.add(t.child(CallTree.ROOT, i), SampleState.values()[i % 2], 1);
        }
        t.add(1, SampleState.values()[1], 1);
        t.clear();
        assertEquals(1, t.size());
        assertEquals(0, t.totalSamples());
        int a = t.child(CallTree.ROOT, 7);
        assertEquals(1, a);
        assertEquals(a, t.child(CallTree.ROOT, 7));
        assertEquals(-1, t.find(CallTree.ROOT, 8));
        t.add(a, SampleState.RUNNABLE, 2);
        assertEquals(2, t.totalSamples());
        assertEquals(2, t.self(a, SampleState.RUNNABLE));
    }

    @Test
    void childIndexListsChildrenInCreationOrder() {
        CallTree t = new CallTree();
        int a = t.child(CallTree.ROOT, 1);
        int b = t.child(CallTree.ROOT, 2);
        int a1 = t.child(a, 3);
        int[][] idx = t.childIndex();
        int[] start = idx[0];
        int[] order = idx[1];
        assertEquals(2, start[1] - start[0]);
        assertEquals(a, order[start[0]]);
        assertEquals(b, order[start[0] + 1]);
        assertEquals(a1, order[start[a]]);
        assertEquals(0, start[b + 1] - start[b]);
    }

    @Test
    void graftCopiesFramesAndCounts() {
        Profile p = new Profile();
        int f = p.frames().intern("a.B.c", FrameKind.JAVA);
        int n = p.tree().child(CallTree.ROOT, f);
        p.tree().add(n, SampleState.WAITING, 3);
        Profile q = p.copy();
        assertEquals(3, q.tree().totalSamples());
        assertEquals("a.B.c", q.frames().name(q.tree().frame(1)));
    }
}

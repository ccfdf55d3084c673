package dev.jflame.core.sampler;

import dev.jflame.core.model.SampleState;
import java.util.Objects;

/**
 * A thread's last few captured waits, keyed by what the JVM tells without a stack: its state and
 * the lock it waits for ({@code ThreadInfo.getLockName()}, class and identity: the monitor, the
 * condition or the park blocker object). A worker that takes from the same queue, or blocks on the
 * same monitor, again and again is usually at the same place each time. Guarded by the sampler's lock.
 */
final class RecentWaits {
    private static final int SIZE = 4;
    private final Thread.State[] states = new Thread.State[SIZE];
    private final String[] lockNames = new String[SIZE];
    private final int[] leaves = new int[SIZE];
    private final SampleState[] sampleStates = new SampleState[SIZE];
    private int next;

    /** The index of the wait kept for this state and lock, or -1. */
    int find(Thread.State state, String lockName) {
        for (int i = 0; i < SIZE; i++) {
            if (states[i] == state && Objects.equals(lockNames[i], lockName)) {
                return i;
            }
        }
        return -1;
    }

    /** How many waits are kept at most: their indexes are 0 to this, less one. */
    int capacity() {
        return SIZE;
    }

    /** The JVM state of wait {@code i}, or null where none is kept. */
    Thread.State state(int i) {
        return states[i];
    }

    int leaf(int i) {
        return leaves[i];
    }

    SampleState sampleState(int i) {
        return sampleStates[i];
    }

    /** After push mode emptied the tree: each kept wait's leaf in the fresh one; a wait whose stack the budget had cut short is let go. */
    void renumber(Renumbering r) {
        for (int i = 0; i < SIZE; i++) {
            if (states[i] != null) {
                leaves[i] = ThreadSlot.kept(r, leaves[i]);
                if (leaves[i] < 0) {
                    states[i] = null;
                    lockNames[i] = null;
                    sampleStates[i] = null;
                }
            }
        }
    }

    /** Keeps a captured wait, replacing the one kept for the same state and lock, else the oldest. */
    void put(Thread.State state, String lockName, int leaf, SampleState sampleState) {
        int i = find(state, lockName);
        if (i < 0) {
            i = next;
            next = (next + 1) % SIZE;
        }
        states[i] = state;
        lockNames[i] = lockName;
        leaves[i] = leaf;
        sampleStates[i] = sampleState;
    }
}

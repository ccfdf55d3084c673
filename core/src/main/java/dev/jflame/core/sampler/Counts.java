package dev.jflame.core.sampler;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.Timeline;

/**
 * Where the sampler's samples go: a node's count in the call tree and the same samples in the timeline
 * at the ticks they stand for, always together (the timeline's cells add up to the tree). Guarded by the
 * sampler's lock.
 *
 * <p>The times are the ticks', not the moment of adding: a wait is counted in its thread's slot and added
 * when it ends, ticks may be carried to the next allowed capture, and JFR's stacks arrive a second late.
 */
final class Counts {
    final CallTree tree;
    final Timeline timeline;

    Counts(CallTree tree, Timeline timeline) {
        this.tree = tree;
        this.timeline = timeline;
    }

    /** Adds {@code n} samples of {@code node}, one per tick from {@code fromMillis} to {@code toMillis}. */
    void add(int node, SampleState state, long n, long fromMillis, long toMillis) {
        tree.add(node, state, n);
        timeline.add(node, state, n, fromMillis, toMillis);
    }
}

package dev.jflame.core.diff;

import dev.jflame.core.model.Profile;

/**
 * Two profiles aligned for comparison: a base and a new one whose call trees have the same shape, the
 * union of both inputs' trees, and share one frame table, so node {@code i} is the same stack in both.
 * Each tree holds its own input's per-state counts; a stack only one input has is a node with no samples
 * in the other. Built by {@link ProfileDiffer}. Not thread-safe, like the profiles it holds: read it
 * only, from one thread at a time.
 *
 * <p>Process roots are keyed by main class ({@code [process app.Main]}), not pid, and thread names
 * have their numbers wildcarded ({@code [thread pool-*-thread-*]}); see {@link DiffKeys}.
 */
public final class ProfileDiff {
    private final Profile base;
    private final Profile next;

    ProfileDiff(Profile base, Profile next) {
        if (base.frames() != next.frames() || base.tree().size() != next.tree().size()) {
            throw new IllegalArgumentException("a diff's profiles must share frames and tree shape");
        }
        this.base = base;
        this.next = next;
    }

    /** The base ("before") side: its counts on the union tree, and its processes. */
    public Profile base() {
        return base;
    }

    /** The new ("after") side: its counts on the union tree, and its processes. */
    public Profile next() {
        return next;
    }
}

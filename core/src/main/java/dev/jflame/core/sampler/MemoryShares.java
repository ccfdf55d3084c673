package dev.jflame.core.sampler;

/**
 * How the {@code memory} budget is shared out: everything the sampler keeps counts against the one figure
 * the user gives. The call tree (with its frame names) takes three quarters; the timeline an eighth (past
 * it, its cells merge into wider ones); JFR's stacks an eighth (the converted stacks it remembers and the
 * batches the sampler has not taken yet: past it, remembered stacks are forgotten, then samples dropped).
 * What is not in the figure is JFR's own parser, bounded by its chunk size ({@link JfrStacks#MAX_CHUNK_BYTES}),
 * and the sampler's fixed structures. Immutable.
 */
final class MemoryShares {
    final long treeBytes;
    final long timelineBytes;
    final long jfrBytes;

    MemoryShares(long budgetBytes) {
        this.timelineBytes = budgetBytes / 8;
        this.jfrBytes = budgetBytes / 8;
        this.treeBytes = budgetBytes - timelineBytes - jfrBytes;
    }
}

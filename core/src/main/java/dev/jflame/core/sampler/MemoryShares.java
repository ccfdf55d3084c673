package dev.jflame.core.sampler;

/**
 * How the {@code memory} budget is shared out: everything the sampler keeps counts against the one figure
 * the user gives. The call tree (with its frame names) takes three quarters; the timeline an eighth (past
 * it, its cells merge into wider ones); JFR's stacks an eighth (the converted stacks it remembers and the
 * batches the sampler has not taken yet: past it, remembered stacks are forgotten, then samples dropped);
 * where a census of virtual threads runs ({@link VirtualCensus}), it takes a sixteenth of the budget, out of the tree's share, for
 * the two tallies it may hold at once (past it, a new stack counts under its group and state alone).
 * What is not in the figure is JFR's own parser, bounded by its chunk size ({@link JfrStacks#MAX_CHUNK_BYTES}),
 * the census's reader while it reads a dump, and the sampler's fixed structures. Immutable.
 */
final class MemoryShares {
    final long treeBytes;
    final long timelineBytes;
    final long jfrBytes;
    final long censusBytes;

    MemoryShares(long budgetBytes, boolean census) {
        this.timelineBytes = budgetBytes / 8;
        this.jfrBytes = budgetBytes / 8;
        this.censusBytes = census ? budgetBytes / 16 : 0;
        this.treeBytes = budgetBytes - timelineBytes - jfrBytes - censusBytes;
    }
}

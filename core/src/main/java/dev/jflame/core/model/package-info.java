/**
 * What a profile is, and the vocabulary every layer shares: the call tree and its frames, per-state
 * counts, the timeline, the processes and the sampler's counters (SamplerStats, one table of them),
 * and the one rule for a sample's state (ThreadStates, with WaitFrames). Depends only on util; the
 * sampler, every format, diff, merge, the page and the agent build on it.
 */
package dev.jflame.core.model;

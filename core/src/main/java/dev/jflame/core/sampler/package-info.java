/**
 * The sampler: the tick, the scan of every thread's state, stack capture (JFR's sampler or the Java
 * API), waits seen between captures, and the recording of each sample into the model's tree and
 * timeline within the memory budget. Reads the options; writes nothing to disk (the agent does).
 */
package dev.jflame.core.sampler;

/**
 * Reads JDK Flight Recorder recordings (the JDK's and async-profiler's) into a profile: running
 * samples, waits turned into samples, states decided by the model's ThreadStates where a recording
 * has none.
 */
package dev.jflame.core.format.jfr;

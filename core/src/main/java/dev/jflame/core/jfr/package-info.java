/**
 * The frames and threads of JFR's events as jflame names them, shared by the sampler's JFR engine in
 * the profiled JVM and the reader of JFR recordings (format.jfr). Depends only on the model.
 */
package dev.jflame.core.jfr;

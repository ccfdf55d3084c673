/**
 * Writes pprof's profile.proto, gzipped, with its own small protobuf encoder: samples and wall time
 * per stack, labels for thread, state and process.
 */
package dev.jflame.core.format.pprof;

/**
 * Writes speedscope's JSON file format: one sampled profile per thread of each process, weights in
 * time.
 */
package dev.jflame.core.format.speedscope;

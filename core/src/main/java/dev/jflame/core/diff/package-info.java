/**
 * Compares two profiles: both call trees as one, with each side's counts, for the diff page and the
 * two-column folded output.
 */
package dev.jflame.core.diff;

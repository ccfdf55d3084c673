/**
 * jflame's own JSON profile: the writer, the strict streaming reader, the timeline's columns, the
 * strict value reading those two readers share and the tick-time histograms. The merge format:
 * spools, convert and merge read it back whole.
 */
package dev.jflame.core.format.json;

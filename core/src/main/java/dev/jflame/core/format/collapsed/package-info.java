/**
 * Folded stacks (frame;frame;leaf count): the writer, the reader (Brendan Gregg's format and
 * async-profiler's), and the two-column diff that difffolded.pl writes.
 */
package dev.jflame.core.format.collapsed;

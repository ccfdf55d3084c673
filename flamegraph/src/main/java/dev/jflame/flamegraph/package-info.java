/**
 * The HTML flame graph: one self-contained page (template pieces joined in order, the profile inlined
 * as compact JSON) and its diff variant. Depends on core's model, format interfaces and diff; the
 * agent chooses it as the html format's writer.
 */
package dev.jflame.flamegraph;

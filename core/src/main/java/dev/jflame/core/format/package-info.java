/**
 * The catalogue of profile formats: ProfileFormat (names, extensions, roles, help), recognising a
 * file by its content (ProfileInput), and the reader and writer interfaces. Each format's code lives
 * in a package below this one (json, jfr, pprof, collapsed, speedscope) and the page in the
 * flamegraph module; the agent's Codecs pairs them.
 */
package dev.jflame.core.format;

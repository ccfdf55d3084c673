/**
 * The jflame command line: one class per command (list, attach, start, status, dump, stop, run,
 * convert, merge, diff, demo, help), argument parsing into the options object, and talking to agents
 * in other JVMs.
 */
package dev.jflame.agent.cli;

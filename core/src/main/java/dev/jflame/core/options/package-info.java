/**
 * The options object: the one table of agent options, their defaults, parsing and help text, shared
 * by -javaagent, attach and the CLI's flags. Uses the format catalogue to name output formats; used
 * by the sampler and the agent.
 */
package dev.jflame.core.options;

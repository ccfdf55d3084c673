/**
 * The Java agent's entry points (premain, agentmain) and the profiling session they start: tiny entry
 * points that hand over to AgentRuntime, which never lets a failure reach the host. The top of the
 * map with the CLI.
 */
package dev.jflame.agent;

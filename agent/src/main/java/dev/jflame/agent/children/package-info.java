/**
 * Following child JVMs: the ProcessBuilder weaving that adds the agent to java commands, the options
 * children inherit, and the spool their partial profiles go into.
 */
package dev.jflame.agent.children;

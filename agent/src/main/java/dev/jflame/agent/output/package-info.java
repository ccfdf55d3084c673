/**
 * What the agent writes: profile files (atomically, by the safe-file rules), the pairing of each
 * format with its code (Codecs), and the agent's one-line voice on stderr (AgentLog).
 */
package dev.jflame.agent.output;

/**
 * The control protocol between the {@code jflame} CLI and the agent in a target JVM: the one definition
 * of its property names, requests, replies and published status.
 *
 * <p>The CLI loads the agent jar through the Attach API with a {@link Request} as the agent argument
 * string, and reads the agent's {@link Reply} back from the system property named by
 * {@link Reply#property(String)}; the agent also keeps its {@link Status} in the system property
 * {@link Status#PROPERTY}, which the CLI reads without loading anything. System properties are the
 * channel because the Attach API reads them from outside and the agent can set them with no socket or
 * file of its own.
 *
 * <p>Both sides load this package, so it depends on neither: not on the CLI (which the target never
 * loads) and not on the agent's session classes. The agent loads it into the profiled JVM at start-up,
 * which is why formatting here is plain string building: no regex, no {@code String.format}, no
 * lambdas. Parsing of replies and status runs only in the CLI.
 */
package dev.jflame.agent.protocol;

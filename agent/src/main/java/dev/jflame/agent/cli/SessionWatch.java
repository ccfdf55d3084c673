package dev.jflame.agent.cli;

import dev.jflame.agent.protocol.Status;
import java.util.List;

/**
 * Waits out an attach's duration with a progress line, over the sessions the CLI started (one JVM, or
 * a tree's). Stateless; runs on the caller's thread.
 */
final class SessionWatch {
    private static final long POLL_MILLIS = 1_000;

    /** How long a JVM whose connection dropped may take to exit before the drop counts as a lost connection. */
    private static final long EXIT_WAIT_SECONDS = 5;

    private SessionWatch() {
    }

    /**
     * Shows progress until the duration ends: the samples of all {@code agents} (a tree attach), led
     * by the first, whose exit fails the command and whose stop (from elsewhere) ends the wait.
     *
     * @param durationMillis 0: until the lead session stops or the CLI is interrupted (Ctrl+C)
     * @param output where the lead JVM writes, for the message if it exits meanwhile
     * @throws CliException if the lead JVM exits
     */
    static void until(List<AgentClient> agents, long durationMillis, String output) throws InterruptedException {
        AgentClient lead = agents.get(0);
        long[] lastSamples = new long[agents.size()];
        ProgressLine progress = ProgressLine.onTerminal();
        long start = System.currentTimeMillis();
        try {
            while (true) {
                long elapsed = System.currentTimeMillis() - start;
                if (durationMillis > 0 && elapsed >= durationMillis) {
                    return;
                }
                if (!ProcessHandle.of(lead.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    progress.end();
                    throw exited(lead, output);
                }
                Status status;
                try {
                    status = lead.status();
                } catch (CliException lost) {
                    // The connection went between the check above and the question: if the JVM is exiting
                    // (its shutdown hooks write the profile first), that is what to say.
                    progress.end();
                    throw exits(lead.pid()) ? exited(lead, output) : lost;
                }
                if (!status.isRunning()) {
                    // Stopped from elsewhere (another jflame stop): its output is written.
                    return;
                }
                lastSamples[0] = status.samples();
                long samples = lastSamples[0];
                for (int i = 1; i < agents.size(); i++) {
                    try {
                        lastSamples[i] = Math.max(lastSamples[i], agents.get(i).status().samples());
                    } catch (RuntimeException gone) {
                        // A worker that exited keeps the count it had.
                    }
                    samples += lastSamples[i];
                }
                progress.show(lead.pid(), elapsed, durationMillis, samples);
                long left = durationMillis > 0 ? durationMillis - elapsed : POLL_MILLIS;
                Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, left)));
            }
        } finally {
            progress.end();
        }
    }

    private static CliException exited(AgentClient lead, String output) {
        return CliException.failure("pid " + lead.pid() + " exited while being profiled; jflame wrote what it had to "
                + output + " at its exit (unless the JVM was killed with SIGKILL)");
    }

    /** Whether {@code pid} is gone or goes within a few seconds (a JVM writing its profile in its shutdown hooks). */
    private static boolean exits(long pid) throws InterruptedException {
        java.util.Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty()) {
            return true;
        }
        try {
            p.get().onExit().get(EXIT_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return !p.get().isAlive();
        }
    }
}

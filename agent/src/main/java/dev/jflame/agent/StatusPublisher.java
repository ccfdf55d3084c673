package dev.jflame.agent;

import dev.jflame.agent.output.AgentLog;
import dev.jflame.agent.protocol.Status;
import dev.jflame.core.sampler.Progress;

/**
 * Keeps the system property {@link Status#PROPERTY} describing the current session, refreshed about
 * once a second while it runs. Thread-safe.
 *
 * <p>Why a property and not the {@code status} command: the CLI reads properties through the Attach
 * API without loading the agent again, and on JDK 21+ every dynamic agent load prints a four-line
 * warning in the target (JEP 451). A progress line that polled by loading the agent would fill the
 * service's stderr; {@code jflame list} would load jflame into every JVM it looks at.
 */
final class StatusPublisher {
    private static final long REFRESH_MILLIS = 1_000;

    private final ProfilerSession session;
    private final long intervalNanos;
    private final Thread thread;

    private StatusPublisher(ProfilerSession session, long intervalNanos) {
        this.session = session;
        this.intervalNanos = intervalNanos;
        // An inner class and no String.format: both would add to the start-up of the profiled JVM.
        this.thread = new Thread(new Runnable() {
            @Override
            public void run() {
                refreshLoop();
            }
        }, "jflame-status");
        thread.setDaemon(true);
    }

    /** Publishes now and starts refreshing until the session finishes or {@link #stop()} is called. */
    static StatusPublisher start(ProfilerSession session, long intervalNanos) {
        StatusPublisher p = new StatusPublisher(session, intervalNanos);
        session.sampler().exclude(p.thread);
        // Before returning: the CLI reads the property as soon as `start` answers.
        p.publish();
        p.thread.start();
        return p;
    }

    /** Ends the refresh thread (waiting for it, so no jflame thread outlives a stop) and publishes once more. */
    void stop() {
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        publish();
    }

    /** Returns whether the session had finished. */
    boolean publish() {
        Status status = current();
        System.setProperty(Status.PROPERTY, status.format());
        return !status.isRunning();
    }

    /** The session now: for the property and for the {@code status} command's reply. */
    Status current() {
        ProfilerSession s = session;
        boolean finished = s.isFinished();
        Progress p = s.sampler().progress();
        return new Status(finished ? Status.State.STOPPED : Status.State.RUNNING, s.startMillis(), p.samples, p.ticks,
                p.tickP50Micros, p.tickP99Micros, p.tickMaxMicros, intervalNanos, p.activeNanos / 1_000_000,
                s.sampler().captureStrategy(), s.output().getAbsolutePath());
    }

    private void refreshLoop() {
        try {
            // isFinished() waits while finish() writes, so "stopped" is published only once the file is there.
            do {
                Thread.sleep(REFRESH_MILLIS);
            } while (!publish());
        } catch (InterruptedException stopped) {
            // stop() publishes the final state itself.
        } catch (Throwable t) {
            AgentLog.error("status refresh failed: " + t);
        }
    }
}

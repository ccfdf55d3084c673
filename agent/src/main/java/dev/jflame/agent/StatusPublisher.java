package dev.jflame.agent;

import dev.jflame.core.model.SamplerStats;
import dev.jflame.core.options.Durations;

/**
 * Keeps the system property {@code jflame.status} describing the current session, refreshed about once
 * a second while it runs. Thread-safe.
 *
 * <p>Why a property and not the {@code status} command: the CLI reads properties through the Attach
 * API without loading the agent again, and on JDK 21+ every dynamic agent load prints a four-line
 * warning in the target (JEP 451). A progress line that polled by loading the agent would fill the
 * service's stderr; {@code jflame list} would load jflame into every JVM it looks at.
 *
 * <p>Format (contract with the CLI): {@code running|stopped key=value ... output=PATH}; {@code output}
 * comes last because a path may contain spaces.
 */
final class StatusPublisher {
    static final String PROPERTY = "jflame.status";
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
        String line = describe();
        System.setProperty(PROPERTY, line);
        return line.startsWith("stopped");
    }

    /** One line for the property and for the {@code status} command's reply. */
    String describe() {
        ProfilerSession s = session;
        boolean finished = s.isFinished();
        SamplerStats st = s.sampler().stats();
        return (finished ? "stopped" : "running")
                + " since=" + s.startMillis()
                + " samples=" + st.samples
                + " ticks=" + st.ticks
                + " tick_p50_us=" + st.tickMicros.getValueAtPercentile(50)
                + " tick_p99_us=" + st.tickMicros.getValueAtPercentile(99)
                + " tick_max_us=" + st.tickMicros.getMaxValue()
                + " interval=" + Durations.format(intervalNanos)
                + " active_ms=" + st.activeNanos / 1_000_000
                + " capture=" + s.sampler().captureStrategy()
                + " output=" + s.output().getAbsolutePath();
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

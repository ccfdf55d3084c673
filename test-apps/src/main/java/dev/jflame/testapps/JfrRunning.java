package dev.jflame.testapps;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Waits until JFR gives the profiler in this JVM its running stacks, for tests about those stacks.
 * JFR takes a good part of a second to start the first time in a JVM and, on a loaded machine,
 * several: a program that worked a fixed time from its start could end before JFR ran, and its
 * profile would hold none of JFR's stacks. Stateless.
 *
 * <p>Where jflame publishes its status in the system property {@code jflame.status} (a JVM it was
 * started in with {@code -javaagent}), the wait ends when that says its stacks come from JFR
 * ({@code capture=jfr…}): from then on its profile says so too. A JVM that publishes none (one under
 * {@code jflame run}) waits until a JFR recording runs. It only looks: JFR is never started or
 * initialized from here. Loaded only by programs given {@code --wait-for-jfr true}, so that the
 * others run on an image without the {@code jdk.jfr} module.
 */
final class JfrRunning {
    /** Longer than any JFR start seen on a loaded machine; only a profiler that never starts JFR waits this long. */
    static final long MAX_WAIT_MILLIS = 60_000;

    private JfrRunning() {
    }

    /**
     * Returns once JFR gives the stacks; if it does not within {@link #MAX_WAIT_MILLIS}, prints one
     * line and exits with status 1 (the profile would not be the one the test is about).
     */
    static void await(String program) throws InterruptedException {
        long deadline = System.nanoTime() + MAX_WAIT_MILLIS * 1_000_000L;
        while (!jfrGivesStacks()) {
            if (System.nanoTime() - deadline > 0) {
                System.err.println(program + ": JFR gave no stacks within " + MAX_WAIT_MILLIS / 1000 + " s");
                System.err.flush();
                System.exit(1);
            }
            // Not every few milliseconds: each sleep is a new wait for the profiler to capture.
            Thread.sleep(100);
        }
    }

    private static boolean jfrGivesStacks() {
        String status = System.getProperty("jflame.status");
        if (status != null) {
            int at = status.indexOf(" capture=");
            return at >= 0 && status.startsWith("jfr", at + " capture=".length());
        }
        // isInitialized first: getFlightRecorder() would initialize JFR itself.
        if (!FlightRecorder.isInitialized()) {
            return false;
        }
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (r.getState() == RecordingState.RUNNING) {
                return true;
            }
        }
        return false;
    }
}

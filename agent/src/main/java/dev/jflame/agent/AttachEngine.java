package dev.jflame.agent;

import dev.jflame.core.options.Options;

/**
 * The engine {@code auto} chooses for an agent loaded into a running JVM. Stateless.
 *
 * <p>JFR's first start in a JVM of JDK 11-24 retransforms {@code Throwable}, {@code Error} and the
 * JDK's file and socket stream classes to add its I/O and exception events, whatever events the
 * recording asks for (JDK 17's {@code jdk.jfr.internal.instrument.JDKEvents}, run from the recorder's
 * start; {@code -Xlog:redefine+class+load} shows it on 17 and nothing on 25.0.3). Every compiled
 * method that inlined those classes is thrown away: a JDK {@code HttpServer} at 200 requests/s answered
 * nothing for up to 1.1 s after {@code jflame attach} started JFR in it, and had no stall when JFR had
 * been started there before ({@code bench/AttachLatency.java}, bench/results.md). On such a JVM,
 * {@code auto} therefore takes the Java engine when attaching, within the safepoint budget
 * ({@code capturebudget}: at most 10 captures a second on JDK 11-20, each standing for the ticks before
 * it); {@code engine=jfr} asks for JFR anyway.
 * A JVM launched with the agent pays the same retransformation at its start, where it costs no request.
 */
final class AttachEngine {
    /** JFR's streaming API, which the JFR engine needs. */
    static final int FIRST_JDK_WITH_STREAMING = 14;
    /** The first JDK whose JFR start was seen to retransform nothing. */
    static final int FIRST_JDK_WITHOUT_RETRANSFORM = 25;

    private AttachEngine() {
    }

    /**
     * Why {@code auto} takes the Java engine for this attach (one line, for the CLI to show), or null
     * where it takes its usual choice.
     */
    static String whyJava(Options options) {
        int jdk = Runtime.version().feature();
        if (options.engine() != Options.Engine.AUTO || jdk >= FIRST_JDK_WITHOUT_RETRANSFORM || jdk < FIRST_JDK_WITH_STREAMING
                || !ModuleLayer.boot().findModule("jdk.jfr").isPresent() || jfrStarted()) {
            // Where JFR cannot run at all, auto falls back with its own reason.
            return null;
        }
        return "engine=auto is using java here: JFR was never started in this JDK " + jdk
                + " JVM, and its first start retransforms the JDK's I/O and exception classes, which stalled a server for"
                + " up to 1.1 s (--opt engine=jfr uses it anyway; running stacks are now taken at safepoint polls, at most 10 times a second)";
    }

    /** Whether JFR has been started in this JVM (then a new recording retransforms nothing). */
    private static boolean jfrStarted() {
        try {
            return jdk.jfr.FlightRecorder.isInitialized();
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }
}

package dev.jflame.core.sampler;

/**
 * A source of running threads' stacks sampled asynchronously by the JVM itself, with no safepoint:
 * today JFR's sampler ({@link JfrStacks}). Stacks come in batches a while after they were taken;
 * the sampler's scan stays the clock and spreads each thread's running ticks over its stacks
 * ({@link RunningTicks}).
 */
interface AsyncStackSource extends AutoCloseable {
    /** The next complete batch, or null. Batches come out in order. */
    JfrBatch poll();

    /**
     * Waits, at most {@code maxMillis}, until a batch complete up to {@code afterMillis} (wall time)
     * is ready; returns whether one came. For the end of a profile: stacks arrive a second late.
     */
    boolean awaitBatchAfter(long afterMillis, long maxMillis);

    /**
     * Whether stacks are coming: from the moment the recording runs (JFR takes a good part of a
     * second to start the first time in a JVM) until the stream ends.
     */
    boolean isLive();

    /** Whether the stream has ended (or never started): no more stacks will come. */
    boolean isClosed();

    /** Wall time at which the recording began to sample, or 0 before it has; no stack is older. */
    long liveSinceMillis();

    /** The engine's name as profiles and {@code jflame status} show it. */
    String name();

    @Override
    void close();

    /** Why JFR's CPU-time sampler cannot run here, or null where it can. */
    static String cpuTimeSamplerMissing() {
        if (Runtime.version().feature() < 25) {
            return "JFR's CPU-time sampler needs JDK 25 or later (this is " + Runtime.version().feature() + ")";
        }
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return "JFR's CPU-time sampler exists on Linux only";
        }
        return null;
    }

    /**
     * Starts JFR's sampler in this JVM, in the background.
     *
     * @param onFailure told in one line if JFR fails to start or stops later
     * @throws IllegalStateException with a one-line reason where it cannot start at all (JDK 11-13, no
     *     {@code jdk.jfr} module in the image)
     */
    static AsyncStackSource startJfr(StackSourceSettings settings, java.util.Set<Thread> excluded, java.util.function.Consumer<String> onFailure) {
        if (Runtime.version().feature() < 14) {
            throw new IllegalStateException("JFR streaming needs JDK 14 or later (this is " + Runtime.version().feature() + ")");
        }
        if (!ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
            throw new IllegalStateException("this Java runtime has no jdk.jfr module");
        }
        try {
            Class<?> c = Class.forName("dev.jflame.core.sampler.JfrStacks");
            return (AsyncStackSource) c.getMethod("start", StackSourceSettings.class, java.util.Set.class, java.util.function.Consumer.class)
                    .invoke(null, settings, excluded, onFailure);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IllegalStateException ? (IllegalStateException) cause : new IllegalStateException("JFR did not start: " + cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("JFR did not start: " + e);
        }
    }
}

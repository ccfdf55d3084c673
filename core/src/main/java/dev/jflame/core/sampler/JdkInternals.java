package dev.jflame.core.sampler;

/**
 * What opens the JDK's internal packages that jflame uses to jflame's own classes: the agent's, which has the
 * {@code Instrumentation} it takes. It runs once, on the first jflame thread that needs one of them
 * ({@link DiagnosticCommands}, {@link JfrThreads}): not in {@code premain}, where it cost the application's
 * thread ~7 ms (the JDK's first lambdas), nor at all in a JVM that ends before it needs one. Where nothing opens
 * them, each user takes its fallback.
 */
final class JdkInternals {
    private static Runnable opener;

    private JdkInternals() {
    }

    /** Sets what opens the packages (may be null: nothing to open with; a later session's replaces it). */
    static synchronized void openWith(Runnable opensPackages) {
        if (opensPackages != null) {
            opener = opensPackages;
        }
    }

    /** Opens them, once; later calls return at once. */
    static synchronized void open() {
        Runnable r = opener;
        opener = null;
        if (r != null) {
            r.run();
        }
    }
}

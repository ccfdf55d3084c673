package dev.jflame.core.sampler;

/**
 * Tells the JVM's own service threads (reference handling, finalization, signal dispatch, cleaners,
 * process reapers, the attach listener) from the application's. Stateless.
 *
 * <p>They are recognised by what they are — their well-known names, and only outside the {@code main}
 * thread group, where the JDK puts them — never by thread group alone: common-pool workers (JDK 25
 * puts them in an "innocuous" group), threads started from virtual threads (the "VirtualThreads" group)
 * and threads in groups a framework made all run application code. Service threads only ever wait, and
 * in a wall-clock profile of a small worker JVM they would outweigh its real work. (Compiler, GC and
 * the JVM's other internal threads are not listed by a thread-group enumeration at all.)
 */
final class JvmServiceThreads {
    /**
     * Exact names of the JDK's service threads, JDK 11 to 25: reference handling, finalization, signal
     * dispatch, attach, JMX notifications, cleaners, the pollers and unparkers that serve virtual
     * threads' blocking I/O and timed waits, and the HTTP client's keep-alive cache cleaners (which push
     * mode's own connections start).
     */
    private static final String[] NAMES = {
        "Reference Handler", "Finalizer", "Signal Dispatcher", "Attach Listener", "Notification Thread",
        "Common-Cleaner", "VirtualThread-unblocker", "VirtualThread-unparker", "MasterPoller", "Read-Poller",
        "Write-Poller", "Keep-Alive-Timer", "Keep-Alive-SocketCleaner",
    };
    /** Name prefixes: the reaper is "process reaper" or, on newer JDKs, carries a pid. */
    private static final String[] PREFIXES = {"process reaper"};

    private JvmServiceThreads() {
    }

    /** @param mainGroup the application's {@code main} thread group, or null if there is none */
    static boolean isServiceThread(Thread t, ThreadGroup mainGroup) {
        String name = t.getName();
        // The thread left behind when main() returns waits for the others to end, and JFR's threads
        // ("JFR Periodic Tasks", "JFR Recorder Thread") run no application code: the JVM's, whatever
        // their group — JFR's land in main's when jflame's engine or the application starts a recording.
        if (name.equals("DestroyJavaVM") || name.startsWith("JFR ")) {
            return true;
        }
        if (!knownName(name)) {
            return false;
        }
        // A dead thread has no group: it is skipped by its state anyway.
        for (ThreadGroup g = mainGroup == null ? null : t.getThreadGroup(); g != null; g = g.getParent()) {
            if (g == mainGroup) {
                return false;
            }
        }
        return true;
    }

    private static boolean knownName(String name) {
        for (String n : NAMES) {
            if (name.equals(n)) {
                return true;
            }
        }
        for (String p : PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}

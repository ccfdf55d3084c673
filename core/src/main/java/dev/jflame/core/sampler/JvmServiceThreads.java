package dev.jflame.core.sampler;

/**
 * Tells the JVM's own service threads (reference handling, finalization, signal dispatch, cleaners,
 * process reapers, the attach listener) from the application's. Stateless.
 *
 * <p>They are recognised by what they are — their well-known names, and only outside the {@code main}
 * thread group, where the JDK puts them — never by thread group alone: common-pool workers (JDK 25
 * puts them in an "innocuous" group), threads started from virtual threads (the "VirtualThreads" group)
 * and threads in groups a framework made all run application code. Service threads only ever wait, and
 * in a wall-clock profile of a small worker JVM they would outweigh its real work. (Compiler and GC
 * threads have no {@code Thread} object a Java enumeration could list.)
 */
final class JvmServiceThreads {
    /** Exact names of the JDK's service threads, JDK 11 to 25. */
    private static final String[] NAMES = {
        "Reference Handler", "Finalizer", "Signal Dispatcher", "Attach Listener", "Notification Thread",
        "Service Thread", "Common-Cleaner", "VirtualThread-unblocker", "Monitor Deflation Thread", "Sweeper thread",
    };
    /** Name prefixes: the reaper is "process reaper" or, on newer JDKs, carries a pid; JFR's own threads. */
    private static final String[] PREFIXES = {"process reaper", "JFR ", "C1 CompilerThread", "C2 CompilerThread"};

    private JvmServiceThreads() {
    }

    /** @param mainGroup the application's {@code main} thread group, or null if there is none */
    static boolean isServiceThread(Thread t, ThreadGroup mainGroup) {
        String name = t.getName();
        // The thread left behind when main() returns waits for the others to end: the JVM's, whatever its group.
        if (name.equals("DestroyJavaVM")) {
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

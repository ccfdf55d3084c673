package dev.jflame.core.sampler;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameTable;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The live platform threads and their {@link ThreadSlot}s. Confined to the sampler thread.
 *
 * <p>Enumerates through the root thread group into a reused array: unlike the management API this
 * touches no stacks and allocates nothing per tick.
 */
final class ThreadTable {
    private static final int PRUNE_EVERY_TICKS = 128;

    private final ThreadGroup root;
    private final Pattern filter;
    /** The "main" thread group, under which the application's threads live; null to sample all threads. */
    private final ThreadGroup appGroup;
    private final Set<Thread> excluded;
    private final FrameTable frames;
    private final CallTree tree;
    private final Map<Thread, ThreadSlot> slots = new IdentityHashMap<>();
    private Thread[] threads = new Thread[64];
    private int count;

    ThreadTable(Pattern filter, boolean jvmThreads, Set<Thread> excluded, FrameTable frames, CallTree tree) {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        this.root = g;
        this.appGroup = jvmThreads ? null : applicationGroup(root);
        this.filter = filter;
        this.excluded = excluded;
        this.frames = frames;
        this.tree = tree;
    }

    /** Refreshes the thread list; returns how many threads are live. */
    int enumerate() {
        while (true) {
            count = root.enumerate(threads, true);
            if (count < threads.length) {
                return count;
            }
            threads = new Thread[threads.length * 2];
        }
    }

    Thread thread(int i) {
        return threads[i];
    }

    /** The slot of a thread from the last enumeration, or null if jflame itself owns the thread. */
    ThreadSlot slot(Thread t, long tick) {
        ThreadSlot s = slots.get(t);
        if (s == null) {
            if (excluded.contains(t)) {
                return null;
            }
            String name = t.getName();
            boolean included = (filter == null || filter.matcher(name).find()) && isApplicationThread(t);
            int node = included ? tree.child(CallTree.ROOT, frames.intern("[thread " + name + "]", FrameKind.THREAD)) : -1;
            s = new ThreadSlot(t, included, node);
            slots.put(t, s);
        }
        s.seenTick = tick;
        return s;
    }

    /**
     * The JVM's service threads (reference handling, finalization, signal dispatch, cleaners, process
     * reapers) live in the "system" group or its other subgroups, outside "main". They only wait, and
     * in a wall-clock profile of a small worker JVM they would outweigh its real work.
     */
    private boolean isApplicationThread(Thread t) {
        if (appGroup == null) {
            return true;
        }
        for (ThreadGroup g = t.getThreadGroup(); g != null; g = g.getParent()) {
            if (g == appGroup) {
                return true;
            }
        }
        return false;
    }

    private static ThreadGroup applicationGroup(ThreadGroup root) {
        ThreadGroup[] groups = new ThreadGroup[Math.max(8, root.activeGroupCount() * 2)];
        int n = root.enumerate(groups, false);
        for (int i = 0; i < n; i++) {
            if ("main".equals(groups[i].getName())) {
                return groups[i];
            }
        }
        // No "main" group (an unusual launcher): sample everything rather than nothing.
        return null;
    }

    /** Drops slots of threads that have not been seen for a while, so dead threads do not pile up. */
    void prune(long tick) {
        if (tick % PRUNE_EVERY_TICKS != 0) {
            return;
        }
        for (Iterator<ThreadSlot> it = slots.values().iterator(); it.hasNext(); ) {
            if (it.next().seenTick < tick) {
                it.remove();
            }
        }
        // Let dead threads in the tail of the reused array be collected.
        for (int i = count; i < threads.length && threads[i] != null; i++) {
            threads[i] = null;
        }
    }
}

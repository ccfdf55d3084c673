package dev.jflame.agent.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The processes a command started — its own process and everything under it, however deep — and
 * how they are stopped together. A process whose parent has died is handed to init and is no longer
 * the command's descendant, but it is still one that {@code jflame run} started: every process once
 * seen under the command stays in the tree, and so does every process of this user that the run
 * recognises as its own (a JVM writing into its spool), wherever it sits. Thread-safe: {@link #stop}
 * runs once at a time (from the shutdown hook); {@link #stopping} may be asked from any thread.
 */
final class ProcessTree {
    /** How often the tree is read again while it stops: processes may start while others end. */
    private static final long POLL_MILLIS = 20;
    /** After SIGKILL, how long to wait for the last processes to be gone before giving up on them. */
    private static final long KILL_WAIT_MILLIS = 5_000;

    private final ProcessHandle command;
    private final Predicate<ProcessHandle> recognised;
    /** Every process seen in the tree, by pid (a handle also knows its start time: a reused pid is not it). */
    private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
    private volatile boolean stopping;

    /** @param recognised whether a process outside the command's descendants is of the tree all the same */
    ProcessTree(ProcessHandle command, Predicate<ProcessHandle> recognised) {
        this.command = command;
        this.recognised = recognised;
        // First in the tree, so first to be asked to end: a script stops starting new processes.
        seen.put(command.pid(), command);
    }

    /** Whether {@link #stop} has begun: the command's end is then its doing, not the command's own. */
    boolean stopping() {
        return stopping;
    }

    /**
     * Asks every process of the tree to end with SIGTERM — on which a JVM's shutdown hook writes its
     * final profile — reading the tree again until no process of it is left or {@code graceMillis}
     * have passed, then kills what is left and waits until it is gone.
     */
    synchronized Outcome stop(long graceMillis) {
        stopping = true;
        long graceEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        Set<Long> terminated = new HashSet<>();
        adoptRecognised();
        List<ProcessHandle> alive = refresh();
        while (!alive.isEmpty() && System.nanoTime() - graceEnd < 0) {
            for (ProcessHandle p : alive) {
                // Each once: a JVM that gets a second SIGTERM while it writes its profile ignores it,
                // but a shell or another program may not.
                if (terminated.add(p.pid())) {
                    p.destroy();
                }
            }
            pause();
            alive = refresh();
        }
        if (!alive.isEmpty()) {
            adoptRecognised();
            alive = refresh();
        }
        Set<Long> killed = new HashSet<>();
        long killEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_WAIT_MILLIS);
        while (!alive.isEmpty() && System.nanoTime() - killEnd < 0) {
            // Read again after each round: a process may have started a child just before it died.
            for (ProcessHandle p : alive) {
                if (p.destroyForcibly()) {
                    killed.add(p.pid());
                }
            }
            pause();
            alive = refresh();
        }
        for (ProcessHandle p : alive) {
            killed.remove(p.pid());
        }
        return new Outcome(killed.size(), alive.size());
    }

    /** How a {@link #stop} went. Immutable. */
    static final class Outcome {
        /** Processes that did not end in the grace time and were killed. */
        final int killed;
        /** Processes still alive at the end (another user's, through a setuid program). */
        final int left;

        Outcome(int killed, int left) {
            this.killed = killed;
            this.left = left;
        }
    }

    /**
     * Adds what is under the command, and under every process of the tree that is no longer under
     * it (an orphan's children are still the orphan's), to the tree; returns the tree's live
     * processes, the command first.
     */
    private List<ProcessHandle> refresh() {
        List<ProcessHandle> roots = new ArrayList<>();
        for (ProcessHandle p : seen.values()) {
            if (p.isAlive() && (p == command || !parentInTree(p))) {
                roots.add(p);
            }
        }
        // One descendants() per root (each is a scan of every process of the machine), and most
        // trees have a single root, the command.
        for (ProcessHandle root : roots) {
            root.descendants().forEach(d -> seen.putIfAbsent(d.pid(), d));
        }
        List<ProcessHandle> alive = new ArrayList<>();
        for (ProcessHandle p : seen.values()) {
            if (p.isAlive()) {
                alive.add(p);
            }
        }
        return alive;
    }

    /**
     * Adds this user's processes that are recognised as the tree's though not under the command
     * (their parent died before the stop). A look at every process of the machine, so only at the
     * start of a stop and of its kill round.
     */
    private void adoptRecognised() {
        long self = ProcessHandle.current().pid();
        Optional<String> user = ProcessHandle.current().info().user();
        ProcessHandle.allProcesses().forEach(p -> {
            if (p.pid() != self && !seen.containsKey(p.pid()) && p.info().user().equals(user) && recognised.test(p)) {
                seen.put(p.pid(), p);
            }
        });
    }

    private boolean parentInTree(ProcessHandle p) {
        Optional<ProcessHandle> parent = p.parent();
        if (parent.isEmpty()) {
            return false;
        }
        ProcessHandle known = seen.get(parent.get().pid());
        return known != null && known.equals(parent.get()) && known.isAlive();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.jflame.core.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which way a pool leans, from a merged profile's waits across processes: the share of the workers'
 * samples spent waiting on the master (a pipe or connection whose other end the master held — a
 * starved pool), and the share of the master's spent waiting on a worker (a saturated pool). The
 * master is the process of the profile with the most children in it, the workers those children.
 * Immutable.
 */
public final class PoolBalance {
    public final ProcessInfo master;
    public final int workers;
    /** Samples of the workers, and those of them that waited on the master. */
    public final long workerSamples;
    public final long workersOnMaster;
    /** Samples of the master, and those of them that waited on one of the workers. */
    public final long masterSamples;
    public final long masterOnWorkers;

    private PoolBalance(ProcessInfo master, int workers, long workerSamples, long workersOnMaster, long masterSamples, long masterOnWorkers) {
        this.master = master;
        this.workers = workers;
        this.workerSamples = workerSamples;
        this.workersOnMaster = workersOnMaster;
        this.masterSamples = masterSamples;
        this.masterOnWorkers = masterOnWorkers;
    }

    /** The pool of {@code profile}; null where it has no process with children in it, or none waited on another. */
    public static PoolBalance of(Profile profile) {
        if (!profile.hasProcessRoots()) {
            return null;
        }
        List<ProcessInfo> processes = profile.processes();
        Map<Long, Integer> children = new HashMap<>();
        for (ProcessInfo p : processes) {
            if (p.parentPid != 0) {
                children.merge(p.parentPid, 1, Integer::sum);
            }
        }
        ProcessInfo master = null;
        for (ProcessInfo p : processes) {
            if (children.getOrDefault(p.pid, 0) > (master == null ? 0 : children.get(master.pid))) {
                master = p;
            }
        }
        if (master == null) {
            return null;
        }
        CallTree tree = profile.tree();
        FrameTable frames = profile.frames();
        Map<String, ProcessInfo> byRoot = profile.processesByRootFrame();
        // Each node's samples with its descendants': children have larger indices than their parents.
        long[] totals = new long[tree.size()];
        for (int n = tree.size() - 1; n > CallTree.ROOT; n--) {
            totals[n] += tree.selfTotal(n);
            totals[tree.parent(n)] += totals[n];
        }
        // The process of each node, top-level frame first: parents precede children.
        ProcessInfo[] of = new ProcessInfo[tree.size()];
        long workerSamples = 0;
        long workersOnMaster = 0;
        long masterSamples = 0;
        long masterOnWorkers = 0;
        for (int n = CallTree.ROOT + 1; n < tree.size(); n++) {
            int parent = tree.parent(n);
            if (parent == CallTree.ROOT) {
                of[n] = byRoot.get(frames.name(tree.frame(n)));
                if (of[n] == master) {
                    masterSamples += totals[n];
                } else if (of[n] != null && of[n].parentPid == master.pid) {
                    workerSamples += totals[n];
                }
                continue;
            }
            of[n] = of[parent];
            int f = tree.frame(n);
            if (of[n] == null || frames.kind(f) != FrameKind.PEER) {
                continue;
            }
            long peer = FrameNames.peerPid(frames.name(f));
            if (of[n] == master && isWorker(processes, peer, master)) {
                masterOnWorkers += totals[n];
            } else if (of[n].parentPid == master.pid && peer == master.pid) {
                workersOnMaster += totals[n];
            }
        }
        if (workersOnMaster + masterOnWorkers == 0) {
            return null;
        }
        return new PoolBalance(master, children.get(master.pid), workerSamples, workersOnMaster, masterSamples, masterOnWorkers);
    }

    private static boolean isWorker(List<ProcessInfo> processes, long pid, ProcessInfo master) {
        for (ProcessInfo p : processes) {
            if (p.pid == pid && p.parentPid == master.pid) {
                return true;
            }
        }
        return false;
    }

    /** Share of the workers' samples that waited on the master, 0 to 1. */
    public double workersWaited() {
        return workerSamples == 0 ? 0 : (double) workersOnMaster / workerSamples;
    }

    /** Share of the master's samples that waited on a worker, 0 to 1. */
    public double masterWaited() {
        return masterSamples == 0 ? 0 : (double) masterOnWorkers / masterSamples;
    }
}

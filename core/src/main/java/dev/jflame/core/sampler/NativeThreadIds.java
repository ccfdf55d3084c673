package dev.jflame.core.sampler;

import java.io.File;

/**
 * Which Linux task (native thread id) runs a Java thread, so that {@code /proc} can say what it waits
 * on. Java does not tell, and JFR names a thread's task only in the events it happens to record. A
 * quiet thread's CPU time as the JVM reads it ({@code ThreadMXBean.getThreadCpuTime}, the task's CPU
 * clock) equals its task's {@code sum_exec_runtime}, the first field of {@code schedstat}, to the
 * nanosecond: a thread idle in native, the only kind looked up, is told by that (checked here on JDK 17
 * and 25), read before and after so that a thread that ran meanwhile is not matched. HotSpot names each
 * thread's task after it ({@code comm}, cut to 15 bytes): the tasks of that name are read first, so a
 * thread that wakes often (a pool's feeder, every few milliseconds) is still found. Two tasks with the
 * very same nanosecond count do not both answer: no guess is made. Confined to the sampler thread.
 */
final class NativeThreadIds {
    /** A snapshot of every task's CPU time and name is read again at most this often. */
    static final long SNAPSHOT_REREAD_NANOS = 100_000_000L;
    /** Bytes of a task's name the kernel keeps. */
    private static final int COMM_BYTES = 15;

    private final File tasks = new File("/proc/self/task");
    private final ProcFiles proc;
    /** Every task's CPU time when last read, to its tid; -1 where two tasks had the same. */
    private final java.util.HashMap<Long, Integer> byCpu = new java.util.HashMap<>();
    /** Every task's name when last read, to its tids. */
    private final java.util.HashMap<String, java.util.List<Integer>> byName = new java.util.HashMap<>();
    private long snapshotNanos;
    private boolean snapshot;

    NativeThreadIds(ProcFiles proc) {
        this.proc = proc;
    }

    /**
     * The tid of the task that runs the thread named {@code name} whose CPU time {@code cpuNow} reads;
     * -1 if the thread ran while it was looked for, or no task or more than one has its time.
     */
    int of(String name, java.util.function.LongSupplier cpuNow, long nowNanos) {
        long cpuNanos = cpuNow.getAsLong();
        if (cpuNanos <= 0) {
            return -1;
        }
        if (!snapshot) {
            readSnapshot(nowNanos);
        }
        int tid = find(name, cpuNanos);
        if (tid < 0 && nowNanos - snapshotNanos > SNAPSHOT_REREAD_NANOS) {
            // A task started since, or renamed.
            readSnapshot(nowNanos);
            tid = find(name, cpuNanos);
        }
        return tid >= 0 && cpuNow.getAsLong() == cpuNanos ? tid : -1;
    }

    /** The task with this CPU time now: the snapshot's, or one of the thread's name read afresh. */
    private int find(String name, long cpuNanos) {
        Integer known = byCpu.get(cpuNanos);
        if (known != null && known >= 0 && cpuOf(known) == cpuNanos) {
            return known;
        }
        int found = -1;
        for (int tid : byName.getOrDefault(comm(name), java.util.Collections.<Integer>emptyList())) {
            if (cpuOf(tid) == cpuNanos) {
                if (found >= 0) {
                    return -1;
                }
                found = tid;
            }
        }
        return found;
    }

    private long cpuOf(int tid) {
        return proc.firstNumber("/proc/self/task/" + tid + "/schedstat");
    }

    /**
     * The name the kernel keeps of a thread named {@code name}: its first 15 characters, which are its
     * first 15 bytes for an ASCII name (one that is not matches no task here: its CPU time alone tells).
     */
    static String comm(String name) {
        return name.length() <= COMM_BYTES ? name : name.substring(0, COMM_BYTES);
    }

    private void readSnapshot(long nowNanos) {
        byCpu.clear();
        byName.clear();
        snapshot = true;
        snapshotNanos = nowNanos;
        String[] ids = tasks.list();
        if (ids == null) {
            return;
        }
        for (String id : ids) {
            int tid = Integer.parseInt(id);
            long cpu = cpuOf(tid);
            if (cpu > 0) {
                byCpu.merge(cpu, tid, (a, b) -> -1);
            }
            String comm = proc.firstLine("/proc/self/task/" + id + "/comm");
            if (comm != null) {
                byName.computeIfAbsent(comm, k -> new java.util.ArrayList<>(1)).add(tid);
            }
        }
    }
}

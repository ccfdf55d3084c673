package dev.jflame.core.sampler;

import java.io.File;

/**
 * Which Linux task (native thread id) runs a Java thread, so that {@code /proc} can say what it waits
 * on. Java does not tell, and JFR names a thread's task only in the events it happens to record. A
 * quiet thread's CPU time as the JVM reads it ({@code ThreadMXBean.getThreadCpuTime}, the task's CPU
 * clock) equals its task's {@code sum_exec_runtime}, the first field of {@code schedstat}, to the
 * nanosecond: a thread idle in native, the only kind looked up, is told by that alone (checked here on
 * JDK 17 and 25). Two tasks with the very same nanosecond count do not both answer: no guess is made.
 * Confined to the sampler thread.
 */
final class NativeThreadIds {
    /** A snapshot of every task's CPU time is read again for a thread not in it at most this often. */
    static final long SNAPSHOT_REREAD_NANOS = 100_000_000L;

    private final File tasks = new File("/proc/self/task");
    private final ProcFiles proc;
    /** Every task's CPU time when last read, to its tid; -1 where two tasks had the same. */
    private final java.util.HashMap<Long, Integer> byCpu = new java.util.HashMap<>();
    private long snapshotNanos;
    private boolean snapshot;

    NativeThreadIds(ProcFiles proc) {
        this.proc = proc;
    }

    /**
     * The tid of the task whose CPU time is the thread's, read by {@code cpuNow} before and after; -1 if
     * the thread ran meanwhile (its time moved), or no task or more than one has that time. A quiet
     * thread's time stands still, so one snapshot of all tasks serves every thread looked up while it is
     * fresh; the task found is read again to confirm it. At most one snapshot per
     * {@link #SNAPSHOT_REREAD_NANOS}, so 200 threads cost one pass over the tasks, not 200.
     */
    int of(java.util.function.LongSupplier cpuNow, long nowNanos) {
        long cpuNanos = cpuNow.getAsLong();
        if (cpuNanos <= 0) {
            return -1;
        }
        Integer tid = byCpu.get(cpuNanos);
        if (tid == null && (!snapshot || nowNanos - snapshotNanos > SNAPSHOT_REREAD_NANOS)) {
            readSnapshot(nowNanos);
            tid = byCpu.get(cpuNanos);
        }
        if (tid == null || tid < 0 || proc.firstNumber("/proc/self/task/" + tid + "/schedstat") != cpuNanos) {
            return -1;
        }
        return cpuNow.getAsLong() == cpuNanos ? tid : -1;
    }

    private void readSnapshot(long nowNanos) {
        byCpu.clear();
        snapshot = true;
        snapshotNanos = nowNanos;
        String[] ids = tasks.list();
        if (ids == null) {
            return;
        }
        for (String id : ids) {
            long cpu = proc.firstNumber("/proc/self/task/" + id + "/schedstat");
            if (cpu > 0) {
                byCpu.merge(cpu, Integer.parseInt(id), (a, b) -> -1);
            }
        }
    }
}

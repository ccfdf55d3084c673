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
    private final File tasks = new File("/proc/self/task");
    private final ProcFiles proc;

    NativeThreadIds(ProcFiles proc) {
        this.proc = proc;
    }

    /**
     * The tid of the task whose CPU time is the thread's, read by {@code cpuNow} before and after the
     * search; -1 if the thread ran meanwhile (its time moved), or no task or more than one has that time.
     */
    int of(java.util.function.LongSupplier cpuNow) {
        long cpuNanos = cpuNow.getAsLong();
        if (cpuNanos <= 0) {
            return -1;
        }
        String[] ids = tasks.list();
        if (ids == null) {
            return -1;
        }
        int found = -1;
        boolean twice = false;
        for (String id : ids) {
            if (proc.firstNumber("/proc/self/task/" + id + "/schedstat") == cpuNanos) {
                twice = found >= 0;
                found = Integer.parseInt(id);
            }
        }
        return twice || cpuNow.getAsLong() != cpuNanos ? -1 : found;
    }
}

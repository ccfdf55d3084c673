package dev.jflame.core.model;

/**
 * Metadata of one profiled JVM. Mutable and not thread-safe; a profile hands out copies.
 */
public final class ProcessInfo {
    public long pid;
    /** Main class or jar, as far as it could be found; "unknown" otherwise. */
    public String mainClass = "unknown";
    public String jdk = "";
    public String vm = "";
    public String host = "";
    public long startMillis;
    public long endMillis;
    public long intervalNanos;
    /** Pid of the JVM that launched this one under jflame, or 0. */
    public long parentPid;
    /** True when the process may have died before its last flush (read from a partial spool file). */
    public boolean partial;
    public SamplerStats stats = new SamplerStats();

    public ProcessInfo copy() {
        ProcessInfo c = new ProcessInfo();
        c.pid = pid;
        c.mainClass = mainClass;
        c.jdk = jdk;
        c.vm = vm;
        c.host = host;
        c.startMillis = startMillis;
        c.endMillis = endMillis;
        c.intervalNanos = intervalNanos;
        c.parentPid = parentPid;
        c.partial = partial;
        c.stats = stats.copy();
        return c;
    }

    /** The root frame name this process gets in a merged profile. */
    public String rootFrameName() {
        return "[pid " + pid + " " + mainClass + "]";
    }
}

package dev.jflame.core.model;

/**
 * Metadata of one profiled JVM. Mutable and not thread-safe; a profile hands out copies.
 */
public final class ProcessInfo {
    public long pid;
    /** Main class or jar, as far as it could be found; "unknown" otherwise. */
    public String mainClass = "unknown";
    /**
     * The program's arguments after the main class or jar, at most {@link #MAX_ARGS} characters; "" if
     * none or unknown. What tells a pool's workers apart. (Like JFR's own recordings, a profile then holds
     * the command line: a password passed as an argument is in it.)
     */
    public String args = "";
    /** Longest {@link #args} kept. */
    public static final int MAX_ARGS = 200;
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
    /**
     * Where running threads' stacks came from: {@code jfr} (JFR's asynchronous sampler),
     * {@code jfrcpu} (its CPU-time sampler) or {@code java} (the Java API's stack capture, taken at a
     * safepoint poll); for a profile read from a file {@link #ENGINE_FOLDED}, {@link #ENGINE_JFR_RECORDING},
     * {@link #ENGINE_JFRCPU_RECORDING} or {@link #ENGINE_ASYNC_PROFILER}. {@link #engineText()} says each in words.
     */
    public String engine = "java";
    /** The {@link #engine} of a profile read from a JFR recording's execution samples. */
    public static final String ENGINE_JFR_RECORDING = "jfr-recording";
    /** The {@link #engine} of a profile read from a JFR recording's CPU-time samples (JDK 25+). */
    public static final String ENGINE_JFRCPU_RECORDING = "jfrcpu-recording";
    /** The {@link #engine} of a profile read from folded stacks, which do not say where they came from. */
    public static final String ENGINE_FOLDED = "folded";
    /** The {@link #engine} of a profile read from async-profiler's JFR output. */
    public static final String ENGINE_ASYNC_PROFILER = "async-profiler";
    /**
     * Whether inlined methods are placed exactly: JFR with {@code -XX:+DebugNonSafepoints} on. Without
     * that flag JFR, like every capture at a safepoint poll, credits inlined code to a caller.
     */
    public boolean inlinedExact;
    public SamplerStats stats = new SamplerStats();
    /**
     * The ends of pipes and TCP connections this JVM held while it was sampled ({@code pipe:[4711] read end},
     * {@code tcp 127.0.0.1:5000 -> 127.0.0.1:41234}), at most {@link #MAX_ENDPOINTS}, the latest: what a merge matches
     * another process's {@link FrameKind#PEER} waits against to name the process at the other end.
     */
    public java.util.List<String> endpoints = new java.util.ArrayList<>();
    /** Most {@link #endpoints} kept: a pool's pipes and a service's connections to its peers, not every client of a busy server. */
    public static final int MAX_ENDPOINTS = 1024;
    /** How many virtual threads each group had at each census (JDK 25+); empty where no census ran. */
    public VirtualThreadCounts virtualThreads = new VirtualThreadCounts();

    /** Identity of the running JVM: pid, main class or jar, JDK and VM. */
    public static ProcessInfo current() {
        ProcessInfo p = new ProcessInfo();
        p.pid = dev.jflame.core.util.Pids.self();
        String command = System.getProperty("sun.java.command", "");
        p.mainClass = mainClassOf(command);
        p.args = argsOf(command);
        p.jdk = System.getProperty("java.version", "");
        p.vm = System.getProperty("java.vm.name", "") + " " + System.getProperty("java.vm.version", "");
        String host = System.getenv("HOSTNAME");
        p.host = host != null ? host : "";
        return p;
    }

    /** The main class, or the jar's file name, from a {@code sun.java.command} value. */
    public static String mainClassOf(String command) {
        // No regex: this runs in the agent's premain, where each pattern class loaded costs start-up.
        String trimmed = command.trim();
        int end = 0;
        while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end))) {
            end++;
        }
        String first = trimmed.substring(0, end);
        if (first.isEmpty()) {
            return "unknown";
        }
        if (first.endsWith(".jar")) {
            int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
            return first.substring(slash + 1);
        }
        return first;
    }

    /** Where this process's running stacks came from, in the words the page shows; the one place that describes each engine. */
    public String engineText() {
        String inlined = inlinedExact ? ", inlined code exact" : " (inlined code credited to callers: add -XX:+DebugNonSafepoints)";
        switch (engine) {
            case "jfr":
                return "JFR sampler" + inlined;
            case "jfrcpu":
                return "JFR CPU-time sampler" + inlined;
            case "java":
                return "Java stack capture (at safepoint polls: inlined code credited to callers)";
            case ENGINE_JFR_RECORDING:
                // Waits come from events with their exact durations; running time only from what the sampler took.
                return "a JFR recording's execution samples" + inlined + ". JFR samples at most 5 running threads per period"
                        + " (fewer on a busy machine) while it records waits whole: running time can be undercounted next to waiting";
            case ENGINE_JFRCPU_RECORDING:
                return "a JFR recording's CPU-time samples" + inlined;
            case ENGINE_ASYNC_PROFILER:
                return "async-profiler (a recording read from its JFR file), inlined code exact";
            case ENGINE_FOLDED:
                return "imported folded stacks (states only where a leaf frame names one; no times)";
            default:
                return engine;
        }
    }

    /** The arguments after the main class or jar in a {@code sun.java.command} value, cut at {@link #MAX_ARGS}. */
    public static String argsOf(String command) {
        String trimmed = command.trim();
        int end = 0;
        while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end))) {
            end++;
        }
        String rest = trimmed.substring(end).trim();
        return rest.length() > MAX_ARGS ? rest.substring(0, MAX_ARGS - 1) + "\u2026" : rest;
    }

    public ProcessInfo copy() {
        ProcessInfo c = new ProcessInfo();
        c.pid = pid;
        c.mainClass = mainClass;
        c.args = args;
        c.jdk = jdk;
        c.vm = vm;
        c.host = host;
        c.startMillis = startMillis;
        c.endMillis = endMillis;
        c.intervalNanos = intervalNanos;
        c.parentPid = parentPid;
        c.partial = partial;
        c.engine = engine;
        c.inlinedExact = inlinedExact;
        c.stats = stats.copy();
        c.endpoints = new java.util.ArrayList<>(endpoints);
        c.virtualThreads = virtualThreads.copy();
        return c;
    }

    /** The root frame name this process gets in a merged profile. */
    public String rootFrameName() {
        return "[pid " + pid + " " + mainClass + "]";
    }

    /** The process a {@link #rootFrameName() root frame} such as {@code [pid 12 app.Main]} names, or null for any other frame. */
    public static ProcessInfo ofRootFrame(String frame) {
        if (!frame.startsWith("[pid ") || !frame.endsWith("]")) {
            return null;
        }
        String inner = frame.substring(5, frame.length() - 1);
        int space = inner.indexOf(' ');
        String pid = space < 0 ? inner : inner.substring(0, space);
        if (pid.isEmpty() || pid.length() > 18) {
            return null;
        }
        for (int i = 0; i < pid.length(); i++) {
            if (pid.charAt(i) < '0' || pid.charAt(i) > '9') {
                return null;
            }
        }
        ProcessInfo p = new ProcessInfo();
        p.pid = Long.parseLong(pid);
        p.mainClass = space < 0 ? "unknown" : inner.substring(space + 1);
        return p;
    }
}

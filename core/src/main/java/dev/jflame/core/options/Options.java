package dev.jflame.core.options;

import dev.jflame.core.format.ProfileFormat;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The one options object of jflame: the agent string ({@code key=value,key=value}) and the CLI's
 * flags both parse into it. Immutable; build with {@link #parse(String)} or {@link #builder()}.
 */
public final class Options {
    /** Every option with its default and help text; {@link #help()} prints this table. */
    public enum Key {
        INTERVAL("interval", "10ms", "sampling period (us, ms or s); each tick is jittered by ±20% so it cannot alias with periodic work"),
        FILE("file", "jflame-%p-%t.html", "output path; %p is the pid, %t the start time (yyyyMMdd-HHmmss)"),
        // Its help is made from the format type when asked (help()), not here: a child JVM's premain never needs the formats.
        FORMAT("format", "", null),
        DURATION("duration", "0", "stop and write after this long (e.g. 30s); 0 means at JVM exit"),
        THREADS("threads", "", "regex on thread names; only matching threads are sampled; empty means all"),
        JVM_THREADS("jvmthreads", "false", "true to also sample the JVM's own service threads (Reference Handler, Finalizer, Signal Dispatcher, Common-Cleaner, process reapers...), which only wait; they are known by name, and every other thread is sampled whatever its group"),
        VCENSUS("vcensus", "auto", "census of waiting virtual threads (JDK 25+: a thread dump of them, no global pause), each counted as the ticks since the one before: auto takes one as often as its measured CPU cost keeps it within 0.5% of one core, at most once a second; a duration (e.g. 2s) takes one that often whatever it costs; off takes none"),
        DEPTH("depth", "512", "maximum frames per stack; deeper stacks keep their top frames under a [truncated] root"),
        CHILDREN("children", "true", "true to profile child JVMs this JVM starts, merged into one profile"),
        FLUSH("flush", "2s", "how often a child JVM writes its partial profile to the spool (the root JVM: every 5 periods)"),
        MEMORY("memory", "auto", "heap everything the profile keeps may use (e.g. 32m, 1g); auto is 1/16 of the maximum heap, from 4m to 256m; at most a quarter of the maximum heap (a larger value is lowered to that, with one line saying so). The call tree takes 3/4 (past it new stacks end early under [truncated: budget]), the timeline 1/8 (past it its cells merge into wider ones), JFR's stacks waiting to be counted 1/8 (past it ticks show as not sampled), the census of virtual threads (JDK 25+) 1/16 out of the tree's (past it a new stack counts under its group and state alone); JFR's own reader takes a few MB beside it"),
        ENGINE("engine", "auto", "where running threads' stacks come from: jfr (JFR's own sampler, JDK 14+: no safepoint, no pause, no bias), java (the Java API's stack capture, which stops the thread at a safepoint poll), jfrcpu (JFR's CPU-time sampler, JDK 25+ on Linux: every thread on a CPU, none left out), auto (jfrcpu on JDK 25+ on Linux, else jfr where it starts, else java, with one line saying why; java, at most 10 captures a second on JDK 11-20, when attaching to a JDK 11-24 JVM whose JFR never ran, as JFR's first start there stalls the application)"),
        JFR_DELAY("jfrdelay", "10s", "how long a followed JVM (a child of a profiled JVM, or any JVM under a script that jflame run runs) samples before it starts JFR (engines jfr, jfrcpu, auto); until then its running stacks are captured at safepoint polls, at most 10 times a second on JDK 11-20. JFR's start costs about a second of CPU on JDK 17: a JVM that lives past the delay pays at most a tenth of its life for it, a shorter one nothing; on JDK 11-24 it also throws away compiled code, a stall of up to a second in a busy JVM (for a service under jflame run: jfrdelay=0). The JVM you launch starts JFR at once"),
        WAIT_FRAMES("waitframes", "false", "true to keep, in folded stacks, the frames under a wait's leaf that name its lock and who holds it ([lock java.lang.Object@1b6d3586];[held by worker-3], or [no owner]), or the process at the other end of a pipe or connection ([waits for pid 4242 app.Worker]); the page, JSON and pprof (labels lock, lock_owner, waits_for_pid) always have them"),
        PUSH("push", "", "URL to push the profile to every pushperiod, each push that period's samples only: a Grafana Pyroscope server (http://host:4040) or an OTLP/HTTP endpoint ending in /v1development/profiles; works beside file (which then holds the whole run)"),
        APP("app", "", "the service's name in the store pushed to; empty means the main class or jar"),
        LABELS("labels", "", "labels of every pushed profile, name:value pairs separated by ';' (env:prod;region:eu-1); names are letters, digits and _"),
        PUSH_PERIOD("pushperiod", "15s", "how often the profile is pushed (at least 1s)"),
        TENANT("tenant", "", "tenant of a multi-tenant store, sent as the X-Scope-OrgID header"),
        CA_FILE("cafile", "", "PEM file of certificate authorities to trust for an https push URL, besides the system's"),
        PUSH_SECRETS("pushsecrets", "", "file of this user, readable by no one else, holding token=... (bearer) or user=... and password=... (basic) for push; without it, the environment's JFLAME_PUSH_TOKEN, or JFLAME_PUSH_USER and JFLAME_PUSH_PASSWORD; never on the command line"),
        NON_SAFEPOINTS("nonsafepoints", "true", "add -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints to the JVMs jflame starts (jflame run, child JVMs), which JFR needs to place inlined code exactly"),
        SPOOL("spool", "", "internal: directory where this JVM, as a child, writes its partial profile (replaces file and format)"),
        FOLLOWED("followed", "false", "internal: true in a JVM jflame followed to rather than one the user launched (its JFR start waits jfrdelay)"),
        PUSH_ROOT("pushroot", "", "internal: pid of the root JVM of the tree a followed JVM pushes as part of"),
        CAPTURE_BUDGET("capturebudget", "false", "internal: true where engine=java stands in for JFR (an attach to a JDK 11-24 JVM whose JFR never ran): captures that stop the world at most 10 times a second, the ticks between them carried to the next");

        final String name;
        final String defaultValue;
        final String help;

        Key(String name, String defaultValue, String help) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.help = help;
        }

        public String optionName() {
            return name;
        }

        /** Set by jflame itself, never by users: not listed in help or in the valid names. */
        public boolean isInternal() {
            return help != null && help.startsWith("internal:");
        }

        public String defaultValue() {
            return defaultValue;
        }

        public String help() {
            if (this == FORMAT) {
                return ProfileFormat.writtenNames() + "; empty means by the file's extension (" + ProfileFormat.writtenExtensions() + "), else html";
            }
            return help;
        }

        static Key named(String name) {
            for (Key k : values()) {
                if (k.name.equals(name)) {
                    return k;
                }
            }
            throw new OptionException("unknown option '" + name + "'; valid options: " + validNames());
        }

        static String validNames() {
            StringBuilder sb = new StringBuilder();
            for (Key k : values()) {
                if (!k.isInternal()) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(k.name);
                }
            }
            return sb.toString();
        }
    }

    /** Prefix of an {@linkplain #encode encoded} agent string. */
    static final String ENCODED = "b64=";

    /** Separates entries inside an encoded string that carries values verbatim; no value can hold it. */
    private static final char ENTRY_SEPARATOR = '\0';

    private final Map<Key, String> raw;
    private final long intervalNanos;
    private final String file;
    private final ProfileFormat format;
    private final long durationNanos;
    /** -1: no census of virtual threads; 0: at the rate its cost allows; else the time between two. */
    private final long vcensusNanos;
    private final Pattern threads;
    private final int depth;
    private final boolean children;
    private final boolean jvmThreads;
    private final boolean waitFrames;
    /** The profile's memory budget in bytes, or -1 for auto (resolved against the heap when asked). */
    private final long memoryBytes;
    private final long flushNanos;
    private final String spool;
    private final Engine engine;
    private final long jfrDelayNanos;
    private final boolean followed;
    private final boolean captureBudget;
    private final boolean nonSafepoints;
    private final long pushPeriodNanos;
    private final Map<String, String> labels;

    /** The {@code engine} option's values. */
    public enum Engine {
        AUTO, JFR, JFRCPU, JAVA;

        /** The value as written in options and shown in profiles. */
        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private Options(Map<Key, String> raw) {
        this.raw = raw;
        this.intervalNanos = Durations.parse(Key.INTERVAL.name, value(Key.INTERVAL), false);
        if (intervalNanos < 100_000L || intervalNanos > 10_000_000_000L) {
            throw new OptionException("bad interval '" + value(Key.INTERVAL) + "': must be between 100us and 10s");
        }
        this.file = value(Key.FILE);
        if (file.isEmpty()) {
            throw new OptionException("bad file '': expected a path such as file=out.html");
        }
        String fmt = value(Key.FORMAT);
        this.format = fmt.isEmpty() ? null : formatNamed(fmt);
        // A child (spool set) writes only its spool's JSON: its premain need not load the format type at all.
        if (format == null && value(Key.SPOOL).isEmpty()) {
            ProfileFormat byName = ProfileFormat.forFile(file);
            if (byName != null && !byName.isWritten()) {
                // Said now, not when the profile is written at exit and lost.
                throw new OptionException("bad file '" + file + "': jflame reads " + byName.label() + " but does not write them; name the output with one of "
                        + ProfileFormat.writtenExtensions() + ", or give format=");
            }
        }
        this.durationNanos = Durations.parse(Key.DURATION.name, value(Key.DURATION), true);
        String census = value(Key.VCENSUS);
        this.vcensusNanos = census.equals("off") ? -1 : census.equals("auto") ? 0 : Durations.parse(Key.VCENSUS.name, census, false);
        if (vcensusNanos >= 0 && vcensusNanos < 100_000_000L && !census.equals("auto")) {
            throw new OptionException("bad vcensus '" + census + "': auto, off, or at least 100ms");
        }
        String regex = value(Key.THREADS);
        try {
            this.threads = regex.isEmpty() ? null : Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new OptionException("bad threads regex '" + regex + "': " + e.getDescription());
        }
        this.depth = parseInt(Key.DEPTH, 1, 65_535);
        this.children = parseBoolean(Key.CHILDREN);
        this.jvmThreads = parseBoolean(Key.JVM_THREADS);
        this.waitFrames = parseBoolean(Key.WAIT_FRAMES);
        this.flushNanos = Durations.parse(Key.FLUSH.name, value(Key.FLUSH), true);
        if (flushNanos < 100_000_000L) {
            throw new OptionException("bad flush '" + value(Key.FLUSH) + "': must be at least 100ms");
        }
        this.spool = value(Key.SPOOL);
        this.memoryBytes = parseMemory(value(Key.MEMORY));
        this.engine = parseEngine(value(Key.ENGINE));
        this.jfrDelayNanos = Durations.parse(Key.JFR_DELAY.name, value(Key.JFR_DELAY), true);
        this.followed = parseBoolean(Key.FOLLOWED);
        this.captureBudget = parseBoolean(Key.CAPTURE_BUDGET);
        this.nonSafepoints = parseBoolean(Key.NON_SAFEPOINTS);
        String push = value(Key.PUSH);
        if (!push.isEmpty() && !push.startsWith("http://") && !push.startsWith("https://")) {
            throw new OptionException("bad push '" + push + "': expected an http:// or https:// URL, such as push=http://pyroscope:4040");
        }
        this.pushPeriodNanos = Durations.parse(Key.PUSH_PERIOD.name, value(Key.PUSH_PERIOD), false);
        if (pushPeriodNanos < 1_000_000_000L) {
            throw new OptionException("bad pushperiod '" + value(Key.PUSH_PERIOD) + "': must be at least 1s");
        }
        this.labels = parseLabels(value(Key.LABELS));
    }

    /** {@code env:prod;region:eu-1} in order; names of letters, digits and {@code _}, not starting with a digit or {@code __}. */
    private static Map<String, String> parseLabels(String v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v.trim().isEmpty()) {
            return java.util.Collections.unmodifiableMap(out);
        }
        for (String pair : v.split(";")) {
            int colon = pair.indexOf(':');
            String name = colon < 0 ? "" : pair.substring(0, colon).trim();
            if (colon < 0 || !name.matches("[A-Za-z_][A-Za-z0-9_]*") || name.startsWith("__")) {
                throw new OptionException("bad labels '" + v + "': expected name:value pairs separated by ';', names of letters, digits and _ (not starting with __), such as labels=env:prod;region:eu-1");
            }
            out.put(name, pair.substring(colon + 1).trim());
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Engine parseEngine(String v) {
        for (Engine e : Engine.values()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw new OptionException("bad engine '" + v + "': expected auto, jfr, jfrcpu or java");
    }

    public static Options defaults() {
        return new Options(new LinkedHashMap<>());
    }

    /**
     * Parses an agent string such as {@code interval=5ms,file=out.html}. Null or empty gives the
     * defaults.
     *
     * @throws OptionException naming the bad key or value and the valid forms
     */
    public static Options parse(String agentArgs) {
        Builder b = builder();
        // An encoded string whose entries are NUL-separated carries values verbatim: commas in a
        // path, leading or trailing spaces. A typed string is split on commas and trimmed.
        boolean verbatim = false;
        if (agentArgs != null && agentArgs.startsWith(ENCODED)) {
            agentArgs = decode(agentArgs);
            verbatim = agentArgs.indexOf(ENTRY_SEPARATOR) >= 0;
        }
        if (agentArgs != null && !agentArgs.trim().isEmpty()) {
            for (String part : agentArgs.split(verbatim ? String.valueOf(ENTRY_SEPARATOR) : ",")) {
                String p = verbatim ? part : part.trim();
                if (p.trim().isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new OptionException("bad option '" + p + "': expected key=value; valid options: " + Key.validNames());
                }
                String value = p.substring(eq + 1);
                b.set(p.substring(0, eq).trim(), verbatim ? value : value.trim());
            }
        }
        return b.build();
    }

    /**
     * An agent string in a form that {@code JAVA_TOOL_OPTIONS} and shells pass through untouched:
     * {@code b64=} and the string in unpadded base64url (letters, digits, {@code -}, {@code _}). The
     * JVM splits that variable on whitespace and treats quotes as grouping, so a path with a space or
     * a quote, or a regex with one, would make every JVM started through a script fail to start.
     */
    public static String encode(String agentString) {
        if (agentString.startsWith(ENCODED)) {
            return agentString;
        }
        return ENCODED + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(agentString.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String decode(String encoded) {
        try {
            return new String(java.util.Base64.getUrlDecoder().decode(encoded.substring(ENCODED.length())),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new OptionException("bad encoded options '" + encoded + "': " + e.getMessage());
        }
    }

    public static Builder builder() {
        return new Builder(new LinkedHashMap<>());
    }

    /** A builder holding this object's explicitly set options, to change some of them. */
    public Builder toBuilder() {
        return new Builder(new LinkedHashMap<>(raw));
    }

    /**
     * The agent string that parses back into these options (only explicitly set keys): plain
     * {@code key=value,...} when every value allows it, else {@linkplain #encode encoded} with its
     * entries NUL-separated, so that a comma or an outer space in a value (a spool path, a regex)
     * reaches the other JVM as it is.
     */
    public String toAgentString() {
        boolean plain = true;
        for (String v : raw.values()) {
            plain &= v.indexOf(',') < 0 && v.equals(v.trim());
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Key, String> e : raw.entrySet()) {
            sb.append(sb.length() == 0 ? "" : plain ? "," : String.valueOf(ENTRY_SEPARATOR));
            sb.append(e.getKey().name).append('=').append(e.getValue());
        }
        if (plain) {
            return sb.toString();
        }
        // A single entry has no separator to mark it verbatim: end it with one (an empty entry).
        return encode(raw.size() == 1 ? sb.append(ENTRY_SEPARATOR).toString() : sb.toString());
    }

    /** Help text: one line per option with its default. */
    public static String help() {
        return help(java.util.Collections.emptyMap());
    }

    /** The options' help, with {@code defaults} in place of the agent's where a command has its own (attach: 30s). */
    public static String help(Map<Key, String> defaults) {
        StringBuilder sb = new StringBuilder();
        for (Key k : Key.values()) {
            if (k.isInternal()) {
                continue;
            }
            String value = defaults.getOrDefault(k, k.defaultValue);
            String def = value.isEmpty() ? "" : " (default " + value + ")";
            sb.append(String.format(Locale.ROOT, "  %-10s %s%s%n", k.name, k.help(), def));
        }
        return sb.toString();
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    /** The file template as given, with %p and %t unexpanded. */
    public String fileTemplate() {
        return file;
    }

    /** The output path with %p and %t expanded; a child writes {@code <spool>/<pid>.json} instead. */
    public File outputFile(long pid, long startMillis) {
        if (!spool.isEmpty()) {
            return new File(spool, pid + ".json");
        }
        String path = file.replace("%p", Long.toString(pid));
        return new File(path.contains("%t") ? path.replace("%t", LocalStamp.of(startMillis)) : path);
    }

    private static ProfileFormat formatNamed(String value) {
        try {
            return ProfileFormat.named(value);
        } catch (IllegalArgumentException e) {
            throw new OptionException(e.getMessage());
        }
    }

    /** The format to write: the explicit one, else by the file's extension, else HTML. */
    public ProfileFormat outputFormat() {
        if (!spool.isEmpty()) {
            return ProfileFormat.JSON;
        }
        if (format != null) {
            return format;
        }
        ProfileFormat byName = ProfileFormat.forFile(file);
        return byName != null ? byName : ProfileFormat.HTML;
    }

    /** 0 means until the JVM exits. */
    /** The time between two censuses of virtual threads; 0: chosen from their cost; -1: none. */
    public long vcensusNanos() {
        return vcensusNanos;
    }

    public long durationNanos() {
        return durationNanos;
    }

    /** Null means every thread. */
    public Pattern threads() {
        return threads;
    }

    public int depth() {
        return depth;
    }

    public boolean children() {
        return children;
    }

    /** Whether threads outside the application's thread groups (the JVM's service threads) are sampled. */
    public boolean jvmThreads() {
        return jvmThreads;
    }

    /** Whether folded stacks keep the lock and holder frames under wait leaves. */
    public boolean waitFrames() {
        return waitFrames;
    }

    public Engine engine() {
        return engine;
    }

    /** Whether JVMs jflame starts get the flags that let JFR place inlined code exactly. */
    public boolean nonSafepoints() {
        return nonSafepoints;
    }

    public long flushNanos() {
        return flushNanos;
    }

    /** Empty unless this JVM is a child writing into its parent's spool. */
    public String spool() {
        return spool;
    }

    /** The pid of the root JVM of the tree this followed JVM pushes with, or "" in the root itself. */
    public String pushRoot() {
        return value(Key.PUSH_ROOT);
    }

    /** The URL profiles are pushed to, or "" for none. */
    public String push() {
        return value(Key.PUSH);
    }

    /** The service's name in the store, or "" for the main class or jar. */
    public String app() {
        return value(Key.APP);
    }

    /** The labels of every pushed profile, in the order given. */
    public Map<String, String> labels() {
        return labels;
    }

    public long pushPeriodNanos() {
        return pushPeriodNanos;
    }

    /** The tenant ({@code X-Scope-OrgID}), or "". */
    public String tenant() {
        return value(Key.TENANT);
    }

    /** The CA file to trust besides the system's, or "". */
    public String caFile() {
        return value(Key.CA_FILE);
    }

    /** The file push's credentials come from, or "" for the environment. */
    public String pushSecrets() {
        return value(Key.PUSH_SECRETS);
    }

    /**
     * How long to sample before starting JFR: {@code jfrdelay} in a followed JVM, 0 in the one the user
     * launched. The forking build of {@code bench/ForkingBuild.java} took 1.46x its time under
     * {@code jflame run} with JFR started in its five JVMs at once or after 3 s (Maven's own JVM then
     * paid JFR's start mid-build: class generation, JIT, on JDK 17 the retransformation of the JDK's
     * I/O classes), 1.13x with 10 s.
     */
    public long jfrDelayNanos() {
        return followed ? jfrDelayNanos : 0;
    }

    /**
     * Whether captures that stop the world keep to the safepoint budget even with no JFR behind them: an
     * attach where {@code auto} took the Java engine, so that a service pays at most 10 pauses a second.
     */
    public boolean captureBudget() {
        return captureBudget;
    }

    /**
     * Bytes of heap the profile's call tree may take: the {@code memory} option, or with {@code auto}
     * 1/16 of {@code maxHeapBytes}, clamped to 4 MB .. 256 MB; either way at most
     * {@link #mostMemoryBytes a quarter of the heap}.
     */
    public long memoryBudgetBytes(long maxHeapBytes) {
        long asked = memoryBytes >= 0 ? memoryBytes : Math.max(4L << 20, Math.min(256L << 20, maxHeapBytes / 16));
        return Math.min(asked, mostMemoryBytes(maxHeapBytes));
    }

    /**
     * The largest budget a heap of {@code maxHeapBytes} gives: a quarter of it, in whole megabytes as the
     * option is written, at least 1 MB (the least {@code memory} takes). The budget is the total of the
     * tree, the timeline and JFR's waiting stacks (MemoryShares), JFR's own reader takes a few MB beside
     * it, and a snapshot (every flush, every dump) copies the tree and timeline while the original stays:
     * at a quarter of the heap the profile alone may briefly hold nearly half of it, and past that it is
     * the application that runs out of memory.
     */
    static long mostMemoryBytes(long maxHeapBytes) {
        return Math.max(1L << 20, maxHeapBytes / 4 >> 20 << 20);
    }

    /**
     * One line saying that the {@code memory} asked for does not fit a heap of {@code maxHeapBytes} and
     * which budget is used instead, or null when it fits (or is {@code auto}, which always does).
     */
    public String memoryBudgetNote(long maxHeapBytes) {
        if (memoryBytes < 0 || memoryBytes <= mostMemoryBytes(maxHeapBytes)) {
            return null;
        }
        return "memory=" + value(Key.MEMORY) + " is more than a quarter of this JVM's maximum heap (" + (maxHeapBytes >> 20)
                + "m): a profile that size would leave the application short of memory; using memory="
                + (mostMemoryBytes(maxHeapBytes) >> 20) + "m";
    }

    public boolean isSet(Key key) {
        return raw.containsKey(key);
    }

    private String value(Key k) {
        String v = raw.get(k);
        return v != null ? v : k.defaultValue;
    }

    private int parseInt(Key k, int min, int max) {
        String v = value(k);
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the valid range
        }
        throw new OptionException("bad " + k.name + " '" + v + "': expected a whole number from " + min + " to " + max);
    }

    private static long parseMemory(String v) {
        if (v.equalsIgnoreCase("auto")) {
            return -1;
        }
        String n = v.toLowerCase(Locale.ROOT);
        long unit = 1;
        if (n.endsWith("k") || n.endsWith("m") || n.endsWith("g")) {
            unit = n.endsWith("k") ? 1L << 10 : n.endsWith("m") ? 1L << 20 : 1L << 30;
            n = n.substring(0, n.length() - 1);
        }
        if (n.matches("[0-9]{1,7}")) {
            long bytes = Long.parseLong(n) * unit;
            if (bytes >= 1L << 20) {
                return bytes;
            }
        }
        throw new OptionException("bad memory '" + v + "': expected auto or a size of at least 1m such as 64m or 1g");
    }

    private boolean parseBoolean(Key k) {
        String v = value(k);
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new OptionException("bad " + k.name + " '" + v + "': expected true or false");
    }

    /** Collects key=value pairs; {@link #build()} validates them all. Not thread-safe. */
    public static final class Builder {
        private final Map<Key, String> raw;

        private Builder(Map<Key, String> raw) {
            this.raw = raw;
        }

        /** Sets an option by its name. @throws OptionException for an unknown name */
        public Builder set(String name, String value) {
            return set(Key.named(name.toLowerCase(Locale.ROOT)), value);
        }

        public Builder set(Key key, String value) {
            raw.put(key, value);
            return this;
        }

        /** Back to the default for {@code key}. */
        public Builder unset(Key key) {
            raw.remove(key);
            return this;
        }

        /** @throws OptionException naming the first bad value */
        public Options build() {
            return new Options(new LinkedHashMap<>(raw));
        }
    }
}

package dev.jflame.core.sampler;

import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.ThreadStates;
import dev.jflame.core.model.VirtualGroups;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A census of the virtual threads that wait (JDK 25+): on its own daemon thread ({@code jflame-vcensus}),
 * the JDK's JSON thread dump ({@code HotSpotDiagnosticMXBean.dumpThreads}, which takes each virtual
 * thread's stack on its own: no global pause) is written to a private file, read back
 * ({@link VirtualThreadDump}) and tallied by group, state and stack; the sampler thread takes each
 * finished tally ({@link #take}) and records it. Its methods may be called from any thread; a tally is
 * handed over whole.
 *
 * <p>How often: a census of 10 000 parked virtual threads cost about 0.56 s of CPU here, 100 000 ten
 * times that (bench/results.md), so with {@code vcensus=auto} the first comes a second after the start
 * and the time to each next one is the last one's CPU time times {@link #CPU_SHARE_DIVISOR} (half a percent
 * of one core), at least a second: a crowd ten times larger is counted ten times less often, never at more
 * cost (10 000 parked virtual threads: about every two minutes; 100 000: every 15-20 minutes). Every
 * tick counts the census nearest to it ({@link CensusRecorder}), so even one census stands for the whole
 * profile. A dump the reader refuses, or a JVM that cannot dump, stops the census with one line.
 */
final class VirtualCensus {
    /** The first JDK whose thread dump says which threads are virtual, and their states. */
    static final int FIRST_JDK = 25;
    /**
     * Keep the census's own CPU within 1/this of one core's time. It costs the application about twice that:
     * the collections of what the dump allocates come on top (at 1/100, IdleCrowd with 10 000 parked virtual
     * threads kept 0.988 of its throughput against 0.99 asked; bench/results.md).
     */
    static final long CPU_SHARE_DIVISOR = 200;
    /** The first census comes this long after the start, and none comes sooner after the one before. */
    static final long MIN_AUTO_NANOS = 1_000_000_000L;
    /**
     * Distinct stacks kept per tally, and frames in them all (references to frames shared through the
     * reader: 8 bytes each, so 2.4 MB at most); past either, or past the tally's bytes ({@link Tally}), a
     * thread with a stack not seen yet counts under its group and state alone.
     */
    static final int MAX_ENTRIES = 20_000;
    static final int MAX_FRAMES_KEPT = 300_000;
    /** Monitors whose holders a tally keeps. */
    static final int MAX_OWNERS = 10_000;
    /**
     * Heap a tally keeps, as counted against its share of {@code memory}: a distinct stack's entry (the key
     * object, its count, the map's node) beside its frame references (8 bytes each); a frame the reader made,
     * the first time a kept stack holds it (the element and its three strings, the identity set's slot);
     * a monitor's holder (two strings, the node). Rounded up from the JDK's object layouts with compressed
     * references, so the count is never under: measured, a tally of new frames keeps 9-17 % less than it counts
     * (bench/results.md).
     */
    static final int ENTRY_BYTES = 128;
    static final int FRAME_BYTES = 288;
    static final int OWNER_BYTES = 160;

    /** One census, tallied. Immutable once handed over. */
    static final class Tally implements VirtualThreadDump.Visitor {
        final Map<Entry, long[]> counts = new HashMap<>();
        /** Who holds each monitor, by its identity, any thread of the dump (read to the end before it is asked). */
        final Map<String, String> owners = new HashMap<>();
        /** Live virtual threads per group, mounted ones included: what the profile's count over time shows. */
        final Map<String, Long> live = new HashMap<>();
        /** Frames kept per stack: the profile's depth and one more, which tells the recorder the stack was cut. */
        private final int maxFrames;
        private long framesKept;
        /** The heap this tally may keep, and what it keeps (see {@link #ENTRY_BYTES}). */
        private final long maxBytes;
        private long bytesKept;
        /** The reader's frames a kept stack holds, each counted once; dropped once the census is read. */
        private Set<StackTraceElement> framesCounted = Collections.newSetFromMap(new IdentityHashMap<>());
        final long atMillis = System.currentTimeMillis();
        long threads;
        long cpuNanos;
        long wallNanos;
        private final VirtualGroups groups = new VirtualGroups();

        Tally(int maxDepth, long maxBytes) {
            this.maxFrames = maxDepth + 1;
            this.maxBytes = maxBytes;
        }

        @Override
        public void owns(String holder, String monitor) {
            if (owners.size() < MAX_OWNERS && bytesKept + OWNER_BYTES <= maxBytes && owners.put(monitor, holder) == null) {
                bytesKept += OWNER_BYTES;
            }
        }

        /** The census is read: nothing more will be kept. */
        void finished() {
            framesCounted = null;
        }

        /** The heap keeping {@code stack} would add: its entry, and the frames no kept stack holds yet. */
        private long bytesOf(StackTraceElement[] stack) {
            long bytes = ENTRY_BYTES + 8L * stack.length;
            for (StackTraceElement f : stack) {
                if (!framesCounted.contains(f)) {
                    bytes += FRAME_BYTES;
                }
            }
            return bytes;
        }

        @Override
        public void visit(String name, Thread.State jvmState, String lockClass, String monitor, StackTraceElement[] stack) {
            SampleState state = ThreadStates.ofVirtualThread(jvmState, lockClass, stack);
            String group = groups.of(name);
            Entry e = new Entry(group, state, lockClass, monitor, stack.length > maxFrames ? Arrays.copyOf(stack, maxFrames) : stack);
            long[] n = counts.get(e);
            long bytes = 0;
            // The stack's bytes are counted only where the other bounds leave room for it: past them, every new stack
            // would walk its frames for nothing.
            if (n == null && (counts.size() >= MAX_ENTRIES || framesKept + e.stack.length > MAX_FRAMES_KEPT
                    || bytesKept + (bytes = bytesOf(e.stack)) > maxBytes)) {
                e = new Entry(group, state, lockClass, null, new StackTraceElement[0]);
                n = counts.get(e);
                // A group and state without a stack: a few of them, whatever the budget.
                bytes = ENTRY_BYTES;
            }
            if (n == null) {
                n = new long[1];
                counts.put(e, n);
                framesKept += e.stack.length;
                bytesKept += bytes;
                Collections.addAll(framesCounted, e.stack);
            }
            n[0]++;
            threads++;
            live.merge(group, 1L, Long::sum);
        }

        @Override
        public void mounted(String name) {
            live.merge(groups.of(name), 1L, Long::sum);
        }
    }

    /** A group, state, lock class, monitor and stack: the census's key. */
    static final class Entry {
        final String group;
        final SampleState state;
        final String lockClass;
        /** The monitor's identity ({@code class@hash}) for a thread blocked on one or in its {@code Object.wait}; else null. */
        final String monitor;
        final StackTraceElement[] stack;
        private final int hash;

        Entry(String group, SampleState state, String lockClass, String monitor, StackTraceElement[] stack) {
            this.group = group;
            this.state = state;
            this.lockClass = lockClass;
            this.monitor = monitor;
            this.stack = stack;
            this.hash = (((group.hashCode() * 31 + state.hashCode()) * 31 + (lockClass == null ? 0 : lockClass.hashCode())) * 31
                    + (monitor == null ? 0 : monitor.hashCode())) * 31 + Arrays.hashCode(stack);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Entry)) {
                return false;
            }
            Entry e = (Entry) o;
            return hash == e.hash && group.equals(e.group) && state == e.state && java.util.Objects.equals(lockClass, e.lockClass)
                    && java.util.Objects.equals(monitor, e.monitor) && Arrays.equals(stack, e.stack);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final Object bean;
    private final Method dump;
    private final Object json;
    private final long fixedNanos;
    private final int maxDepth;
    /** The heap each tally may keep: half the census's share of {@code memory}, as two may be alive (one held, one taken). */
    private final long tallyBytes;
    private final Consumer<String> onFailure;
    private final AtomicReference<Tally> ready = new AtomicReference<>();
    private volatile boolean stopped;
    private Thread thread;

    private VirtualCensus(Object bean, Method dump, Object json, long fixedNanos, int maxDepth, long maxBytes, Consumer<String> onFailure) {
        this.maxDepth = maxDepth;
        this.tallyBytes = maxBytes / 2;
        this.bean = bean;
        this.dump = dump;
        this.json = json;
        this.fixedNanos = fixedNanos;
        this.onFailure = onFailure;
    }

    /**
     * A census for this JVM, started, or null where there is none to take: JDK 24 or older (no virtual
     * threads before 21, no states in the dump before 25), {@code vcensusNanos} -1, or a JVM without the
     * dump (then {@code onFailure} says so). What it keeps stays within {@code maxBytes}.
     */
    static VirtualCensus start(long vcensusNanos, int maxDepth, long maxBytes, Consumer<String> onFailure) {
        if (!wouldRun(vcensusNanos)) {
            return null;
        }
        try {
            // By reflection: core is built for Java 11, and the JSON dump is JDK 21's.
            Class<?> beanClass = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Class<?> formatClass = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object json = Enum.valueOf((Class) formatClass, "JSON");
            Object bean = ManagementFactory.getPlatformMXBean(beanClass.asSubclass(java.lang.management.PlatformManagedObject.class));
            Method dump = beanClass.getMethod("dumpThreads", String.class, formatClass);
            VirtualCensus c = new VirtualCensus(bean, dump, json, vcensusNanos, maxDepth, maxBytes, onFailure);
            Thread t = new Thread(c::run, "jflame-vcensus");
            t.setDaemon(true);
            c.thread = t;
            t.start();
            return c;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            onFailure.accept("jflame: no census of virtual threads: " + e);
            return null;
        }
    }

    /** Whether {@link #start} would start a census here ({@code memory} then gives it a share). */
    static boolean wouldRun(long vcensusNanos) {
        // JDK 21-24's JSON dump has each thread's name and stack only: nothing says which are virtual, or
        // in what state. The fields came in JDK 25.
        return vcensusNanos >= 0 && Runtime.version().feature() >= FIRST_JDK;
    }

    /** The census's thread: one of jflame's own, never sampled. */
    Thread thread() {
        return thread;
    }

    /** The newest finished census not yet taken, or null. */
    Tally take() {
        return ready.getAndSet(null);
    }

    void stop() {
        stopped = true;
        thread.interrupt();
    }

    private void run() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Path dir = null;
        try {
            // Owner-only (createTempDirectory's POSIX mode is 700), so nobody can plant a file or a link
            // where the JDK writes the dump. A JVM that exits during a dump leaves no file behind: the
            // hooks run in reverse order, the file first (an open file is unlinked), then the directory.
            dir = Files.createTempDirectory("jflame-vcensus");
            Path file = dir.resolve("threads.json");
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            // The time from one census's start to the next one's; a census that takes longer is followed
            // by the next after a pause of a tenth of its own time.
            long wait = fixedNanos > 0 ? fixedNanos : MIN_AUTO_NANOS;
            long lastWall = 0;
            while (!stopped) {
                Thread.sleep(Math.max(wait - lastWall, lastWall / 10) / 1_000_000L);
                long cpu0 = mx.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                Tally tally = new Tally(maxDepth, tallyBytes);
                Files.deleteIfExists(file);
                dump.invoke(bean, file.toString(), json);
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    VirtualThreadDump.read(in, tally);
                }
                Files.deleteIfExists(file);
                tally.finished();
                tally.cpuNanos = mx.getCurrentThreadCpuTime() - cpu0;
                tally.wallNanos = System.nanoTime() - wall0;
                lastWall = tally.wallNanos;
                ready.set(tally);
                if (fixedNanos <= 0) {
                    wait = Math.max(MIN_AUTO_NANOS, tally.cpuNanos * CPU_SHARE_DIVISOR);
                }
            }
        } catch (InterruptedException e) {
            // stopped
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            if (!stopped) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
                onFailure.accept("jflame: the census of virtual threads stopped: " + cause);
            }
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("threads.json"));
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a temporary directory left behind; nothing for the host to hear of
                }
            }
        }
    }
}

package dev.jflame.core.sampler;

import dev.jflame.core.model.Endpoints;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Waits that cross processes (Linux): what a thread idle in native I/O waits on — the system call its
 * task is in ({@code /proc/self/task/<tid>/syscall}) and the descriptor's pipe or connection
 * ({@link OpenEndpoints}) — and the pipes and connections this JVM holds, which a merge matches other
 * processes' waits against to name the process at the other end.
 *
 * <p>Cheap by construction: a thread is looked up only when it is captured idle in native, which a
 * thread that stays idle is once per {@link ThreadSampling#MAX_NATIVE_REUSES} ticks, at most
 * {@link #LOOKUPS_PER_TICK} a tick — and not even then if its CPU time has not moved since its last
 * lookup: it never left that call (the answer of a wait that lasts seconds does not change); the
 * inventory of this JVM's descriptors runs at most twice a second and takes at most
 * 1/{@link #INVENTORY_COST_DIVISOR} of the time between two. Elsewhere than Linux on x86-64 or
 * AArch64, off with one line. Confined to the sampler thread (under the sampler's lock).
 */
final class PeerWaits {
    /** Idle threads whose far end is read in one tick at most; the rest keep their stack without it until their next capture. */
    static final int LOOKUPS_PER_TICK = 4;
    /** Tid searches per tick at most (each a read or two, and now and then a pass over every task's {@code schedstat}). */
    static final int SEARCHES_PER_TICK = LOOKUPS_PER_TICK;
    /** A thread whose task was not found this many times is not looked for again (it was never quiet while looked for). */
    static final int MAX_SEARCHES_PER_THREAD = 32;
    /** Descriptors looked at per inventory at most. */
    static final int MAX_FDS = 1024;
    /** Inventories whose cost does not set the gap to the next: the JVM has not compiled their code yet. */
    static final int WARM_UP_INVENTORIES = 4;
    /**
     * Inventories are at least this far apart: a pool's pipes live as long as its workers, and a pool
     * that lives a second must still be seen with them.
     */
    static final long MIN_INVENTORY_GAP_NANOS = 500_000_000L;
    /**
     * An inventory that took t of CPU waits at least t times this for the next one: at most 0.1 % of a
     * core (400 sockets took 3 ms, so one every 3 s; a pool's JVM with 30 descriptors 0.3 ms, twice a second).
     */
    static final int INVENTORY_COST_DIVISOR = 1000;
    /** What {@link #endpointOf} answers when it could not look in this tick: ask again in a later one. */
    static final String LATER = new String("later");
    /** pollfd entries read from a {@code poll} call's array at most. */
    private static final int MAX_POLL_FDS = 4;

    private final SystemCalls calls;
    private final ProcFiles proc = new ProcFiles();
    private final NativeThreadIds tids = new NativeThreadIds(proc);
    private final OpenEndpoints open = new OpenEndpoints(proc);
    private final java.util.ArrayList<String> scratch = new java.util.ArrayList<>();
    private final java.lang.management.ThreadMXBean mx;
    private final Set<String> held = new HashSet<>();
    private RandomAccessFile memory;
    private boolean memoryUnreadable;
    private long nextInventoryNanos;
    private int inventories;
    private long lookupsTick = -1;
    private int lookups;
    private int searches;

    private PeerWaits(SystemCalls calls, java.lang.management.ThreadMXBean mx) {
        this.calls = calls;
        this.mx = mx;
    }

    /** For this JVM; null, with one line on stderr, where {@code /proc} or the system call numbers are not known. */
    static PeerWaits forThisJvm(java.lang.management.ThreadMXBean mx) {
        String why = null;
        SystemCalls calls = SystemCalls.forArch(System.getProperty("os.arch", ""));
        if (!new File("/proc/self/task").isDirectory()) {
            why = "no /proc/self/task (not Linux)";
        } else if (!mx.isThreadCpuTimeSupported() || !mx.isThreadCpuTimeEnabled()) {
            why = "the JVM does not give threads' CPU time, which tells their tasks";
        } else if (calls == null) {
            why = "system calls of " + System.getProperty("os.arch") + " not known";
        }
        if (why != null) {
            System.err.println("jflame: waits across processes are off: " + why);
            return null;
        }
        return new PeerWaits(calls, mx);
    }

    /**
     * What the idle thread of {@code s} waits on at the other end ({@link Endpoints}); null where it is not
     * in a read, write, poll or wait on a pipe, connection or child, or its task cannot be found;
     * {@link #LATER} (compare by identity) where this tick's lookups are spent, or its task was busy while
     * looked for. Sets {@code s.outOfCall} when the kernel says the thread is in no system call at all:
     * then it is not idle, whatever its CPU clock said.
     */
    String endpointOf(ThreadSlot s, long tick, long nowNanos) {
        if (tick != lookupsTick) {
            lookupsTick = tick;
            lookups = 0;
            searches = 0;
        }
        if (s.peerKnown && s.cpuNanos == s.peerCpuNanos) {
            // It has not run since it was last looked up: still in the same call on the same descriptor.
            return s.peerEndpoint;
        }
        if (lookups >= LOOKUPS_PER_TICK) {
            return LATER;
        }
        if (s.tid == 0) {
            if (s.tidSearches >= MAX_SEARCHES_PER_THREAD) {
                return null;
            }
            if (searches >= SEARCHES_PER_TICK) {
                return LATER;
            }
            searches++;
            s.tidSearches++;
            long id = s.id;
            int tid = tids.of(s.thread.getName(), new java.util.function.LongSupplier() {
                @Override
                public long getAsLong() {
                    return mx.getThreadCpuTime(id);
                }
            }, nowNanos);
            if (tid < 0) {
                return s.tidSearches < MAX_SEARCHES_PER_THREAD ? LATER : null;
            }
            s.tid = tid;
        }
        lookups++;
        String line = proc.firstLine("/proc/self/task/" + s.tid + "/syscall");
        if (line == null) {
            return null;
        }
        s.outOfCall = !Character.isDigit(line.charAt(0));
        if (s.outOfCall) {
            // "running", or "-1 ...": in no system call. Its CPU clock stood still, yet it waits for
            // nothing but a core (a CPU-bound native call on a loaded machine), or it has just been woken.
            return null;
        }
        String endpoint = endpointOfCall(line, nowNanos);
        s.peerKnown = true;
        s.peerCpuNanos = s.cpuNanos;
        s.peerEndpoint = endpoint;
        return endpoint;
    }

    /** {@code "0 0x5 0x7f..."}: system call number, then its arguments in hex; "running" or "-1 ..." outside one. */
    private String endpointOfCall(String line, long nowNanos) {
        String[] f = line.split(" ");
        if (f.length < 3) {
            return null;
        }
        int nr;
        long arg0;
        long arg1;
        try {
            nr = Integer.parseInt(f[0]);
            arg0 = Long.parseUnsignedLong(f[1].substring(2), 16);
            arg1 = Long.parseUnsignedLong(f[2].substring(2), 16);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return null;
        }
        switch (calls.kind(nr)) {
            case FD:
                return open.ofFd(arg0, nowNanos);
            case POLL:
                return polled(arg0, arg1, nowNanos);
            case WAIT_PID:
                return (int) arg0 > 0 ? Endpoints.pid((int) arg0) : null;
            case WAIT_ID:
                // waitid(P_PID = 1, pid, ...)
                return arg0 == 1 && arg1 > 0 ? Endpoints.pid(arg1) : null;
            default:
                return null;
        }
    }

    /**
     * The first pipe or connection among the descriptors a {@code poll} waits on: its array of
     * {@code struct pollfd} (an int descriptor, two shorts) is read from this process's own memory.
     */
    private String polled(long address, long count, long nowNanos) {
        if (memoryUnreadable || address == 0) {
            return null;
        }
        try {
            if (memory == null) {
                memory = new RandomAccessFile("/proc/self/mem", "r");
            }
            int n = (int) Math.min(count, MAX_POLL_FDS);
            byte[] b = new byte[8 * n];
            memory.seek(address);
            memory.readFully(b);
            for (int i = 0; i < n; i++) {
                int fd = (b[8 * i] & 0xff) | (b[8 * i + 1] & 0xff) << 8 | (b[8 * i + 2] & 0xff) << 16 | (b[8 * i + 3] & 0xff) << 24;
                String e = fd >= 0 ? open.ofFd(fd, nowNanos) : null;
                if (e != null) {
                    return e;
                }
            }
        } catch (IOException e) {
            // The array is gone (the call returned) or the memory cannot be read here: only the former passes.
            if (memory == null) {
                memoryUnreadable = true;
            }
        }
        return null;
    }

    /**
     * Adds to {@code into} (at most {@code max} in all, the oldest dropped first) the pipes and connections
     * this JVM holds now and had not listed before; at most every {@link #MIN_INVENTORY_GAP_NANOS}, less often if it proved
     * costly, unless {@code force} (the final profile, written while they are still open).
     */
    void inventory(List<String> into, int max, long nowNanos, boolean force) {
        if (!force && inventories > 0 && nowNanos - nextInventoryNanos < 0) {
            return;
        }
        // Its cost in the sampler thread's CPU time: on a loaded machine the wall time it took is mostly
        // time the thread waited for a core (20-70 ms for 3 descriptors beside two busy loops).
        long start = mx.getCurrentThreadCpuTime();
        scratch.clear();
        open.addOpen(scratch, MAX_FDS, nowNanos);
        for (String e : scratch) {
            if (held.add(e)) {
                if (into.size() >= max) {
                    // A service's connections come and go for days: the oldest quarter makes room, the
                    // pipes and connections held now are listed again at the next inventory.
                    java.util.List<String> oldest = into.subList(0, max / 4);
                    held.removeAll(oldest);
                    oldest.clear();
                }
                into.add(e);
            }
        }
        long cost = mx.getCurrentThreadCpuTime() - start;
        // The first ones run interpreted and load the classes they use (11-40 ms for 40 descriptors,
        // where a warm one takes 0.5 ms): not a measure of the next.
        boolean warm = inventories++ >= WARM_UP_INVENTORIES;
        nextInventoryNanos = nowNanos + Math.max(MIN_INVENTORY_GAP_NANOS, warm ? cost * INVENTORY_COST_DIVISOR : 0);
    }

    /** Closes the handle on this process's memory, if one was opened. */
    void close() {
        if (memory != null) {
            try {
                memory.close();
            } catch (IOException e) {
                // Nothing was written through it.
            }
            memory = null;
        }
    }
}

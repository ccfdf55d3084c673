package dev.jflame.core.format.jfr;

import dev.jflame.core.format.ProfileReader;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.Profile;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a JFR recording — the JDK's own ({@code -XX:StartFlightRecording}, {@code jcmd JFR.dump}) or
 * async-profiler's ({@code file=x.jfr}) — as a one-process profile. Stateless and thread-safe. Needs
 * the {@code jdk.jfr} module (every JDK 11+ has it), read through {@code jdk.jfr.consumer.RecordingFile}
 * one event at a time: memory grows with the call tree, not with the number of events.
 *
 * <p><b>Events to states.</b> Frames and threads are named as jflame's own sampler names them
 * ({@link dev.jflame.core.jfr.JfrFrames}, {@code [thread name]}, {@code [truncated]} above a stack
 * JFR cut at its depth, one {@code [virtual threads]} node for the samples of virtual threads); a
 * state other than running ends in the state's leaf ({@link dev.jflame.core.model.SampleState#leafFrame}).
 * <ul>
 * <li>{@code jdk.ExecutionSample} (a thread in Java code): running.
 * <li>{@code jdk.NativeMethodSample} (a thread in a native method, whether it uses a CPU or not, which
 *   JFR cannot tell): idle in native when its top frame is one of the JDK's blocking I/O calls (accept,
 *   epoll, a socket read — where jflame's sampler, which can tell by the thread's CPU time, nearly
 *   always finds threads idle), else running (compression, crypto, JNI work), its native frame kept.
 * <li>{@code jdk.JavaMonitorEnter}: blocked, {@code [BLOCKED on <monitorClass>]}, at the method that
 *   waits for the monitor; under that leaf the monitor, {@code [lock <monitorClass>@<address in hex>]},
 *   and the thread that held it last before the waiter got it, {@code [held by <previousOwner>]}
 *   (none where the recording does not name one; {@code JfrWaitTargets} says why, and why parks have
 *   neither). {@code jdk.JavaMonitorWait}: waiting on its monitor class, timed waiting
 *   when it had a timeout. {@code jdk.ThreadPark}: parked when there is no blocker ({@code parkedClass}),
 *   else waiting (timed waiting with a timeout or deadline) on the blocker's class, as jstack and
 *   jflame's sampler say it. {@code jdk.ThreadSleep}: timed waiting (on newer JDKs, 25 here, its stack
 *   starts at the caller of {@code Thread.sleep}, whose own frames JFR leaves out).
 * <li>{@code jdk.CPUTimeSample} (JDK 25): running.
 * <li>async-profiler writes {@code jdk.ExecutionSample} (CPU samples; in wall mode with
 *   {@code nobatch}) and {@code profiler.WallClockSample} (wall mode), each with its own thread state:
 *   {@code STATE_RUNNABLE} or none is running; {@code STATE_SLEEPING} (the thread sat in a system call,
 *   or used no CPU since the previous sample) is decided by the stack ({@code JfrStates.ofSleeping}):
 *   blocked (class unknown) under HotSpot's monitor-enter functions, parked in {@code Unsafe.park}
 *   (its blocker unknown), waiting in {@code Object.wait}, timed waiting in {@code Thread.sleep}, and
 *   idle in native anywhere else. Its native, C++ and kernel frames are native frames named by symbol.
 * <li>Everything else is left out: allocation samples (the JDK's and async-profiler's), GC, I/O
 *   and the other duration events, which are about something else than where threads spend their time.
 * </ul>
 *
 * <p><b>Time to samples.</b> A profile counts samples of one interval, so every event is turned into
 * the time it stands for: a sampler's event its sampler's period (an execution sample the execution
 * sampler's, a native-method sample the native sampler's, a CPU-time sample its own
 * {@code samplingPeriod}, an async-profiler wall sample its count of wall intervals), a wait event its
 * duration. Times are summed per stack and state, and each sum is divided by the interval and rounded
 * to the nearest whole sample. Summing first is what makes events shorter than the interval count:
 * a hundred 1 ms parks at one stack are 100 ms, 10 samples at 10 ms, where rounding each would give
 * none; a stack whose waits add up to less than half an interval gets none, as a sampler at that
 * interval would mostly not have seen it. Waits shorter than the recording's threshold are not in it
 * at all ({@code settings=profile} records monitor, park and sleep events of 10 ms or more, the default
 * settings 20 ms): their time is missing from the profile, which then shows less waiting than there was.
 * A wait that had not ended when the recording stopped is not in it either (JFR writes the event at the
 * end of the wait).
 *
 * <p>The interval is the execution sampler's period from the recording's {@code jdk.ActiveSetting}
 * events (the shortest, if several recordings ran), or 20 ms, JFR's default, where the recording does
 * not say; with CPU-time samples their period; for async-profiler its {@code interval} (10 ms by
 * default) or in wall mode its wall interval (50 ms by default).
 *
 * <p>Samples from JFR's samplers are as complete as JFR's sampling: its execution sampler takes at
 * most 5 threads in Java code per period and its native sampler 1 thread in native code, so with more
 * threads running the running samples are fewer than the time they ran; the CPU-time sampler and
 * async-profiler sample every thread. Where samplers cover the same time, one source counts: with
 * CPU-time samples those, the wait events and the idle native samples (execution samples and running
 * native samples would count the running time twice); with async-profiler's wall-clock samples only
 * those (they cover every state already).
 *
 * <p><b>Process.</b> Pid and main class from {@code jdk.JVMInformation}, JDK and VM from the initial
 * system properties, start and end from the chunk headers, engine {@code jfr}, {@code jfrcpu} (CPU-time
 * samples) or {@code async-profiler}; inlined code is placed exactly when the JVM ran with
 * {@code DebugNonSafepoints} (a {@code jdk.BooleanFlag} event says) or the recording is async-profiler's.
 *
 * <p><b>Bad input.</b> Before the JDK's parser sees a file its framing is walked ({@code JfrChunks}):
 * a file that does not start with JFR's magic bytes is not a JFR recording; a chunk longer than what
 * is left of the file (a copy cut short, a recording cut in half) is an error, not a reading of the
 * chunks before it, as is a chunk still being written (a file cut exactly between two chunks cannot be told
 * from a shorter recording, and reads as one). What the parser then fails on — and any
 * exception or error it throws, out of memory included — is an {@link IOException} of one line saying
 * after how many events. The call tree is bounded ({@link #JfrProfileReader(int)}).
 */
public final class JfrProfileReader implements ProfileReader {
    /** Bytes of heap a call-tree node costs here: the tree's own, and the per-source times of its events. */
    private static final long BYTES_PER_NODE = CallTree.BYTES_PER_NODE + 5 * Long.BYTES;

    private final int maxNodes;

    /** A reader whose call tree may take half of this JVM's heap. */
    public JfrProfileReader() {
        this((int) Math.min(Integer.MAX_VALUE / 2, Math.max(1024, Runtime.getRuntime().maxMemory() / 2 / BYTES_PER_NODE)));
    }

    /** A reader that refuses a recording whose call tree needs more than {@code maxNodes} nodes. */
    public JfrProfileReader(int maxNodes) {
        this.maxNodes = maxNodes;
    }

    @Override
    public Profile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(Files.exists(file) ? "not a JFR recording: not a regular file" : "no such file");
        }
        JfrChunks chunks;
        try {
            chunks = JfrChunks.check(file);
        } catch (NoSuchFileException e) {
            throw new IOException("no such file");
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied");
        }
        if (!ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
            throw new IOException("reading a JFR recording needs the jdk.jfr module, which this Java runtime does not have");
        }
        JfrImport reading = new JfrImport(maxNodes);
        try {
            return reading.read(file, chunks);
        } catch (Refused e) {
            throw new IOException(e.getMessage());
        } catch (OutOfMemoryError e) {
            long events = reading.eventsRead;
            // Let the half-built tree go before anything else is allocated.
            reading = null;
            throw new IOException("JFR recording is too large or corrupt: reading it ran out of memory after " + events + " events");
        } catch (IOException | RuntimeException | StackOverflowError | InternalError | AssertionError e) {
            // The JDK's parser: a malformed event, string, constant pool or metadata in a chunk whose framing was sound.
            throw new IOException("JFR recording is corrupt after " + reading.eventsRead + " events: " + jdkWords(e));
        } catch (LinkageError e) {
            throw new IOException("reading a JFR recording needs the jdk.jfr module, which this Java runtime does not have in full");
        }
    }

    /**
     * What the parser found wrong: its own words where it says (an {@link IOException} about the
     * recording, like "Unknown string encoding 7"), one short line; else (an exception from inside the
     * parser, whose message would be about the parser's code) plain words.
     */
    private static String jdkWords(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "its structure nests too deep";
        }
        String m = e.getMessage();
        if (!(e instanceof IOException) || m == null || m.trim().isEmpty() || m.contains("jdk.jfr.")) {
            return "the JDK's reader fails on its data";
        }
        // "Error parsing constant pool type X at position N at check point between [N, M]": the type is what helps.
        return "the JDK's reader says: " + ProfileReader.oneLine(m.replaceAll(" at position \\d+.*", ""));
    }

    /** A reading given up for a reason already in jflame's words. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}

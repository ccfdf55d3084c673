package dev.jflame.core.format.jfr;

import dev.jflame.core.format.jfr.JfrTimes.Source;
import dev.jflame.core.jfr.JfrFrames;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.VirtualGroups;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * One reading of a JFR recording into a profile ({@link JfrProfileReader} states the rules). Not
 * thread-safe; one instance per file.
 *
 * <p>Events are read one at a time. Each is placed in the call tree at once (thread, stack, state
 * leaf), and the time it stands for is added to its leaf node under its source; only at the end,
 * when the recording's settings are all known, is each node's time turned into samples of the
 * interval. JFR resolves a stack trace, a method and a thread once per chunk and hands the same
 * object to every event that refers to it, so each is converted once per chunk and found again by
 * identity.
 */
final class JfrImport {
    /** Distinct stacks, methods and threads remembered; past it the caches start over (a new chunk needs new ones anyway). */
    static final int MAX_CACHED = 50_000;
    private static final long DEFAULT_CPU_TIME_PERIOD = 10_000_000L;

    private final FrameTable frames = new FrameTable();
    private final CallTree tree = new CallTree();
    private final int maxNodes;
    private final JfrRecordingInfo info = new JfrRecordingInfo();
    private final JfrTimes times = new JfrTimes();
    private final JfrWaitTargets waitTargets = new JfrWaitTargets(frames, tree);
    private long cpuTimePeriod;

    private final Map<RecordedStackTrace, Stack> stacks = new IdentityHashMap<>();
    private final Map<RecordedMethod, Integer> methods = new IdentityHashMap<>();
    private final Map<RecordedThread, Integer> threads = new IdentityHashMap<>();
    /** Which group each virtual thread's samples go to, by its name. */
    private final VirtualGroups virtualGroups = new VirtualGroups();

    /** Events read so far, for the message if the recording breaks off. */
    long eventsRead;

    /** Epoch nanoseconds where the file's first chunk starts; 0 if unknown. */
    private long recordingStart;

    JfrImport(int maxNodes) {
        this.maxNodes = maxNodes;
    }

    /** A recording the framing check passed: every event, then the types its settings refer to. */
    Profile read(Path file, JfrChunks chunks) throws IOException {
        recordingStart = chunks.startNanos;
        Map<Long, String> typeNames = new HashMap<>();
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                eventsRead++;
                accept(e);
            }
            for (EventType t : rf.readEventTypes()) {
                typeNames.put(t.getId(), t.getName());
            }
        }
        return finish(chunks, typeNames);
    }

    private void accept(RecordedEvent e) throws IOException {
        String type = e.getEventType().getName();
        switch (type) {
            case "jdk.ExecutionSample": {
                Stack st = stack(e);
                record(e, thread(e, "sampledThread"), st, sampled(e, st), null, Source.EXEC, 1);
                break;
            }
            case "jdk.NativeMethodSample": {
                Stack st = stack(e);
                record(e, thread(e, "sampledThread"), st, st == null ? SampleState.RUNNABLE : st.nativeState, null, Source.NATIVE, 1);
                break;
            }
            case "jdk.CPUTimeSample": {
                long period = e.hasField("samplingPeriod") ? nanos(e.getDuration("samplingPeriod")) : 0;
                if (period <= 0) {
                    period = DEFAULT_CPU_TIME_PERIOD;
                }
                cpuTimePeriod = cpuTimePeriod == 0 ? period : Math.min(cpuTimePeriod, period);
                record(e, thread(e, "eventThread"), stack(e), SampleState.RUNNABLE, null, Source.CPU_TIME, period);
                break;
            }
            case "profiler.WallClockSample": {
                Stack st = stack(e);
                // An idle thread's samples come batched: one event, their count in "samples" (an unsigned int).
                long count = longField(e, "samples", 1) & 0xFFFFFFFFL;
                record(e, thread(e, "sampledThread"), st, sampled(e, st), null, Source.WALL, Math.max(1, count));
                break;
            }
            case "jdk.JavaMonitorEnter":
                monitorEntered(e);
                break;
            case "jdk.JavaMonitorWait":
                // The timeout is in milliseconds, 0 for wait() without one.
                waited(e, longField(e, "timeout", 0) > 0 ? SampleState.TIMED_WAITING : SampleState.WAITING, className(e, "monitorClass"));
                break;
            case "jdk.ThreadPark": {
                String blocker = className(e, "parkedClass");
                // JDK 14+ write Long.MIN_VALUE for "no timeout" and "no deadline", JDK 11 writes 0.
                boolean timed = longField(e, "timeout", 0) > 0 || longField(e, "until", 0) > 0;
                waited(e, blocker == null ? SampleState.PARKED : timed ? SampleState.TIMED_WAITING : SampleState.WAITING, blocker);
                break;
            }
            case "jdk.ThreadSleep":
                waited(e, SampleState.TIMED_WAITING, null);
                break;
            default:
                // What the recording says about itself; anything else (allocation, GC, I/O, ...) is left out.
                info.accept(e, type);
        }
    }

    /** A sampler's state: running, unless async-profiler says the thread was off-CPU (then the stack tells what it waited in). */
    private static SampleState sampled(RecordedEvent e, Stack st) {
        if (!JfrStates.ASYNC_PROFILER_SLEEPING.equals(JfrStates.asyncProfilerState(e))) {
            return SampleState.RUNNABLE;
        }
        return st == null ? SampleState.NATIVE_IDLE : st.sleepingState;
    }

    /** A wait event: its duration within the recording ({@link #waitNanos}), at its stack with its state's leaf. */
    private void waited(RecordedEvent e, SampleState state, String lockClass) throws IOException {
        long nanos = waitNanos(e);
        if (nanos > 0) {
            record(e, thread(e, "eventThread"), stack(e), state, lockClass, Source.WAIT, nanos);
        }
    }

    /** A wait to enter a monitor: as {@link #waited}, with the monitor and its previous owner under the leaf ({@link JfrWaitTargets}). */
    private void monitorEntered(RecordedEvent e) throws IOException {
        long nanos = waitNanos(e);
        if (nanos > 0) {
            int leaf = leaf(thread(e, "eventThread"), stack(e), SampleState.BLOCKED, className(e, "monitorClass"));
            count(e, waitTargets.underMonitorEnter(leaf, e), SampleState.BLOCKED, Source.WAIT, nanos);
        }
    }

    /**
     * A wait event's duration within the recording. A wait that began before the file's first chunk
     * (a continuous recording whose old chunks were dropped before the dump) counts only from there:
     * the profile must not hold more time than the file spans.
     */
    private long waitNanos(RecordedEvent e) {
        long nanos = nanos(e.getDuration());
        java.time.Instant end = e.getEndTime();
        if (recordingStart > 0 && end != null && end.getEpochSecond() < Long.MAX_VALUE / 1_000_000_000L - 1) {
            long endNanos = end.getEpochSecond() * 1_000_000_000L + end.getNano();
            nanos = Math.min(nanos, Math.max(0, endNanos - recordingStart));
        }
        return nanos;
    }

    private void record(RecordedEvent e, RecordedThread thread, Stack stack, SampleState state, String lockClass, Source source, long amount)
            throws IOException {
        count(e, leaf(thread, stack, state, lockClass), state, source, amount);
    }

    /** The node of a thread's stack in a state: the stack's top, or the state's leaf under it. */
    private int leaf(RecordedThread thread, Stack stack, SampleState state, String lockClass) {
        int node = threadNode(thread);
        if (stack != null) {
            node = stack.under(node);
        }
        String leaf = state.leafFrame(lockClass);
        if (leaf != null) {
            node = tree.child(node, frames.intern(leaf, FrameKind.STATE));
        }
        return node;
    }

    /** The event's time at its node; the call tree's bound is checked here, after every node the event added. */
    private void count(RecordedEvent e, int node, SampleState state, Source source, long amount) throws IOException {
        if (tree.size() > maxNodes) {
            throw new JfrProfileReader.Refused("JFR recording is too large to read in this heap: its call tree passes " + maxNodes
                    + " nodes (give jflame more memory with -Xmx)");
        }
        times.add(source, node, state, amount);
        info.saw(e);
    }

    /**
     * Each node's time in samples of the interval ({@link JfrTimes}). Which sources count: an
     * async-profiler wall-clock recording's wall samples alone (they cover every thread in every state,
     * so its CPU samples and lock events would count the same time twice); else with JFR's CPU-time
     * samples those, the wait events and the native samples of threads idle in native (the time off
     * the CPU); else the execution and native-method samples and the wait events.
     */
    private Profile finish(JfrChunks chunks, Map<Long, String> typeNames) {
        boolean wall = times.events(Source.WALL) > 0;
        boolean cpuTime = !wall && times.events(Source.CPU_TIME) > 0;
        long[] nanosPer = new long[JfrTimes.SOURCES];
        long interval;
        if (wall) {
            interval = info.wallIntervalNanos(typeNames);
            nanosPer[Source.WALL.ordinal()] = interval;
        } else {
            nanosPer[Source.WAIT.ordinal()] = 1;
            nanosPer[Source.NATIVE.ordinal()] = info.nativePeriodNanos(typeNames);
            if (cpuTime) {
                interval = cpuTimePeriod;
                nanosPer[Source.CPU_TIME.ordinal()] = 1;
            } else {
                interval = info.execPeriodNanos(typeNames);
                nanosPer[Source.EXEC.ordinal()] = interval;
            }
        }
        long samples = times.addTo(tree, nanosPer, cpuTime, interval);
        String engine = info.asyncProfiler ? ProcessInfo.ENGINE_ASYNC_PROFILER
                : cpuTime ? ProcessInfo.ENGINE_JFRCPU_RECORDING : ProcessInfo.ENGINE_JFR_RECORDING;
        ProcessInfo p = info.process(chunks, interval, engine);
        p.stats.samples = samples;
        p.stats.asyncEvents = wall ? times.events(Source.WALL)
                : cpuTime ? times.events(Source.CPU_TIME)
                : times.events(Source.EXEC) + times.events(Source.NATIVE);
        List<ProcessInfo> processes = new ArrayList<>(Collections.singletonList(p));
        return new Profile(frames, tree, processes);
    }

    /**
     * The node of the thread's samples: {@code [thread name]}, or for a virtual thread its group's, by its name, as
     * the sampler draws them ({@code [thread [virtual threads client]]}, {@code [thread [virtual threads]]}).
     */
    private int threadNode(RecordedThread thread) {
        if (thread == null) {
            return tree.child(CallTree.ROOT, frames.intern(FrameNames.thread("unknown"), FrameKind.THREAD));
        }
        Integer known = threads.get(thread);
        if (known != null) {
            return known;
        }
        int node;
        if (JfrFrames.isVirtual(thread)) {
            // As the sampler draws them, less the carrier, which a recording does not name.
            node = tree.child(CallTree.ROOT, frames.intern(FrameNames.virtualThreads(virtualGroups.of(thread.getJavaName())), FrameKind.THREAD));
        } else {
            node = tree.child(CallTree.ROOT, frames.intern(FrameNames.thread(threadName(thread)), FrameKind.THREAD));
        }
        if (threads.size() >= MAX_CACHED) {
            threads.clear();
        }
        threads.put(thread, node);
        return node;
    }

    /** A thread's name: its Java name, else (a thread of the JVM's own that async-profiler sampled) its OS name. */
    static String threadName(RecordedThread thread) {
        String name = thread.getJavaName();
        if (name == null) {
            name = thread.getOSName() != null ? thread.getOSName() : "unknown";
        }
        return name;
    }

    /** The event's stack, converted the first time it is seen in a chunk; null if the event has none. */
    private Stack stack(RecordedEvent e) {
        RecordedStackTrace trace = e.getStackTrace();
        if (trace == null) {
            return null;
        }
        Stack s = stacks.get(trace);
        if (s == null) {
            List<RecordedFrame> f = trace.getFrames();
            int[] ids = new int[f.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = frame(f.get(i).getMethod());
            }
            s = new Stack(ids, trace.isTruncated(), JfrStates.ofNativeSample(f), JfrStates.ofSleeping(f));
            if (stacks.size() >= MAX_CACHED) {
                stacks.clear();
            }
            stacks.put(trace, s);
        }
        return s;
    }

    private int frame(RecordedMethod m) {
        if (m == null) {
            return frames.intern("[unknown]", FrameKind.NATIVE);
        }
        Integer id = methods.get(m);
        if (id == null) {
            id = frames.intern(JfrFrames.name(m), JfrFrames.kind(m));
            if (methods.size() >= MAX_CACHED) {
                methods.clear();
            }
            methods.put(m, id);
        }
        return id;
    }

    /**
     * One distinct stack, top frame first; the states its frames give a thread in native code and an
     * off-CPU thread ({@link JfrStates}); and the node it last ended at under the thread it was last seen on.
     */
    private final class Stack {
        final int[] frameIds;
        final boolean truncated;
        final SampleState nativeState;
        final SampleState sleepingState;
        int lastThreadNode = -1;
        int lastNode;

        Stack(int[] frameIds, boolean truncated, SampleState nativeState, SampleState sleepingState) {
            this.frameIds = frameIds;
            this.truncated = truncated;
            this.nativeState = nativeState;
            this.sleepingState = sleepingState;
        }

        int under(int threadNode) {
            if (threadNode == lastThreadNode) {
                return lastNode;
            }
            int node = threadNode;
            if (truncated) {
                node = tree.child(node, frames.intern(FrameNames.TRUNCATED, FrameKind.TRUNCATED));
            }
            for (int i = frameIds.length - 1; i >= 0; i--) {
                node = tree.child(node, frameIds[i]);
            }
            lastThreadNode = threadNode;
            lastNode = node;
            return node;
        }
    }

    /** A thread field of the event; null if the event has no such field (a recorder that writes it under another name). */
    private static RecordedThread thread(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getThread(field) : null;
    }

    private static long longField(RecordedEvent e, String field, long absent) {
        return e.hasField(field) ? e.getLong(field) : absent;
    }

    private static String className(RecordedEvent e, String field) {
        if (!e.hasField(field)) {
            return null;
        }
        RecordedClass c = e.getClass(field);
        return c == null ? null : c.getName();
    }

    /** A duration in nanoseconds, 0 if absent or negative, saturated if huge. */
    private static long nanos(Duration d) {
        if (d == null || d.isNegative()) {
            return 0;
        }
        return d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE : d.toNanos();
    }
}

package dev.jflame.core.sampler;

import dev.jflame.core.jfr.JfrFrames;
import dev.jflame.core.model.VirtualGroups;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * The JVM's own asynchronous sampler as a source of running stacks: an in-process JFR recording
 * of {@code jdk.ExecutionSample} (threads in Java code) and {@code jdk.NativeMethodSample} (threads
 * in native code) at the profile's interval, or of {@code jdk.CPUTimeSample} (JDK 25+, Linux: a
 * sample per interval of each thread's CPU time) with {@code jdk.NativeMethodSample}. JFR walks a thread's stack from a signal, without
 * bringing it to a safepoint, so its stacks carry no safepoint bias and cost no pause. On JDK 21+ also
 * {@code jdk.VirtualThreadPinned}: where virtual threads held their carrier ({@link PinnedTicks}).
 *
 * <p>JFR hands events over in batches, about once a second. Each batch goes to the sampler as a
 * {@link JfrBatch}: the stacks of every sampled thread since the previous one, and the wall time up to
 * which it is complete; a batch is handed over early once it holds an eighth of what this source may keep.
 * Only this class and {@link JfrConversion} touch {@code jdk.jfr} (and {@link JfrFrames}, which names the
 * frames as a JFR file's reader does), so a JVM without that module never loads them ({@link #start} fails
 * with a reason instead).
 *
 * <p>The consumer runs on JFR's streaming thread, on the application's CPU, so it does little: JFR
 * resolves a stack trace once per recording chunk and hands the same {@link RecordedStackTrace}
 * object to every event with that stack, so each distinct stack is converted once and every event
 * after costs an identity lookup and an append.
 */
public final class JfrStacks implements AsyncStackSource {
    /**
     * Largest JFR chunk, in bytes. JFR's parser keeps the objects of the chunk it reads and of the one
     * before, about five to ten times their size on disk: with JFR's default of 12 MB chunks and a program
     * of ever-new deep stacks that was 150 MB of heap. 1 MB is the least JFR takes.
     */
    static final long MAX_CHUNK_BYTES = 1L << 20;
    /** Longest wait for JFR to close its recording at the end of a profile. */
    private static final long CLOSE_WAIT_MILLIS = 500;

    private static final String CPU_TIME_SAMPLE = "jdk.CPUTimeSample";
    /** JFR refuses a larger stack depth. */
    private static final int JFR_MAX_DEPTH = 2048;

    /** The wait events and their kinds, when waits are asked for ({@link StackSourceSettings#waitThresholdNanos}). */
    private static final String[] WAIT_EVENTS = {"jdk.ThreadSleep", "jdk.JavaMonitorWait", "jdk.JavaMonitorEnter", "jdk.ThreadPark"};
    private static final JfrWait.Kind[] WAIT_KINDS = {JfrWait.Kind.SLEEP, JfrWait.Kind.MONITOR_WAIT, JfrWait.Kind.MONITOR_ENTER, JfrWait.Kind.PARK};
    /** The field of each wait event that names the monitor or blocker's class (none for a sleep). */
    private static final String[] WAIT_CLASS_FIELDS = {null, "monitorClass", "monitorClass", "parkedClass"};
    /** A virtual thread that parked or blocked without leaving its carrier (JDK 21+). */
    private static final String PINNED = "jdk.VirtualThreadPinned";
    /**
     * Pins at least this long are recorded, with their stacks. The JDK records the event when a pinned wait
     * ends (the park, the monitor), on the virtual thread, which walks its own stack for it: a few microseconds,
     * and as many again to read it here. A pin of 1 ms or more has held its carrier hundreds of times that, so
     * the events cost under 1 % of the carrier time they account for, at most 1 000 a second per carrier,
     * whatever the application does. A shorter pin is seen by a tick less than a tenth of the time at the
     * default 10 ms; its carrier's ticks still count it (Pinned, without the virtual thread's stack).
     * JDK's own settings (default and profile) take 20 ms, which leaves out pins that a tick sees a fifth to
     * all of the time.
     */
    static final long PIN_THRESHOLD_NANOS = 1_000_000;

    private final StackSourceSettings settings;
    private final boolean cpuTime;
    private final Consumer<String> onFailure;
    /** Set once the stream exists; guarded by this object with {@link #closed}. */
    private RecordingStream stream;
    /** Whether the recording runs: from then on running ticks wait for JFR's stacks. */
    private volatile boolean live;
    /** When {@link #live} was first set (wall time). */
    private volatile long liveSinceMillis;
    private final ConcurrentLinkedQueue<JfrBatch> ready = new ConcurrentLinkedQueue<>();
    /** Virtual threads' names to their groups; JFR's streaming thread only. */
    private final VirtualGroups virtualGroups = new VirtualGroups();
    /** Heap held by the batches in {@link #ready}: added by the consumer, taken off as the sampler polls. */
    private final AtomicLong readyBytes = new AtomicLong();
    /** What this source may keep: converted stacks and the batches not yet polled, together. */
    private final long maxBytes;
    /** A batch is handed over early once it holds this much (it is otherwise handed over at JFR's flush, about once a second). */
    private final long handoverBytes;
    // Consumer-thread state: the conversions, and the batch being filled.
    private final JfrConversion conversion;
    private Map<Long, List<JfrStack>> filling = new HashMap<>();
    private List<JfrWait> fillingWaits = new ArrayList<>();
    private List<JfrPin> fillingPins = new ArrayList<>();
    private int fillingEvents;
    private long fillingLatest;
    private long fillingBytes;
    private volatile boolean closed;
    /** Whether jflame closed it (then its end is no failure to report). */
    private volatile boolean stopped;
    /** The thread that runs the stream, waited for (bounded) at the close: an attach leaves no thread of jflame's behind. */
    private volatile Thread streamThread;
    /** jflame's threads (the sampler's set, this stream's among them), kept out of JFR once it runs. */
    private final Set<Thread> jflameThreads;

    private JfrStacks(StackSourceSettings settings, Set<Thread> jflameThreads, Consumer<String> onFailure) {
        this.settings = settings;
        this.jflameThreads = jflameThreads;
        this.cpuTime = settings.cpuTime;
        this.maxBytes = settings.maxBytes;
        this.handoverBytes = Math.max(1, maxBytes / 8);
        this.conversion = new JfrConversion(settings.maxDepth);
        this.onFailure = onFailure;
    }

    /**
     * Starts the recording on a thread of its own and returns at once: JFR's first start in a JVM
     * takes a good part of a second, which the first ticks must not wait for. Called through
     * {@link AsyncStackSource#startJfr}, by name.
     *
     * <p>JFR's own stack depth is raised to the settings' where that can still be done (see
     * {@link #configureJfr}). The CPU-time sampler takes a sample per interval of each thread's own CPU
     * time, for every thread on a CPU; the execution samplers take at most 5 Java threads and 1 native
     * thread per period. A close during the delay ends the wait and JFR is never touched.
     *
     * @param excluded where the stream's thread is added, to keep it out of the profile; its threads are kept
     *     out of JFR once it runs ({@link JfrThreads})
     * @param onFailure told, once, why JFR could not start or stopped early
     */
    public static AsyncStackSource start(StackSourceSettings settings, Set<Thread> excluded, Consumer<String> onFailure) {
        JfrStacks s = new JfrStacks(settings, excluded, onFailure);
        // A daemon thread of ours runs the stream: startAsync's thread is not a daemon whoever
        // starts it, and would keep the application's JVM from ever exiting.
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                s.run();
            }
        }, "jflame-jfr");
        t.setDaemon(true);
        excluded.add(t);
        s.streamThread = t;
        t.start();
        return s;
    }

    private void run() {
        try {
            if (waitOutDelay()) {
                stream();
            }
        } catch (Throwable t) {
            // Nothing from this thread may reach the application's uncaught-exception handler.
            closed = true;
            fail("JFR's stream failed: " + t);
        }
    }

    /** Waits for the delay to pass; false if closed meanwhile. */
    private synchronized boolean waitOutDelay() throws InterruptedException {
        long end = System.nanoTime() + settings.delayNanos;
        long left;
        while (!closed && (left = end - System.nanoTime()) > 0) {
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        return !closed;
    }

    /** Says why JFR stopped, unless jflame stopped it or the JVM is exiting (a short JVM, say). */
    private void fail(String why) {
        if (!stopped && !why.contains("Shutdown in progress")) {
            onFailure.accept(why);
        }
    }

    private void stream() {
        RecordingStream rs;
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        configureJfr();
        try {
            rs = new RecordingStream();
            // JFR is initialised in this JVM from here: its waits of jflame's threads are no longer recorded.
            JfrThreads.exclude(jflameThreads);
            // JDK 14-16 keep a stream's chunks on disk for the life of the process without a limit.
            rs.setMaxAge(Duration.ofSeconds(30));
            Duration period = Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), settings.intervalNanos));
            // The execution samplers name the sampled thread; the CPU-time sampler's event is the thread's own.
            Consumer<RecordedEvent> onSample = new Consumer<RecordedEvent>() {
                @Override
                public void accept(RecordedEvent e) {
                    onSample(e, e.getThread("sampledThread"));
                }
            };
            if (cpuTime) {
                // The period is of each thread's CPU time; microseconds, the finest unit the setting takes but ns.
                rs.enable(CPU_TIME_SAMPLE).with("throttle", period.toNanos() / 1000 + " us");
                rs.onEvent(CPU_TIME_SAMPLE, new Consumer<RecordedEvent>() {
                    @Override
                    public void accept(RecordedEvent e) {
                        onSample(e, e.getThread());
                    }
                });
            } else {
                rs.enable("jdk.ExecutionSample").withPeriod(period);
                rs.onEvent("jdk.ExecutionSample", onSample);
            }
            // Threads in native code, with either: beside the CPU-time sampler because a thread the scan calls
            // running in the first tick or two of a blocking call (a 20 ms socket read) uses no CPU, and with
            // CPU samples alone those ticks went to the code it ran before (VirtualService's platform twin:
            // compute +5 points, the read -5; with these and the scan's one-interval hold, median -0.4;
            // docs/states.md).
            rs.enable("jdk.NativeMethodSample").withPeriod(period);
            rs.onEvent("jdk.NativeMethodSample", onSample);
            if (settings.waitThresholdNanos > 0) {
                Duration threshold = Duration.ofNanos(settings.waitThresholdNanos);
                for (int i = 0; i < WAIT_EVENTS.length; i++) {
                    JfrWait.Kind kind = WAIT_KINDS[i];
                    String classField = WAIT_CLASS_FIELDS[i];
                    rs.enable(WAIT_EVENTS[i]).withThreshold(threshold).withStackTrace();
                    rs.onEvent(WAIT_EVENTS[i], new Consumer<RecordedEvent>() {
                        @Override
                        public void accept(RecordedEvent e) {
                            try {
                                onWait(e, kind, classField);
                            } catch (RuntimeException unreadable) {
                                // A JDK whose event lacks a field: that wait keeps no stack; the stream, which an
                                // exception would end, goes on giving the running stacks.
                            }
                        }
                    });
                }
            }
            if (Runtime.version().feature() >= 21) {
                // No virtual threads before JDK 21, and no such event: JDK 17 is never asked for it.
                rs.enable(PINNED).withThreshold(Duration.ofNanos(PIN_THRESHOLD_NANOS)).withStackTrace();
                rs.onEvent(PINNED, new Consumer<RecordedEvent>() {
                    @Override
                    public void accept(RecordedEvent e) {
                        try {
                            onPin(e);
                        } catch (RuntimeException unreadable) {
                            // As for the waits: that pin keeps no stack, the stream goes on.
                        }
                    }
                });
            }
            rs.onFlush(new Runnable() {
                @Override
                public void run() {
                    onFlush();
                }
            });
        } catch (RuntimeException | Error e) {
            closed = true;
            fail("JFR cannot record here: " + e);
            return;
        }
        synchronized (this) {
            if (closed) {
                rs.close();
                return;
            }
            stream = rs;
        }
        // Running ticks wait for JFR's stacks from the moment the recording runs: start() does not
        // return until the stream ends, so a listener says when. (Another recording starting in that
        // moment could say it a little early: those ticks would show as not sampled, not wrong.)
        FlightRecorderListener started = new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording r) {
                if (r.getState() == RecordingState.RUNNING) {
                    markLive();
                }
            }
        };
        try {
            FlightRecorder.addListener(started);
            rs.start();
        } catch (RuntimeException | Error e) {
            fail("JFR's stream ended: " + e);
        } finally {
            closed = true;
            FlightRecorder.removeListener(started);
        }
    }

    /**
     * Two of JFR's global settings, where they are still the JDK's defaults ({@code jcmd JFR.configure} does
     * the same; a JVM given its own {@code -XX:FlightRecorderOptions} keeps the user's choice, and neither
     * is a command-line flag of ours: a JVM without the {@code jdk.jfr} module refuses to start with one):
     * <ul>
     *   <li>the stack depth, 64 frames: a test method under JUnit 5 in a surefire fork is about 90 deep,
     *       and its samples lost their root (under {@code [truncated]}). Only before JFR's first start in
     *       this JVM; if it fails, deeper stacks keep their top 64 frames under {@code [truncated]};</li>
     *   <li>the largest chunk ({@link #MAX_CHUNK_BYTES}), which bounds the heap JFR's parser takes in this
     *       JVM. Also where JFR already runs: the parser is jflame's to pay for. Other recordings in this
     *       JVM then rotate their chunks more often, which their files do not show.</li>
     * </ul>
     */
    private void configureJfr() {
        String userOptions = "";
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:FlightRecorderOptions")) {
                userOptions += arg;
            }
        }
        List<String> settings = new ArrayList<>();
        if (userOptions.isEmpty() && !FlightRecorder.isInitialized()) {
            settings.add("stackdepth=" + Math.min(this.settings.maxDepth, JFR_MAX_DEPTH));
        }
        if (!userOptions.contains("maxchunksize")) {
            settings.add("maxchunksize=" + MAX_CHUNK_BYTES);
        }
        if (!settings.isEmpty()) {
            // Where it fails, JFR's defaults: deeper stacks show as [truncated], which the profile says; larger chunks.
            DiagnosticCommands.jfrConfigure(settings.toArray(new String[0]));
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public long liveSinceMillis() {
        return liveSinceMillis;
    }

    @Override
    public boolean isLive() {
        // Once the stream has ended (stopped with jcmd JFR.stop, failed) no more stacks come.
        return live && !closed;
    }

    @Override
    public JfrBatch poll() {
        JfrBatch b = ready.poll();
        if (b != null) {
            readyBytes.addAndGet(-b.bytes);
        }
        return b;
    }

    @Override
    public boolean awaitBatchAfter(long afterMillis, long maxMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (!closed && System.nanoTime() - deadline < 0) {
            for (JfrBatch b : ready) {
                if (b.completeMillis >= afterMillis) {
                    return true;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return (cpuTime ? dev.jflame.core.options.Options.Engine.JFRCPU : dev.jflame.core.options.Options.Engine.JFR).value();
    }

    /**
     * Stops the recording without ever blocking the caller for long: closing takes JFR's recorder
     * lock, which a recording still starting holds — and a start racing with the JVM's exit (a child
     * that ends within its first second) was seen never to finish, which would hang the exit. So
     * the close runs on a daemon thread and is waited for at most {@link #CLOSE_WAIT_MILLIS}.
     */
    @Override
    public void close() {
        RecordingStream rs;
        synchronized (this) {
            closed = true;
            stopped = true;
            rs = stream;
            // Ends a delay still being waited out.
            notifyAll();
        }
        if (rs == null) {
            // Still starting: run() sees closed and closes what it made.
            return;
        }
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    rs.close();
                } catch (Throwable ignored) {
                    // Already closed by JFR's own shutdown; nothing may reach the application.
                }
            }
        }, "jflame-jfr-close");
        t.setDaemon(true);
        try {
            t.start();
        } catch (Throwable noThread) {
            // No thread to spare (out of memory): JFR's own shutdown closes the recording.
            return;
        }
        try {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
            t.join(CLOSE_WAIT_MILLIS);
            Thread stream = streamThread;
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (stream != null && left > 0) {
                stream.join(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onSample(RecordedEvent e, RecordedThread thread) {
        RecordedStackTrace trace = e.getStackTrace();
        if (trace == null || thread == null) {
            return;
        }
        long at = e.getStartTime().toEpochMilli();
        if (fillingBytes >= handoverBytes && at > fillingLatest) {
            // Events come in time order within a flush, so every sample up to the latest one so far is in.
            handOver();
        }
        JfrStack stack = convert(trace);
        if (stack == null) {
            return;
        }
        boolean virtual = JfrFrames.isVirtual(thread);
        Long id = virtual ? JfrBatch.VIRTUAL : thread.getJavaThreadId();
        if (virtual) {
            // Its own samples go to its group, by its name; the carrier that ran it shows that it carried one.
            stack = stack.ofVirtualThread(virtualGroups.of(thread.getJavaName()));
        }
        List<JfrStack> list = filling.get(id);
        if (list == null) {
            list = new ArrayList<>();
            filling.put(id, list);
            fillingBytes += JfrBatch.BYTES_PER_THREAD;
        }
        list.add(stack);
        fillingBytes += JfrBatch.BYTES_PER_EVENT + (virtual ? JfrStack.BYTES_OF_VIRTUAL_SAMPLE : 0);
        fillingEvents++;
        if (at > fillingLatest) {
            fillingLatest = at;
        }
    }

    /** A wait that ended: kept with its stack for the sampler, which matches it to the ticks that saw it. */
    private void onWait(RecordedEvent e, JfrWait.Kind kind, String classField) {
        RecordedStackTrace trace = e.getStackTrace();
        RecordedThread thread = e.getThread();
        if (trace == null || thread == null || JfrFrames.isVirtual(thread)) {
            return;
        }
        JfrStack stack = convert(trace);
        if (stack == null) {
            return;
        }
        RecordedClass lock = classField == null ? null : e.getClass(classField);
        fillingWaits.add(new JfrWait(thread.getJavaThreadId(), kind, micros(e.getStartTime()), micros(e.getEndTime()),
                lock == null ? null : lock.getName(), stack));
        fillingBytes += JfrWait.BYTES;
    }

    /**
     * A pin that ended: the event is the virtual thread's own (JDK 21+; JDK 24+ also name the carrier, not
     * needed here: the carrier's ticks count its side as they come, {@link dev.jflame.core.model.ThreadStates}).
     */
    private void onPin(RecordedEvent e) {
        RecordedStackTrace trace = e.getStackTrace();
        RecordedThread thread = e.getThread();
        if (trace == null || thread == null || !JfrFrames.isVirtual(thread)) {
            return;
        }
        JfrStack stack = convert(trace);
        if (stack == null) {
            return;
        }
        String group = virtualGroups.of(thread.getJavaName());
        fillingPins.add(new JfrPin(group, micros(e.getStartTime()), micros(e.getEndTime()), stack.ofVirtualThread(group)));
        fillingBytes += JfrPin.BYTES + JfrStack.BYTES_OF_VIRTUAL_SAMPLE;
    }

    private static long micros(java.time.Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    /**
     * The stack of {@code trace}, within this source's share of the memory budget: the conversions are
     * forgotten when they and the batches not yet polled fill it, and the event is left out (null) when the
     * batches alone do — the sampler is not taking them (stopped, or far behind), and those ticks will
     * show as not sampled rather than the heap growing.
     */
    private JfrStack convert(RecordedStackTrace trace) {
        long held = readyBytes.get() + fillingBytes;
        if (held >= maxBytes) {
            return null;
        }
        if (held + conversion.bytes() >= maxBytes) {
            conversion.clear();
        }
        JfrStack stack = conversion.stack(trace);
        // A stack new to this batch is kept alive by it even if the conversions let it go.
        fillingBytes += conversion.lastAdded;
        return stack;
    }

    private void onFlush() {
        // A batch is complete up to its latest sample: JFR samples all threads in one pass, so a
        // running thread missing from a batch was not sampled in that window. Flushes without
        // events (JFR often sends one just before the one with the events) are not handed over.
        if (fillingEvents == 0 && fillingWaits.isEmpty() && fillingPins.isEmpty()) {
            return;
        }
        handOver();
        markLive();
    }

    private void handOver() {
        ready.add(new JfrBatch(fillingLatest, filling, fillingEvents, fillingWaits, fillingPins, fillingBytes));
        readyBytes.addAndGet(fillingBytes);
        filling = new HashMap<>();
        fillingWaits = new ArrayList<>();
        fillingPins = new ArrayList<>();
        fillingEvents = 0;
        fillingBytes = 0;
    }

    private void markLive() {
        if (liveSinceMillis == 0) {
            liveSinceMillis = System.currentTimeMillis();
        }
        live = true;
    }
}

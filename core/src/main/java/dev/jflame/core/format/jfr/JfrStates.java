package dev.jflame.core.format.jfr;

import dev.jflame.core.jfr.JfrFrames;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.ThreadStates;
import java.lang.reflect.Modifier;
import java.util.List;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedObject;

/**
 * The state of a thread in a sampler's event, from what the event says and its frames, where a
 * recording has no thread state or CPU time to go by: this class walks JFR's frames (and knows
 * HotSpot's own symbols), {@link ThreadStates} decides as for jflame's own samples. Stateless.
 */
final class JfrStates {
    /** async-profiler's thread state of a thread that was not on a CPU (in a syscall, or its CPU time standing still). */
    static final String ASYNC_PROFILER_SLEEPING = "STATE_SLEEPING";
    /**
     * HotSpot's functions on the way into a contended monitor (JDK 11 to 25), as async-profiler
     * names native frames: above a thread's top Java frame they say it is blocked on a monitor.
     * {@code ReenterI} is the way back in after {@code Object.wait}, which jflame counts as blocked too.
     */
    private static final String[] MONITOR_ENTER = {
        "ObjectMonitor::enter", "ObjectMonitor::EnterI", "ObjectMonitor::ReenterI", "ObjectMonitor::reenter",
        "ObjectSynchronizer::enter", "LightweightSynchronizer::enter", "LightweightSynchronizer::inflate_and_enter",
    };

    private JfrStates() {
    }

    /**
     * A {@code jdk.NativeMethodSample}: JFR takes it of a thread in native code whether or not it
     * uses a CPU, and cannot tell which. jflame's sampler tells by the thread's CPU time; without
     * it, the top frame decides ({@link ThreadStates#ofNativeMethod}).
     */
    static SampleState ofNativeSample(List<RecordedFrame> frames) {
        if (frames.isEmpty()) {
            return SampleState.RUNNABLE;
        }
        RecordedMethod top = frames.get(0).getMethod();
        if (top == null || top.getName() == null || JfrFrames.isNativeCode(top)) {
            return SampleState.RUNNABLE;
        }
        return ThreadStates.ofNativeMethod(JfrFrames.className(top), top.getName());
    }

    /** async-profiler's {@code state} of a sample (absent from the JDK's own execution samples: running). */
    static String asyncProfilerState(RecordedObject event) {
        if (!event.hasField("state")) {
            return null;
        }
        Object v = event.getValue("state");
        if (v instanceof RecordedObject) {
            RecordedObject o = (RecordedObject) v;
            return o.hasField("name") ? o.getString("name") : null;
        }
        return v instanceof String ? (String) v : null;
    }

    /**
     * A thread async-profiler found off-CPU ({@link #ASYNC_PROFILER_SLEEPING}). It does not know the
     * Java state, so the frames decide, as far as they can: HotSpot's monitor-enter functions above
     * the top Java frame make it blocked (on a monitor whose class the sample does not name);
     * {@code Unsafe.park} parked (its blocker unknown), the native {@code Object.wait} waiting,
     * {@code Thread.sleep} timed waiting; anything else — a socket read, epoll, a JVM thread waiting
     * for work, a thread off-CPU in Java code — idle in native, jflame's state for a thread that is
     * not running and not in one of the JVM's waits.
     */
    static SampleState ofSleeping(List<RecordedFrame> frames) {
        boolean enteringMonitor = false;
        for (RecordedFrame f : frames) {
            RecordedMethod m = f.getMethod();
            if (m == null) {
                continue;
            }
            if (JfrFrames.isNativeCode(m)) {
                enteringMonitor |= isMonitorEnter(m.getName());
                continue;
            }
            if (enteringMonitor) {
                return SampleState.BLOCKED;
            }
            if (!Modifier.isNative(m.getModifiers())) {
                return SampleState.NATIVE_IDLE;
            }
            return ThreadStates.ofOffCpuNative(JfrFrames.className(m), m.getName() == null ? "" : m.getName());
        }
        return enteringMonitor ? SampleState.BLOCKED : SampleState.NATIVE_IDLE;
    }

    private static boolean isMonitorEnter(String symbol) {
        if (symbol == null) {
            return false;
        }
        for (String s : MONITOR_ENTER) {
            if (symbol.startsWith(s)) {
                return true;
            }
        }
        return false;
    }
}

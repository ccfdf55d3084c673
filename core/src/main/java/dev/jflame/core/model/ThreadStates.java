package dev.jflame.core.model;

/**
 * The one rule that decides a sample's {@link SampleState} from what is known of the thread: the JVM's
 * state and the lock it names, its top frame ({@link WaitFrames}) and whether it used a CPU. Every
 * source of states asks here: the capture of a thread's stack, a wait seen without a stack (between
 * captures), JFR's samples in the profiled JVM and JFR recordings read from a file. Stateless.
 *
 * <p>What is not decided here is what needs the sampler's clocks (how long a thread has used no CPU):
 * the sampler measures it and this class says how much quiet makes a native frame idle.
 */
public final class ThreadStates {
    private ThreadStates() {
    }

    /**
     * The state of a thread the JVM says is in {@code jvmState}, waiting on a lock of class
     * {@code lockClass} (null: none named), with top frame {@code top} (null: no frames). A RUNNABLE
     * thread stays RUNNABLE here: whether it is idle in native code is {@link #quietIntervalsToIdle}'s
     * question.
     */
    public static SampleState of(Thread.State jvmState, String lockClass, StackTraceElement top) {
        if (isCarrierHeld(jvmState, top)) {
            return SampleState.PINNED;
        }
        switch (jvmState) {
            case BLOCKED:
                return SampleState.BLOCKED;
            case WAITING:
            case TIMED_WAITING:
                // A park with a blocker reads like jstack ("WAITING on ...ConditionObject"); only a
                // blocker-less park, which would otherwise say nothing, gets its own state.
                if (lockClass == null && top != null && WaitFrames.isPark(top)) {
                    return SampleState.PARKED;
                }
                return jvmState == Thread.State.WAITING ? SampleState.WAITING : SampleState.TIMED_WAITING;
            default:
                return SampleState.RUNNABLE;
        }
    }

    /** The state of a wait the JVM reported without a stack (a capture not taken). */
    public static SampleState withoutStack(Thread.State jvmState, String lockClass) {
        // WAITING on no lock is a park without a blocker (Object.wait and join name their monitor);
        // TIMED_WAITING on none may be a sleep or a timed park, and stays TIMED_WAITING.
        return jvmState == Thread.State.WAITING && lockClass == null ? SampleState.PARKED : of(jvmState, lockClass, null);
    }

    /**
     * Whether a thread the JVM calls RUNNABLE, whose top frame is the native {@code Object.wait}, is
     * re-taking its monitor after the wait: a passing moment (it spins, blocks or gets it) that counts
     * as BLOCKED on that monitor.
     */
    public static boolean isRetakingMonitor(Thread.State jvmState, StackTraceElement top) {
        return jvmState == Thread.State.RUNNABLE && top != null && WaitFrames.isObjectWait(top);
    }

    /**
     * Whether a stack whose top frame is {@code top} is still in a wait the JVM reported as
     * {@code jvmState}, a moment before the stack was taken: a park (WAITING, TIMED_WAITING), a sleep
     * (TIMED_WAITING), or {@code Object.wait}, which a thread also blocks in while it re-takes its monitor
     * (BLOCKED). A thread blocked entering a monitor has its own code on top, whether still blocked or
     * running past the lock since: never.
     */
    public static boolean isInWaitOf(Thread.State jvmState, StackTraceElement top) {
        if (isCarrierHeld(jvmState, top)) {
            return true;
        }
        if (top == null || !WaitFrames.isJvmWait(top)) {
            return false;
        }
        switch (jvmState) {
            case BLOCKED:
                return WaitFrames.isObjectWait(top);
            case WAITING:
                return !WaitFrames.isSleep(top);
            case TIMED_WAITING:
                return true;
            default:
                return false;
        }
    }

    /**
     * Whether a platform thread the JVM says is waiting or blocked with {@code Continuation.run} on top is a
     * carrier held by its mounted virtual thread, which parked (a sleep, a lock) or blocked on a monitor where
     * it cannot unmount: inside a class initializer or under another native frame (and on JDK 21-23 inside
     * {@code synchronized}). The JVM then parks or blocks the carrier itself, and calls the carrier so, at the
     * frame where its own stack ends; a carrier never waits there otherwise (a virtual thread that can unmount
     * does, and the carrier goes back to its pool). So the carrier's sample is Pinned, and the tick counts it
     * in that state for as long as the pin lasts; the virtual thread's own stack, where it pinned, comes from
     * JFR's {@code jdk.VirtualThreadPinned} ({@link SampleState#PINNED}).
     */
    static boolean isCarrierHeld(Thread.State jvmState, StackTraceElement top) {
        return top != null && WaitFrames.isCarrying(top)
                && (jvmState == Thread.State.WAITING || jvmState == Thread.State.TIMED_WAITING || jvmState == Thread.State.BLOCKED);
    }

    /**
     * How many sampling intervals without CPU time make a RUNNABLE thread whose top frame is
     * {@code top} idle in native code, or 0 where it cannot be idle (no frames, Java code, a JVM
     * wait). One for the JDK's blocking I/O calls, where a thread nearly always waits; two for any
     * other native method, which may be a short computation between two reads of the clock.
     */
    public static int quietIntervalsToIdle(StackTraceElement top) {
        if (top == null || !top.isNativeMethod() || WaitFrames.isJvmWait(top)) {
            return 0;
        }
        return WaitFrames.isBlockingIo(top) ? 1 : 2;
    }

    /**
     * The state of an unmounted virtual thread as a thread dump lists it ({@code jvmState}, the class of
     * what it waits on, its stack with the JDK's own park frames still on top). The JVM calls it WAITING
     * or TIMED_WAITING in a park, a sleep and a socket read alike, so the stack tells them apart, as the
     * same waits of a platform thread read: a sleep is TIMED_WAITING, a socket read (parked on the JDK's
     * poller) idle in native, a park without a blocker PARKED, a park on a lock WAITING on it. RUNNABLE
     * is a virtual thread ready to run and waiting for a carrier: running, as a platform thread waiting
     * for a core is.
     */
    public static SampleState ofVirtualThread(Thread.State jvmState, String lockClass, StackTraceElement[] stack) {
        switch (jvmState) {
            case BLOCKED:
                return SampleState.BLOCKED;
            case WAITING:
            case TIMED_WAITING:
                if (WaitFrames.isVirtualSleep(stack)) {
                    return SampleState.TIMED_WAITING;
                }
                if (lockClass == null && WaitFrames.isVirtualIoWait(stack)) {
                    return SampleState.NATIVE_IDLE;
                }
                if (lockClass == null && !WaitFrames.isVirtualObjectWait(stack)) {
                    return SampleState.PARKED;
                }
                return jvmState == Thread.State.WAITING ? SampleState.WAITING : SampleState.TIMED_WAITING;
            default:
                return SampleState.RUNNABLE;
        }
    }

    /**
     * A sample of a thread in the native method {@code cls.method} with no CPU time to go by (JFR's
     * native-method samples, which JFR takes whether or not the thread uses a CPU): in one of the JDK's
     * blocking I/O calls it is idle, as it nearly always is there; in any other native method
     * (compression, crypto, a JNI library) it counts as running.
     */
    public static SampleState ofNativeMethod(String cls, String method) {
        return WaitFrames.isBlockingIo(cls, method) ? SampleState.NATIVE_IDLE : SampleState.RUNNABLE;
    }

    /**
     * A thread known to be off the CPU whose top Java frame is the native method {@code cls.method}
     * and whose Java state is unknown (async-profiler's off-CPU samples): {@code Unsafe.park} parked,
     * the native {@code Object.wait} waiting, {@code Thread.sleep} timed waiting; anything else idle
     * in native, jflame's state for a thread that is not running and not in one of the JVM's waits.
     */
    public static SampleState ofOffCpuNative(String cls, String method) {
        if (WaitFrames.isPark(cls, method)) {
            return SampleState.PARKED;
        }
        if (WaitFrames.isObjectWait(cls, method)) {
            return SampleState.WAITING;
        }
        if (WaitFrames.isSleep(cls, method)) {
            return SampleState.TIMED_WAITING;
        }
        return SampleState.NATIVE_IDLE;
    }
}

package dev.jflame.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one state rule, question by question, as every source of samples asks it. */
class ThreadStatesTest {
    private static final StackTraceElement PARK = frame("jdk.internal.misc.Unsafe", "park", true);
    private static final StackTraceElement OBJECT_WAIT = frame("java.lang.Object", "wait0", true);
    private static final StackTraceElement SOCKET_READ = frame("sun.nio.ch.SocketDispatcher", "read0", true);
    private static final StackTraceElement DEFLATE = frame("java.util.zip.Deflater", "deflateBytesBytes", true);
    private static final StackTraceElement JAVA = frame("app.Work", "hot", false);

    @Test
    void theJvmsStateWithItsLockAndTopFrame() {
        assertEquals(SampleState.BLOCKED, ThreadStates.of(Thread.State.BLOCKED, "java.lang.Object", JAVA));
        assertEquals(SampleState.PARKED, ThreadStates.of(Thread.State.WAITING, null, PARK));
        assertEquals(SampleState.PARKED, ThreadStates.of(Thread.State.TIMED_WAITING, null, PARK));
        // A park with a blocker reads like jstack: waiting on it.
        assertEquals(SampleState.WAITING, ThreadStates.of(Thread.State.WAITING, "java.util.concurrent.locks.ReentrantLock$NonfairSync", PARK));
        assertEquals(SampleState.TIMED_WAITING, ThreadStates.of(Thread.State.TIMED_WAITING, null, frame("java.lang.Thread", "sleep0", true)));
        assertEquals(SampleState.RUNNABLE, ThreadStates.of(Thread.State.RUNNABLE, null, SOCKET_READ));
    }

    @Test
    void aCarrierHeldByAPinnedVirtualThread() {
        StackTraceElement carrying = frame("jdk.internal.vm.Continuation", "run", false);
        // The JVM calls the carrier of a virtual thread parked in a class initializer waiting, at the frame
        // where its own stack ends, and names the virtual thread as its lock.
        assertEquals(SampleState.PINNED, ThreadStates.of(Thread.State.TIMED_WAITING, null, carrying));
        assertEquals(SampleState.PINNED, ThreadStates.of(Thread.State.WAITING, "java.lang.VirtualThread", carrying));
        assertEquals(SampleState.PINNED, ThreadStates.of(Thread.State.BLOCKED, "java.lang.Object", carrying));
        assertTrue(ThreadStates.isInWaitOf(Thread.State.TIMED_WAITING, carrying));
        // Running a virtual thread that is not blocked: running.
        assertEquals(SampleState.RUNNABLE, ThreadStates.of(Thread.State.RUNNABLE, null, carrying));
        assertFalse(ThreadStates.isInWaitOf(Thread.State.RUNNABLE, carrying));
        assertEquals("[PINNED]", SampleState.PINNED.leafFrame("java.lang.VirtualThread"));
    }

    @Test
    void aWaitSeenWithoutItsStack() {
        assertEquals(SampleState.PARKED, ThreadStates.withoutStack(Thread.State.WAITING, null));
        assertEquals(SampleState.WAITING, ThreadStates.withoutStack(Thread.State.WAITING, "java.lang.Object"));
        // A sleep or a timed park: nothing tells them apart without the frame.
        assertEquals(SampleState.TIMED_WAITING, ThreadStates.withoutStack(Thread.State.TIMED_WAITING, null));
    }

    @Test
    void reTakingAMonitorAfterObjectWait() {
        assertTrue(ThreadStates.isRetakingMonitor(Thread.State.RUNNABLE, OBJECT_WAIT));
        assertFalse(ThreadStates.isRetakingMonitor(Thread.State.WAITING, OBJECT_WAIT));
        assertFalse(ThreadStates.isRetakingMonitor(Thread.State.RUNNABLE, PARK));
        assertFalse(ThreadStates.isRetakingMonitor(Thread.State.RUNNABLE, null));
    }

    @Test
    void aStackTakenAfterTheScanThatStillEndsInTheScansWait() {
        StackTraceElement sleep = frame("java.lang.Thread", "sleep0", true);
        // Waking from a wait, the thread is still in its frame: a park, a sleep, Object.wait (also while it
        // re-takes the monitor, which the JVM calls BLOCKED).
        assertTrue(ThreadStates.isInWaitOf(Thread.State.WAITING, PARK));
        assertTrue(ThreadStates.isInWaitOf(Thread.State.TIMED_WAITING, sleep));
        assertTrue(ThreadStates.isInWaitOf(Thread.State.WAITING, OBJECT_WAIT));
        assertTrue(ThreadStates.isInWaitOf(Thread.State.BLOCKED, OBJECT_WAIT));
        assertFalse(ThreadStates.isInWaitOf(Thread.State.WAITING, sleep));
        assertFalse(ThreadStates.isInWaitOf(Thread.State.BLOCKED, PARK));
        // Blocked entering a monitor, its own code is on top, still blocked or running past the lock since.
        assertFalse(ThreadStates.isInWaitOf(Thread.State.BLOCKED, JAVA));
        assertFalse(ThreadStates.isInWaitOf(Thread.State.WAITING, SOCKET_READ));
        assertFalse(ThreadStates.isInWaitOf(Thread.State.RUNNABLE, PARK));
        assertFalse(ThreadStates.isInWaitOf(Thread.State.WAITING, null));
    }

    @Test
    void howMuchQuietMakesANativeFrameIdle() {
        assertEquals(1, ThreadStates.quietIntervalsToIdle(SOCKET_READ));
        assertEquals(2, ThreadStates.quietIntervalsToIdle(DEFLATE));
        assertEquals(0, ThreadStates.quietIntervalsToIdle(JAVA));
        assertEquals(0, ThreadStates.quietIntervalsToIdle(PARK));
        assertEquals(0, ThreadStates.quietIntervalsToIdle(null));
    }

    @Test
    void jfrSamplesWithoutAJavaState() {
        assertEquals(SampleState.NATIVE_IDLE, ThreadStates.ofNativeMethod("java.net.SocketInputStream", "socketRead0"));
        assertEquals(SampleState.RUNNABLE, ThreadStates.ofNativeMethod("java.util.zip.Deflater", "deflateBytesBytes"));
        assertEquals(SampleState.PARKED, ThreadStates.ofOffCpuNative("jdk.internal.misc.Unsafe", "park"));
        assertEquals(SampleState.WAITING, ThreadStates.ofOffCpuNative("java.lang.Object", "wait"));
        assertEquals(SampleState.TIMED_WAITING, ThreadStates.ofOffCpuNative("java.lang.Thread", "sleepNanos0"));
        assertEquals(SampleState.NATIVE_IDLE, ThreadStates.ofOffCpuNative("sun.nio.ch.EPoll", "wait"));
    }

    /** Unmounted virtual threads as JDK 25's thread dump lists them: the JDK's park frames on top of every wait. */
    @Test
    void virtualThreadsByTheirStacks() {
        StackTraceElement vtPark = frame("java.lang.VirtualThread", "park", false);
        StackTraceElement parkVirtual = frame("java.lang.System$1", "parkVirtualThread", false);
        StackTraceElement lockSupport = frame("java.util.concurrent.locks.LockSupport", "park", false);
        StackTraceElement[] sleeping = {frame("java.lang.VirtualThread", "parkNanos", false), frame("java.lang.VirtualThread", "sleepNanos", false),
            frame("java.lang.Thread", "sleepNanos", false), frame("java.lang.Thread", "sleep", false), JAVA};
        StackTraceElement[] reading = {vtPark, parkVirtual, lockSupport, frame("sun.nio.ch.Poller", "poll", false),
            frame("sun.nio.ch.NioSocketImpl", "park", false), frame("java.net.Socket$SocketInputStream", "read", false), JAVA};
        StackTraceElement[] parked = {vtPark, parkVirtual, lockSupport, JAVA};
        StackTraceElement[] locking = {vtPark, parkVirtual, lockSupport,
            frame("java.util.concurrent.locks.AbstractQueuedSynchronizer", "acquire", false), frame("java.util.concurrent.locks.ReentrantLock", "lock", false), JAVA};
        StackTraceElement[] waiting = {vtPark, parkVirtual, frame("java.lang.Object", "wait0", true), frame("java.lang.Object", "wait", false), JAVA};
        assertEquals(SampleState.TIMED_WAITING, ThreadStates.ofVirtualThread(Thread.State.TIMED_WAITING, null, sleeping));
        assertEquals(SampleState.NATIVE_IDLE, ThreadStates.ofVirtualThread(Thread.State.WAITING, null, reading));
        assertEquals(SampleState.PARKED, ThreadStates.ofVirtualThread(Thread.State.WAITING, null, parked));
        assertEquals(SampleState.PARKED, ThreadStates.ofVirtualThread(Thread.State.TIMED_WAITING, null, parked));
        assertEquals(SampleState.WAITING,
                ThreadStates.ofVirtualThread(Thread.State.WAITING, "java.util.concurrent.locks.ReentrantLock$NonfairSync", locking));
        assertEquals(SampleState.WAITING, ThreadStates.ofVirtualThread(Thread.State.WAITING, "java.lang.Object", waiting));
        // Notified and not yet back in its monitor, Object.wait names none: still not a bare park.
        assertEquals(SampleState.WAITING, ThreadStates.ofVirtualThread(Thread.State.WAITING, null, waiting));
        assertEquals(SampleState.BLOCKED, ThreadStates.ofVirtualThread(Thread.State.BLOCKED, "java.lang.Object", new StackTraceElement[] {JAVA}));
        // Unmounted and runnable: waiting for a carrier, as a platform thread waits for a core.
        assertEquals(SampleState.RUNNABLE, ThreadStates.ofVirtualThread(Thread.State.RUNNABLE, null, parked));
    }

    private static StackTraceElement frame(String cls, String method, boolean nativeMethod) {
        return new StackTraceElement(cls, method, null, nativeMethod ? -2 : 10);
    }
}

package dev.jflame.core.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WaitFramesTest {
    private static StackTraceElement frame(String cls, String method, boolean nativeMethod) {
        return new StackTraceElement(cls, method, null, nativeMethod ? -2 : 10);
    }

    @Test
    void jvmWaitsAreMatchedOnClassAndMethod() {
        assertTrue(WaitFrames.isJvmWait(frame("jdk.internal.misc.Unsafe", "park", true)));
        assertTrue(WaitFrames.isJvmWait(frame("java.lang.Object", "wait0", true)));
        assertTrue(WaitFrames.isJvmWait(frame("java.lang.Object", "wait", true)));
        assertTrue(WaitFrames.isJvmWait(frame("java.lang.Thread", "sleepNanos0", true)));
        // A selector's epoll_wait is blocking I/O, not one of the JVM's waits.
        assertFalse(WaitFrames.isJvmWait(frame("sun.nio.ch.EPoll", "wait", true)));
        assertTrue(WaitFrames.isBlockingIo(frame("sun.nio.ch.EPoll", "wait", true)));
    }

    @Test
    void onlyTheNativeObjectWaitIsTheWait() {
        // JDK 21+: Object.wait(long) is Java code above the native wait0; it runs, it does not wait.
        assertFalse(WaitFrames.isObjectWait(frame("java.lang.Object", "wait", false)));
        assertTrue(WaitFrames.isObjectWait(frame("java.lang.Object", "wait0", true)));
    }

    @Test
    void blockingIoIncludesShadedNettyEpollButNotComputeNatives() {
        assertTrue(WaitFrames.isBlockingIo(frame("io.grpc.netty.shaded.io.netty.channel.epoll.Native", "epollWait", true)));
        assertTrue(WaitFrames.isBlockingIo(frame("java.net.SocketInputStream", "socketRead0", true)));
        assertFalse(WaitFrames.isBlockingIo(frame("java.util.zip.Deflater", "deflateBytesBytes", true)));
        assertFalse(WaitFrames.isBlockingIo(frame("sun.nio.ch.SocketDispatcher", "read0", false)));
    }
}

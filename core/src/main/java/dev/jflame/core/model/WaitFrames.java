package dev.jflame.core.model;

/**
 * The top frames a thread sits in while it waits: the JVM's own waits ({@code Unsafe.park},
 * {@code Object.wait}, {@code Thread.sleep}) and the JDK's blocking I/O calls (a socket or pipe read,
 * {@code accept}, {@code epoll_wait}, {@code poll}, waiting for a child process). Matched on class and
 * method, not the method alone: {@code sun.nio.ch.EPoll.wait} is no {@code Object.wait}. Stateless.
 *
 * <p>Each question comes in two forms: for a captured {@link StackTraceElement}, and for a native
 * method's class and name, which is what a JFR frame (in the profiled JVM or a recording) gives.
 * {@link ThreadStates} turns the answers into a sample's state.
 */
public final class WaitFrames {
    /** JDK natives that block in the kernel until something arrives, JDK 11 to 25 on Linux. */
    private static final String[][] BLOCKING_IO = {
        {"sun.nio.ch.EPoll", "wait"},
        {"sun.nio.ch.EPollArrayWrapper", "epollWait"},
        {"sun.nio.ch.Net", "poll"},
        {"sun.nio.ch.Net", "accept"},
        {"sun.nio.ch.ServerSocketChannelImpl", "accept0"},
        {"sun.nio.ch.UnixDomainSockets", "accept0"},
        {"sun.nio.ch.SocketDispatcher", "read0"},
        {"sun.nio.ch.SocketDispatcher", "readv0"},
        {"sun.nio.ch.FileDispatcherImpl", "read0"},
        {"sun.nio.ch.FileDispatcherImpl", "readv0"},
        {"sun.nio.ch.UnixFileDispatcherImpl", "read0"},
        {"sun.nio.ch.DatagramChannelImpl", "receive0"},
        {"sun.nio.ch.DatagramDispatcher", "read0"},
        {"java.net.SocketInputStream", "socketRead0"},
        {"java.net.PlainSocketImpl", "socketAccept"},
        {"java.net.PlainDatagramSocketImpl", "receive0"},
        {"java.io.FileInputStream", "readBytes"},
        {"java.io.FileInputStream", "read0"},
        {"java.lang.ProcessHandleImpl", "waitForProcessExit0"},
        {"java.lang.ProcessImpl", "waitForProcessExit"},
        {"sun.nio.fs.LinuxWatchService", "poll"},
    };
    /** Netty's native epoll transport, under whatever package a library shades it. */
    private static final String NETTY_EPOLL = "io.netty.channel.epoll.Native";

    private WaitFrames() {
    }

    /** Whether {@code top} is a park, an {@code Object.wait} or a sleep (native frames only). */
    public static boolean isJvmWait(StackTraceElement top) {
        return isPark(top) || isObjectWait(top) || isSleep(top);
    }

    /** {@code Unsafe.park}, the frame of every {@code LockSupport.park}. */
    public static boolean isPark(StackTraceElement top) {
        return top.isNativeMethod() && isPark(top.getClassName(), top.getMethodName());
    }

    /** {@link #isPark(StackTraceElement)} for a native method's class and name. */
    public static boolean isPark(String cls, String method) {
        return "park".equals(method) && ("jdk.internal.misc.Unsafe".equals(cls) || "sun.misc.Unsafe".equals(cls));
    }

    /**
     * The native {@code Object.wait} ({@code wait0} on JDK 21+, {@code wait(long)} before). The Java
     * {@code wait} overloads above it run code, so they do not count.
     */
    public static boolean isObjectWait(StackTraceElement top) {
        return top.isNativeMethod() && isObjectWait(top.getClassName(), top.getMethodName());
    }

    /** {@link #isObjectWait(StackTraceElement)} for a native method's class and name. */
    public static boolean isObjectWait(String cls, String method) {
        return "java.lang.Object".equals(cls) && ("wait0".equals(method) || "wait".equals(method));
    }

    public static boolean isSleep(StackTraceElement top) {
        return top.isNativeMethod() && isSleep(top.getClassName(), top.getMethodName());
    }

    /** Whether a native method is {@code Thread.sleep}'s ({@code sleep} to JDK 20, {@code sleep0}, {@code sleepNanos0}). */
    public static boolean isSleep(String cls, String m) {
        return "java.lang.Thread".equals(cls) && (m.equals("sleep") || m.equals("sleep0") || m.equals("sleepNanos0"));
    }

    /**
     * Whether {@code top} is {@code Continuation.run}, a carrier's top frame while a virtual thread is mounted
     * on it (the carrier's stack ends where the virtual thread's begins). The virtual thread parks or
     * blocks there without leaving the carrier only when it is pinned (JDK 21+).
     */
    public static boolean isCarrying(StackTraceElement top) {
        return "run".equals(top.getMethodName()) && "jdk.internal.vm.Continuation".equals(top.getClassName());
    }

    /** How deep in a virtual thread's stack the JDK's own frames of a wait end (its park, a sleep's, the poller's). */
    private static final int VIRTUAL_WAIT_FRAMES = 8;

    /** Whether a parked virtual thread's stack is in {@code Thread.sleep} (the JDK parks it below the sleep). */
    public static boolean isVirtualSleep(StackTraceElement[] stack) {
        return nearTop(stack, "java.lang.Thread", "sleep") || nearTop(stack, "java.lang.VirtualThread", "sleepNanos");
    }

    /** Whether a parked virtual thread waits in socket or pipe I/O: the JDK parks it on its poller until the descriptor is ready. */
    public static boolean isVirtualIoWait(StackTraceElement[] stack) {
        return nearTop(stack, "sun.nio.ch.Poller", "poll");
    }

    /** Whether a virtual thread waits in {@code Object.wait} (a monitor it names, or none once notified). */
    public static boolean isVirtualObjectWait(StackTraceElement[] stack) {
        return nearTop(stack, "java.lang.Object", "wait0") || nearTop(stack, "java.lang.Object", "wait");
    }

    private static boolean nearTop(StackTraceElement[] stack, String cls, String method) {
        for (int i = 0; i < stack.length && i < VIRTUAL_WAIT_FRAMES; i++) {
            if (stack[i].getMethodName().equals(method) && stack[i].getClassName().equals(cls)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code top} is one of the JDK's blocking I/O natives. */
    public static boolean isBlockingIo(StackTraceElement top) {
        return top.isNativeMethod() && isBlockingIo(top.getClassName(), top.getMethodName());
    }

    /** {@link #isBlockingIo(StackTraceElement)} for a native method's class and name. */
    public static boolean isBlockingIo(String cls, String m) {
        for (String[] io : BLOCKING_IO) {
            if (io[1].equals(m) && io[0].equals(cls)) {
                return true;
            }
        }
        return (m.equals("epollWait") || m.equals("epollWait0")) && cls.endsWith(NETTY_EPOLL);
    }
}

package dev.jflame.core.sampler;

/**
 * The top frames a thread sits in while it waits: the JVM's own waits ({@code Unsafe.park},
 * {@code Object.wait}, {@code Thread.sleep}) and the JDK's blocking I/O calls (a socket or pipe read,
 * {@code accept}, {@code epoll_wait}, {@code poll}, waiting for a child process). Matched on class and
 * method, not the method alone: {@code sun.nio.ch.EPoll.wait} is no {@code Object.wait}. Stateless.
 */
final class WaitFrames {
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
    static boolean isJvmWait(StackTraceElement top) {
        return isPark(top) || isObjectWait(top) || isSleep(top);
    }

    /** {@code Unsafe.park}, the frame of every {@code LockSupport.park}. */
    static boolean isPark(StackTraceElement top) {
        return top.isNativeMethod() && "park".equals(top.getMethodName())
                && ("jdk.internal.misc.Unsafe".equals(top.getClassName()) || "sun.misc.Unsafe".equals(top.getClassName()));
    }

    /**
     * The native {@code Object.wait} ({@code wait0} on JDK 21+, {@code wait(long)} before). The Java
     * {@code wait} overloads above it run code, so they do not count.
     */
    static boolean isObjectWait(StackTraceElement top) {
        return top.isNativeMethod() && "java.lang.Object".equals(top.getClassName())
                && ("wait0".equals(top.getMethodName()) || "wait".equals(top.getMethodName()));
    }

    private static boolean isSleep(StackTraceElement top) {
        String m = top.getMethodName();
        return top.isNativeMethod() && "java.lang.Thread".equals(top.getClassName())
                && (m.equals("sleep") || m.equals("sleep0") || m.equals("sleepNanos0"));
    }

    /** Whether {@code top} is one of the JDK's blocking I/O natives. */
    static boolean isBlockingIo(StackTraceElement top) {
        if (!top.isNativeMethod()) {
            return false;
        }
        String m = top.getMethodName();
        for (String[] io : BLOCKING_IO) {
            if (io[1].equals(m) && io[0].equals(top.getClassName())) {
                return true;
            }
        }
        return (m.equals("epollWait") || m.equals("epollWait0")) && top.getClassName().endsWith(NETTY_EPOLL);
    }
}

package dev.jflame.testapps;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server that answers slowly: it accepts a connection, and from half to one and a half times
 * {@code delayMillis} later (at random, so that clients do not move in step) writes one byte and closes it, so a client reading it waits in a socket read that long. Its threads are
 * platform threads ({@code slow-server}, {@code slow-answer}), so they never count among the virtual
 * threads of a program that uses it. Thread-safe; runs until the JVM ends.
 */
final class SlowServer {
    private final ServerSocket socket;
    private final long delayMillis;
    private final ScheduledExecutorService answers;

    private SlowServer(ServerSocket socket, long delayMillis) {
        this.socket = socket;
        this.delayMillis = delayMillis;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("slow-answer-"));
        pool.setRemoveOnCancelPolicy(true);
        this.answers = pool;
    }

    static SlowServer start(long delayMillis) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        SlowServer server = new SlowServer(socket, delayMillis);
        Thread acceptor = new Thread(server::acceptForever, "slow-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void acceptForever() {
        while (true) {
            try {
                Socket s = socket.accept();
                long delay = delayMillis / 2 + ThreadLocalRandom.current().nextLong(delayMillis + 1);
                answers.schedule(() -> answer(s), delay, TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                System.err.println("slow-server: accept failed: " + e);
                return;
            }
        }
    }

    private static void answer(Socket s) {
        try (Socket closing = s; OutputStream out = closing.getOutputStream()) {
            out.write(1);
        } catch (IOException e) {
            // The client gave up (the program is ending): nothing to answer.
        }
    }
}

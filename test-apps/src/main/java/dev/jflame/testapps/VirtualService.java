package dev.jflame.testapps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A service that serves each request on its own virtual thread, the way services on JDK 21+ do: the
 * JDK's {@code HttpServer} on a virtual-thread-per-task executor (its handler threads unnamed), and a
 * loopback client of {@code --requests 2000} virtual threads named {@code client} that keep one request
 * each in flight (they start over the first {@code --sleep-millis}). Each request's handler goes through
 * four phases, each in a method of its own: {@link #compute} (about {@code --compute-micros 500} µs of
 * CPU), {@link #sleep} ({@code --sleep-millis 1000} on average), {@link #waitForLock} (takes a shared
 * {@code ReentrantLock} and sleeps {@code --hold-micros 1000} µs holding it) and {@link #readSlowSocket}
 * (reads from a {@link SlowServer} that answers after {@code --slow-millis 1000} on average). At the
 * defaults the lock is the narrowest place, and the handlers share out as about 30 % sleeping, 55 % at
 * the lock, 15 % reading and a few in compute (two carriers run at most two of them).
 *
 * <p>The program counts its handlers in each phase itself ({@link PhaseCounts}, read every 5 ms) from
 * the moment the load starts, and prints the average count and share of each phase every {@code
 * --report-seconds 1} and at the end: {@code phases compute=12.1/0.104 sleep=… lock=… read=…
 * readings=N seconds=S} (the last one {@code final phases …}); a profile's shares of those methods should match.
 * After {@code --seconds 8} of load it exits.
 *
 * <p>{@code --parked 0}: that many more virtual threads, named {@code parked}, which start before
 * anything else and wait in {@link #parkedForever} until the program ends — they never run again, so
 * only a profiler that takes a census of waiting virtual threads sees them ({@code --requests 0
 * --parked 100000} is a crowd of idle virtual threads alone). {@code --threads virtual} ({@code
 * platform}: the same with platform threads, the twin to compare with). {@code --wait-for-jfr false}
 * (true: the load starts once JFR gives the profiler in this JVM its stacks; see {@link JfrRunning}).
 * Prints {@code ready port=<port>} once the load runs. Virtual threads need JDK 21+ (they are made by
 * reflection: this code is built for 11); elsewhere {@code --threads virtual} or {@code --parked} exit
 * with status 2.
 */
public final class VirtualService {
    static final String[] PHASES = {"compute", "sleep", "lock", "read"};
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    /** Keeps the spin results alive. */
    private static volatile long sink;

    private static PhaseCounts phases;
    private static long computeNanos;
    private static long sleepMillis;
    private static long holdNanos;
    private static InetSocketAddress slow;

    private VirtualService() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse("VirtualService", argv, "requests", "2000", "parked", "0", "threads", "virtual", "seconds", "8",
                "compute-micros", "500", "sleep-millis", "1000", "hold-micros", "1000", "slow-millis", "1000", "report-seconds", "1",
                "wait-for-jfr", "false");
        int requests = args.integer("requests", 0);
        int parked = args.integer("parked", 0);
        boolean virtual = args.choice("threads", "virtual", "platform").equals("virtual");
        long millis = args.millisFromSeconds("seconds");
        computeNanos = args.integer("compute-micros", 0) * 1_000L;
        sleepMillis = args.integer("sleep-millis", 0);
        holdNanos = args.integer("hold-micros", 0) * 1_000L;
        long reportMillis = Math.max(1, args.millisFromSeconds("report-seconds"));
        if ((virtual || parked > 0) && Runtime.version().feature() < 21) {
            throw args.fail("virtual threads need JDK 21 or later (this is " + Runtime.version().feature() + ")");
        }
        ThreadFactory parkedThreads = parked > 0 ? virtualThreads("parked") : null;
        for (int i = 0; i < parked; i++) {
            parkedThreads.newThread(VirtualService::parkedForever).start();
        }
        if (args.bool("wait-for-jfr")) {
            JfrRunning.await("VirtualService");
        }
        slow = SlowServer.start(args.integer("slow-millis", 0)).address();
        // See Service: without TCP_NODELAY each response stalls ~40 ms on Nagle and delayed ACKs.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        ExecutorService handlers = virtual ? virtualThreadPerTask() : Executors.newCachedThreadPool(new NamedThreadFactory("handler-"));
        server.setExecutor(handlers);
        server.createContext("/", new Handler());
        server.start();
        URL url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/work").toURL();

        phases = new PhaseCounts(5, PHASES);
        phases.start();
        ThreadFactory clients = virtual ? virtualThreads("client") : new NamedThreadFactory("client-");
        for (int i = 0; i < requests; i++) {
            Thread t = clients.newThread(new Client(url));
            t.setDaemon(true);
            t.start();
        }
        Ready.announce("ready port=" + server.getAddress().getPort());
        long end = System.nanoTime() + millis * 1_000_000L;
        for (long left = millis; left > 0; left = (end - System.nanoTime()) / 1_000_000L) {
            Thread.sleep(Math.min(left, reportMillis));
            Ready.announce("phases " + phases.line());
        }
        phases.stop();
        Ready.announce("final phases " + phases.line());
        // The load is still running: exit rather than wait for thousands of requests to drain.
        System.exit(0);
    }

    /** Where the never-running virtual threads wait. */
    static void parkedForever() {
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A named class, not a lambda, for a stable frame name. */
    private static final class Handler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            // HttpExchange is AutoCloseable only from JDK 14; we compile for 11.
            try {
                byte[] body = handleRequest();
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } finally {
                exchange.close();
            }
        }
    }

    static byte[] handleRequest() throws IOException {
        long x = compute();
        sleep();
        x ^= waitForLock();
        x ^= readSlowSocket();
        sink = x;
        return new byte[] {(byte) x, '\n'};
    }

    /** Phase (a): computes. */
    static long compute() {
        phases.enter(0);
        try {
            return Spin.until(System.nanoTime() + computeNanos, 0x6A09E667F3BCC909L);
        } finally {
            phases.leave(0);
        }
    }

    /**
     * A time from half to one and a half times {@code millis}: requests that took the same times would
     * move in step (all started together), and the phases' counts would swing in waves.
     */
    static long around(long millis) {
        return millis / 2 + ThreadLocalRandom.current().nextLong(millis + 1);
    }

    /** Phase (b): sleeps for about {@code --sleep-millis}. */
    static void sleep() {
        phases.enter(1);
        try {
            Thread.sleep(around(sleepMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            phases.leave(1);
        }
    }

    /**
     * Phase (c): waits for the shared lock, and holds it a moment sleeping (a slow critical section: the
     * lock, not the CPU, limits how many requests pass through it).
     */
    static long waitForLock() {
        phases.enter(2);
        LOCK.lock();
        try {
            Thread.sleep(holdNanos / 1_000_000L, (int) (holdNanos % 1_000_000L));
            return holdNanos;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            LOCK.unlock();
            phases.leave(2);
        }
    }

    /** Phase (d): reads a socket whose other end answers slowly. */
    static long readSlowSocket() throws IOException {
        phases.enter(3);
        try (Socket s = new Socket()) {
            s.connect(slow, 5000);
            s.setSoTimeout(5000);
            return s.getInputStream().read();
        } finally {
            phases.leave(3);
        }
    }

    /** Keeps one request in flight. A named class, not a lambda, for a stable frame name. */
    private static final class Client implements Runnable {
        private final URL url;

        Client(URL url) {
            this.url = url;
        }

        @Override
        public void run() {
            long failures = 0;
            try {
                // Not all at once: see around().
                Thread.sleep(ThreadLocalRandom.current().nextLong(sleepMillis + 1));
            } catch (InterruptedException e) {
                return;
            }
            while (true) {
                try {
                    fetch();
                } catch (IOException e) {
                    // The first failure and then every thousandth: a dead server cannot flood stderr.
                    if (failures++ % 1000 == 0) {
                        System.err.println("client: request failed: " + e);
                    }
                }
            }
        }

        private void fetch() throws IOException {
            // NO_PROXY: the request must stay on loopback whatever proxy the environment configures.
            HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(30_000);
            connection.setReadTimeout(30_000);
            try (InputStream body = connection.getInputStream()) {
                body.readAllBytes();
            }
        }
    }

    private static ExecutorService virtualThreadPerTask() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    /** {@code Thread.ofVirtual().name(name).factory()}: virtual threads all named {@code name}. */
    private static ThreadFactory virtualThreads(String name) throws ReflectiveOperationException {
        Class<?> builder = Class.forName("java.lang.Thread$Builder");
        Object b = Thread.class.getMethod("ofVirtual").invoke(null);
        b = builder.getMethod("name", String.class).invoke(b, name);
        return (ThreadFactory) builder.getMethod("factory").invoke(b);
    }
}

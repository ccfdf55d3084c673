package dev.jflame.testapps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small long-running service for attach tests: an HTTP server on 127.0.0.1 (an ephemeral port) with
 * four {@code http-N} handler threads, each request spending ~2 ms in {@link #handleRequest}, and two
 * {@code client-N} threads that keep calling it over loopback.
 *
 * <p>Options: {@code --seconds 0} (0 = run until killed), {@code --after-jflame false} (true: the
 * seconds count from the moment jflame starts profiling this JVM, as its status property
 * {@code jflame.status} says, so that the service ends while profiled however long the attach took).
 * Prints {@code ready port=<port>} once serving.
 */
public final class Service {

    private static final long WORK_NANOS = 2_000_000;
    private static final int CLIENTS = 2;

    private Service() {
    }

    public static void main(String[] argv) throws IOException, InterruptedException {
        Args args = Args.parse("Service", argv, "seconds", "0", "after-jflame", "false");
        long millis = args.millisFromSeconds("seconds");
        boolean afterJflame = args.bool("after-jflame");

        // The JDK server flushes headers and body as separate small writes; without TCP_NODELAY, Nagle
        // and the client's delayed ACK stall every response by ~40 ms and the handlers sit idle.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService handlers = Executors.newFixedThreadPool(4, new NamedThreadFactory("http-"));
        server.setExecutor(handlers);
        server.createContext("/", new Handler());
        server.start();
        int port = server.getAddress().getPort();

        ServiceClient[] clients = new ServiceClient[CLIENTS];
        Thread[] clientThreads = new Thread[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            clients[i] = new ServiceClient(URI.create("http://127.0.0.1:" + port + "/work").toURL());
            clientThreads[i] = new Thread(clients[i], "client-" + i);
            clientThreads[i].start();
        }
        Ready.announce("ready port=" + port);

        if (millis == 0) {
            // Run until killed: the clients never stop, so main just keeps the JVM company.
            for (Thread t : clientThreads) {
                t.join();
            }
            return;
        }
        if (afterJflame) {
            awaitJflame();
        }
        Thread.sleep(millis);
        for (ServiceClient client : clients) {
            client.stop();
        }
        for (Thread t : clientThreads) {
            t.join();
        }
        server.stop(0);
        handlers.shutdownNow();
    }

    /** Returns once jflame says it profiles this JVM, or after two minutes in which it did not start (then the seconds count anyway). */
    private static void awaitJflame() throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!String.valueOf(System.getProperty("jflame.status")).startsWith("running ") && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
    }

    /** Answers every request. A named class, so handler stacks show a stable frame rather than a lambda proxy. */
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

    /** Computes a response for ~2 ms of CPU. */
    static byte[] handleRequest() {
        long deadline = System.nanoTime() + WORK_NANOS;
        long x = Spin.until(deadline, 0x6A09E667F3BCC909L);
        return ("ok " + Long.toHexString(x) + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}

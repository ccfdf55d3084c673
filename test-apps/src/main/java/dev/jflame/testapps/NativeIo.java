package dev.jflame.testapps;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Selector;
import java.util.zip.Deflater;

/**
 * Threads the JVM calls RUNNABLE while they sit in native code, idle and busy: one in
 * {@code ServerSocket.accept} that no client ever reaches ({@link #acceptForever}), one in a socket
 * read that never gets a byte ({@link #readForever}), one in a {@code Selector.select()} with nothing
 * registered that could fire ({@link #selectForever}, {@code epoll_wait} on Linux), and threads
 * compressing in a loop, almost all of their time inside the native deflater ({@link #deflateForever}).
 * A true profile shows the first three idle in native and the deflaters running — also when there are
 * more deflaters than cores and each waits for one. Loopback only.
 *
 * <p>Options: {@code --seconds 6}, {@code --deflaters 1}.
 */
public final class NativeIo {
    private static volatile long sink;

    private NativeIo() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse("NativeIo", argv, "seconds", "6", "deflaters", "1");
        long millis = args.millisFromSeconds("seconds");
        int deflaters = args.integer("deflaters", 1);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerSocket idle = new ServerSocket(0, 1, loopback);
        ServerSocket silent = new ServerSocket(0, 1, loopback);
        Socket client = new Socket(loopback, silent.getLocalPort());
        Socket peer = silent.accept(); // kept open and never written to
        start("acceptor", () -> acceptForever(idle));
        start("reader", () -> readForever(client.getInputStream()));
        Selector selector = Selector.open();
        start("selector", () -> selectForever(selector));
        for (int i = 0; i < deflaters; i++) {
            start(deflaters == 1 ? "deflater" : "deflater-" + i, () -> deflateForever());
        }
        Ready.announce();
        Thread.sleep(millis);
        sink += peer.getPort();
        System.exit(0);
    }

    private interface Body {
        void run() throws IOException;
    }

    private static void start(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (IOException e) {
                System.err.println(name + ": " + e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    static void acceptForever(ServerSocket server) throws IOException {
        while (true) {
            server.accept().close();
        }
    }

    static void readForever(InputStream in) throws IOException {
        while (in.read() >= 0) {
            sink++;
        }
    }

    static void selectForever(Selector selector) throws IOException {
        while (true) {
            sink += selector.select();
        }
    }

    static void deflateForever() {
        byte[] input = new byte[1 << 20];
        long x = 1;
        for (int i = 0; i < input.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            input[i] = (byte) (i % 64 < 40 ? 'a' + (x & 7) : x);
        }
        byte[] output = new byte[input.length + 1024];
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        while (true) {
            d.reset();
            d.setInput(input);
            d.finish();
            while (!d.finished()) {
                sink += d.deflate(output);
            }
        }
    }
}

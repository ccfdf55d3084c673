import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The cost floor of sampling stacks from Java, for the overhead benchmark's {@code floor} variant:
 * runs a test-apps program with one daemon thread beside it that, every interval, finds the
 * application's threads (the "main" thread group, as jflame samples by default) that are RUNNABLE and
 * takes their stacks with the JVM calls jflame uses (one
 * {@code getThreadInfo(ids, depth)} on JDK 20 and older, a global safepoint; {@code Thread.getStackTrace()}
 * per thread on JDK 21 and newer, a handshake each), then drops them. No wait tracking, no recording,
 * no jitter: what any sampler written in Java pays just to look at the running threads. jflame's
 * distance from this floor is its own cost; the floor's distance from no agent is the JVM's price.
 *
 * <p>The schedule is jflame's: the next tick is one interval after this one started, or right after
 * it ended if it ran late; no catching up.
 *
 * <pre>javac -d bench/target/floor bench/CaptureFloor.java
 *java -cp test-apps/target/test-apps.jar:bench/target/floor CaptureFloor [--interval-us 10000] IdleCrowd --busy 2 ...</pre>
 */
public final class CaptureFloor {
    /** jflame's default {@code depth} (512) plus the one frame it asks for to see truncation. */
    private static final int DEPTH = 513;

    public static void main(String[] argv) throws Exception {
        int at = 0;
        long intervalNanos = 10_000_000L;
        if (argv.length >= 2 && argv[0].equals("--interval-us")) {
            intervalNanos = Long.parseLong(argv[1]) * 1000;
            at = 2;
        }
        if (argv.length <= at) {
            System.err.println("usage: java -cp test-apps.jar:<classes> CaptureFloor [--interval-us N] <test-app> [args...]");
            System.exit(2);
        }
        Method main = Class.forName("dev.jflame.testapps." + argv[at]).getMethod("main", String[].class);
        long interval = intervalNanos;
        Thread sampler = new Thread(() -> sample(interval), "capture-floor");
        sampler.setDaemon(true);
        sampler.start();
        main.invoke(null, (Object) Arrays.copyOfRange(argv, at + 1, argv.length));
    }

    @SuppressWarnings("deprecation") // Thread.getId(): its replacement, threadId(), is JDK 19+
    private static void sample(long intervalNanos) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean handshakes = Runtime.version().feature() >= 21;
        // Started from main(), so this is the "main" group: the JVM's own service threads, some of
        // them RUNNABLE in native waits, stay out, as they do in jflame's default profile.
        ThreadGroup app = Thread.currentThread().getThreadGroup();
        Thread self = Thread.currentThread();
        Thread[] all = new Thread[256];
        Thread[] running = new Thread[256];
        long[] ids = new long[256];
        int count = 0;
        long started = -1;
        long next = System.nanoTime() + intervalNanos;
        while (true) {
            long now;
            while ((now = System.nanoTime()) < next) {
                LockSupport.parkNanos(next - now);
            }
            long start = now;
            // Re-list threads only when the JVM started some, as jflame does.
            long s = mx.getTotalStartedThreadCount();
            if (s != started) {
                started = s;
                while ((count = app.enumerate(all, true)) == all.length) {
                    all = new Thread[all.length * 2];
                    running = new Thread[all.length];
                    ids = new long[all.length];
                }
            }
            int n = 0;
            for (int i = 0; i < count; i++) {
                Thread t = all[i];
                if (t != self && t.getState() == Thread.State.RUNNABLE) {
                    running[n] = t;
                    ids[n++] = t.getId();
                }
            }
            if (n > 0 && handshakes) {
                for (int i = 0; i < n; i++) {
                    running[i].getStackTrace();
                }
            } else if (n > 0) {
                ThreadInfo[] infos = mx.getThreadInfo(Arrays.copyOf(ids, n), DEPTH);
                if (infos.length != n) {
                    throw new AssertionError();
                }
            }
            next = Math.max(start + intervalNanos, System.nanoTime());
        }
    }
}

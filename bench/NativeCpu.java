import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * How much CPU a thread in a native method uses per sampling interval, idle and busy: the figures
 * behind jflame's "idle in native" threshold (CPU under 5 % of the interval). Runs test-apps'
 * {@code NativeIo} in this JVM (a thread in {@code accept}, one in a socket read with no data, one
 * in {@code Selector.select()}, one compressing with {@code Deflater}) and reads each thread's CPU clock every {@code --interval-ms}.
 * Prints min, p1, p50, p99 and max of the CPU share per interval. Run it on a quiet machine and
 * again beside CPU hogs ({@code for i in 1 2 3; do timeout 20 sh -c 'while :; do :; done' & done}):
 *
 * <pre>java -cp test-apps/target/test-apps.jar bench/NativeCpu.java [--intervals 400] [--interval-ms 10]</pre>
 */
public final class NativeCpu {
    private static final String[] THREADS = {"acceptor", "reader", "selector", "deflater"};

    public static void main(String[] argv) throws Exception {
        int intervals = 400;
        int intervalMs = 10;
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (argv[i].equals("--intervals")) {
                intervals = Integer.parseInt(argv[i + 1]);
            } else if (argv[i].equals("--interval-ms")) {
                intervalMs = Integer.parseInt(argv[i + 1]);
            } else {
                throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        long seconds = 3 + (long) intervals * intervalMs / 1000;
        Thread app = new Thread(() -> {
            try {
                Class.forName("dev.jflame.testapps.NativeIo").getMethod("main", String[].class)
                        .invoke(null, (Object) new String[] {"--seconds", Long.toString(seconds)});
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        app.setDaemon(true);
        app.start();
        Thread.sleep(1500); // the threads are up and the deflater is compiled
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] ids = new long[THREADS.length];
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            for (int i = 0; i < THREADS.length; i++) {
                if (t.getName().equals(THREADS[i])) {
                    ids[i] = t.getId();
                }
            }
        }
        List<List<Double>> shares = new ArrayList<>();
        long[] last = new long[THREADS.length];
        for (int i = 0; i < THREADS.length; i++) {
            shares.add(new ArrayList<>());
            last[i] = mx.getThreadCpuTime(ids[i]);
        }
        long lastWall = System.nanoTime();
        for (int k = 0; k < intervals; k++) {
            Thread.sleep(intervalMs);
            long now = System.nanoTime();
            for (int i = 0; i < THREADS.length; i++) {
                long cpu = mx.getThreadCpuTime(ids[i]);
                shares.get(i).add((cpu - last[i]) / (double) (now - lastWall));
                last[i] = cpu;
            }
            lastWall = now;
        }
        System.out.printf(Locale.ROOT, "CPU share per %d ms interval, %d intervals (%d cores)%n", intervalMs, intervals,
                Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < THREADS.length; i++) {
            List<Double> l = shares.get(i);
            Collections.sort(l);
            int n = l.size();
            System.out.printf(Locale.ROOT, "%-9s min %.3f  p1 %.3f  p50 %.3f  p99 %.3f  max %.3f%n", THREADS[i], l.get(0),
                    l.get(n / 100), l.get(n / 2), l.get(n - 1 - n / 100), l.get(n - 1));
        }
        System.exit(0);
    }
}

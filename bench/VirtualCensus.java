import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a census of waiting virtual threads costs, by the ways the JDK offers to take one (issue 27):
 * {@code HotSpotDiagnosticMXBean.dumpThreads} in its JSON format (writes a file; the cost of reading
 * it back is timed apart), and, as the floor of any way that enumerates the threads itself,
 * {@code Thread.getStackTrace()} and {@code getState()} of each virtual thread with the references in
 * hand. Starts {@code --threads} virtual threads that wait for good — a third on a latch, a third
 * sleeping, a third behind a held {@code ReentrantLock} — at a stack depth of about {@code --depth},
 * and a platform thread that counts loop rounds meanwhile (its rate during the census against its rate
 * outside says how much the census held the application back on this machine's two cores).
 * Prints the wall and CPU time of each way (median of {@code --rounds}), the dump's size, and the
 * platform thread's rate ratio. Run on JDK 21+, with {@code -Xlog:safepoint} to see pauses:
 *
 * <pre>java -Xlog:safepoint:file=sp.log bench/VirtualCensus.java --threads 10000 [--rounds 5] [--depth 20]</pre>
 */
public final class VirtualCensus {
    static volatile long rounds;
    static volatile boolean counting = true;

    public static void main(String[] argv) throws Exception {
        int threads = 10_000;
        int nRounds = 5;
        int depth = 20;
        for (int i = 0; i + 1 < argv.length; i += 2) {
            switch (argv[i]) {
                case "--threads": threads = Integer.parseInt(argv[i + 1]); break;
                case "--rounds": nRounds = Integer.parseInt(argv[i + 1]); break;
                case "--depth": depth = Integer.parseInt(argv[i + 1]); break;
                default: throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        CountDownLatch never = new CountDownLatch(1);
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        List<Thread> all = new ArrayList<>();
        int d = depth;
        for (int i = 0; i < threads; i++) {
            int kind = i % 3;
            all.add(Thread.ofVirtual().name("waiter").start(() -> nest(d, kind, never, lock)));
        }
        Thread.sleep(1000 + threads / 20);
        Thread counter = new Thread(() -> {
            long x = 0;
            while (counting) {
                for (int i = 0; i < 1000; i++) {
                    x += i * 31;
                }
                rounds++;
            }
        }, "counter");
        counter.setDaemon(true);
        counter.start();
        Thread.sleep(300);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        Path file = Files.createTempDirectory("census").resolve("dump.json");
        long[] dumpWall = new long[nRounds], dumpCpu = new long[nRounds], readWall = new long[nRounds];
        long[] stackWall = new long[nRounds], stackCpu = new long[nRounds];
        double[] dumpRatio = new double[nRounds], stackRatio = new double[nRounds];
        long size = 0;
        for (int r = 0; r < nRounds; r++) {
            double quiet = rate(300);
            long r0 = rounds, t0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
            Files.deleteIfExists(file);
            hs.dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            long t1 = System.nanoTime(), c1 = mx.getCurrentThreadCpuTime(), r1 = rounds;
            dumpWall[r] = t1 - t0;
            dumpCpu[r] = c1 - c0;
            dumpRatio[r] = (r1 - r0) / ((t1 - t0) / 1e9) / quiet;
            size = Files.size(file);
            long t2 = System.nanoTime();
            String text = Files.readString(file);
            long virtual = count(text, "\"virtual\": true");
            readWall[r] = System.nanoTime() - t2 + virtual * 0;
            if (virtual < threads) {
                throw new IllegalStateException("the dump listed " + virtual + " virtual threads of " + threads);
            }
            quiet = rate(300);
            r0 = rounds;
            t0 = System.nanoTime();
            c0 = mx.getCurrentThreadCpuTime();
            long frames = 0;
            for (Thread t : all) {
                frames += t.getStackTrace().length;
                if (t.getState() == Thread.State.TERMINATED) {
                    throw new IllegalStateException("a waiter ended");
                }
            }
            t1 = System.nanoTime();
            c1 = mx.getCurrentThreadCpuTime();
            stackWall[r] = t1 - t0;
            stackCpu[r] = c1 - c0;
            stackRatio[r] = (rounds - r0) / ((t1 - t0) / 1e9) / quiet;
            if (frames < threads) {
                throw new IllegalStateException("no frames");
            }
        }
        counting = false;
        System.out.println(String.format(Locale.ROOT,
                "%s: %d virtual threads, depth ~%d, median of %d%n"
                        + "dumpThreads JSON: wall %.1f ms, CPU %.1f ms, %.1f MB (%.0f bytes a thread), read back %.1f ms; counter's rate during it %.2f of outside%n"
                        + "getStackTrace+getState each: wall %.1f ms, CPU %.1f ms (%.1f µs a thread); counter's rate during it %.2f of outside",
                System.getProperty("java.version"), threads, depth, nRounds, median(dumpWall) / 1e6, median(dumpCpu) / 1e6, size / 1e6,
                (double) size / threads, median(readWall) / 1e6, median(dumpRatio), median(stackWall) / 1e6, median(stackCpu) / 1e6,
                median(stackWall) / 1e3 / threads, median(stackRatio)));
        System.exit(0);
    }

    static void nest(int depth, int kind, CountDownLatch never, ReentrantLock lock) {
        if (depth > 0) {
            nest(depth - 1, kind, never, lock);
            return;
        }
        try {
            if (kind == 0) {
                never.await();
            } else if (kind == 1) {
                Thread.sleep(1_000_000_000L);
            } else {
                lock.lock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static double rate(long millis) throws InterruptedException {
        long r0 = rounds, t0 = System.nanoTime();
        Thread.sleep(millis);
        return (rounds - r0) / ((System.nanoTime() - t0) / 1e9);
    }

    static long count(String text, String what) {
        long n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}

package dev.jflame.testapps;

import java.util.concurrent.ThreadLocalRandom;

/**
 * An application near its heap's limit: it holds {@code --share} percent of the maximum heap in live
 * arrays, then for {@code --seconds} its threads work (stacks for a profiler to see) and make
 * short-lived garbage, as a service that fits its heap with little to spare does. What it shows is
 * whether a profiler's own heap pushes it over: it prints {@code heapfill done held=N MB} and exits
 * with {@code --exit-code}; out of memory, it dies as any application would (the error on stderr, exit
 * code 1).
 *
 * <p>Options: {@code --share 90}, {@code --seconds 5}, {@code --threads 2}, {@code --exit-code 0},
 * {@code --allocations false} (true: before exiting, print {@code allocated <thread> <bytes>} for every live
 * thread, and {@code allocated before-main <bytes>}, what the main thread allocated before {@code main}: a
 * {@code -javaagent}'s premain runs there).
 */
public final class HeapFill {
    /** Small, so that the arrays pack G1's regions with little waste and the share held is the share used. */
    private static final int CHUNK = 4 << 10;

    private static volatile long sink;
    private static volatile Throwable failure;

    private HeapFill() {
    }

    public static void main(String[] argv) throws InterruptedException {
        long beforeMain = allocated(Thread.currentThread());
        Args args = Args.parse("HeapFill", argv, "share", "90", "seconds", "5", "threads", "2", "exit-code", "0", "allocations", "false");
        int share = args.integer("share", 0);
        long millis = args.millisFromSeconds("seconds");
        int threads = args.integer("threads", 1);
        int exitCode = args.integer("exit-code", 0);
        if (share > 100) {
            throw args.fail("--share must be at most 100, got " + share);
        }
        byte[][] held = new byte[(int) (Runtime.getRuntime().maxMemory() / 100 * share / CHUNK)][];
        for (int i = 0; i < held.length; i++) {
            held[i] = new byte[CHUNK];
            held[i][i % CHUNK] = (byte) i;
        }
        long end = System.nanoTime() + millis * 1_000_000L;
        Thread[] all = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            all[i] = new Thread(() -> {
                try {
                    while (System.nanoTime() - end < 0) {
                        sink += serve(ThreadLocalRandom.current().nextLong());
                    }
                } catch (Throwable t) {
                    failure = t;
                    throw t;
                }
            }, "heapfill-" + i);
            all[i].start();
        }
        Ready.announce();
        for (Thread t : all) {
            t.join();
        }
        if (failure != null) {
            System.exit(1);
        }
        long bytes = 0;
        for (byte[] b : held) {
            bytes += b.length;
        }
        System.out.println("heapfill done held=" + (bytes >> 20) + " MB");
        if (args.bool("allocations")) {
            System.out.println("allocated before-main " + beforeMain);
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                System.out.println("allocated " + t.getName() + " " + allocated(t));
            }
        }
        System.exit(exitCode);
    }

    /** Bytes the thread allocated so far, or -1 where the JVM does not count them. */
    private static long allocated(Thread t) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return mx instanceof com.sun.management.ThreadMXBean ? ((com.sun.management.ThreadMXBean) mx).getThreadAllocatedBytes(t.getId()) : -1;
    }

    /** One request: a little garbage (a request's buffers) and some work on it. */
    static long serve(long seed) {
        long[] scratch = new long[32];
        scratch[0] = seed;
        return parse(scratch);
    }

    static long parse(long[] scratch) {
        for (int i = 1; i < scratch.length; i++) {
            scratch[i] = Spin.work(2, scratch[i - 1]);
        }
        return scratch[scratch.length - 1];
    }
}

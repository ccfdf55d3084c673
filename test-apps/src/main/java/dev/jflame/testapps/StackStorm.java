package dev.jflame.testapps;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Threads that keep making call stacks never seen before: each walk recurses {@code --depth} levels
 * through eight methods chosen at random, so the number of distinct stacks is 8^depth. Meant to run
 * with a small heap and a fast interval, to show that the profiler's memory stays within its budget
 * and the application is left alone: it prints {@code storm done walks=N} and exits with
 * {@code --exit-code}.
 *
 * <p>Options: {@code --seconds 10}, {@code --threads 4}, {@code --depth 24}, {@code --exit-code 0}.
 */
public final class StackStorm {
    private static volatile long sink;

    private StackStorm() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse("StackStorm", argv, "seconds", "10", "threads", "4", "depth", "24", "exit-code", "0");
        long millis = args.millisFromSeconds("seconds");
        int threads = args.integer("threads", 1);
        int depth = args.integer("depth", 1);
        int exitCode = args.integer("exit-code", 0);
        long end = System.nanoTime() + millis * 1_000_000L;
        Thread[] all = new Thread[threads];
        long[] walks = new long[threads];
        for (int i = 0; i < threads; i++) {
            int me = i;
            all[i] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    sink += step(depth);
                    walks[me]++;
                }
            }, "storm-" + i);
            all[i].start();
        }
        Ready.announce();
        long total = 0;
        for (int i = 0; i < threads; i++) {
            all[i].join();
            total += walks[i];
        }
        System.out.println("storm done walks=" + total);
        System.exit(exitCode);
    }

    static long step(int left) {
        if (left == 0) {
            return Spin.until(System.nanoTime() + 20_000, left + 1);
        }
        switch (ThreadLocalRandom.current().nextInt(8)) {
            case 0: return m0(left - 1);
            case 1: return m1(left - 1);
            case 2: return m2(left - 1);
            case 3: return m3(left - 1);
            case 4: return m4(left - 1);
            case 5: return m5(left - 1);
            case 6: return m6(left - 1);
            default: return m7(left - 1);
        }
    }

    static long m0(int left) {
        return step(left) + 1;
    }

    static long m1(int left) {
        return step(left) + 2;
    }

    static long m2(int left) {
        return step(left) + 3;
    }

    static long m3(int left) {
        return step(left) + 4;
    }

    static long m4(int left) {
        return step(left) + 5;
    }

    static long m5(int left) {
        return step(left) + 6;
    }

    static long m6(int left) {
        return step(left) + 7;
    }

    static long m7(int left) {
        return step(left) + 8;
    }
}

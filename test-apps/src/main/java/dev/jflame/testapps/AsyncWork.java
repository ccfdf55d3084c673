package dev.jflame.testapps;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The same CPU work on three kinds of thread at once: {@code main} ({@link #onMain}), a task of
 * {@code CompletableFuture.supplyAsync} in the common pool ({@link #inCommonPool}), and, on JDK 21+,
 * a thread of a pool created from a virtual thread ({@link #inPoolFromVirtualThread}), whose threads
 * land in the JDK's "VirtualThreads" group. All three are application work and must be sampled alike.
 *
 * <p>Options: {@code --seconds 6}. Prints {@code virtual=yes|no}.
 */
public final class AsyncWork {
    private static volatile long sink;

    private AsyncWork() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse("AsyncWork", argv, "seconds", "6");
        long millis = args.millisFromSeconds("seconds");
        long deadline = System.nanoTime() + millis * 1_000_000L;
        CompletableFuture<Long> async = CompletableFuture.supplyAsync(() -> inCommonPool(deadline));
        boolean virtual = startFromVirtualThread(deadline);
        Ready.announce("virtual=" + (virtual ? "yes" : "no"));
        sink += onMain(deadline);
        sink += async.get();
        System.exit(0);
    }

    /** Starts a one-thread pool from a virtual thread (JDK 21+, by reflection: this code is built for 11). */
    private static boolean startFromVirtualThread(long deadline) throws Exception {
        Method start;
        try {
            start = Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (NoSuchMethodException e) {
            return false;
        }
        Thread v = (Thread) start.invoke(null, (Runnable) () -> {
            ExecutorService pool = Executors.newFixedThreadPool(1);
            pool.submit(() -> {
                sink += inPoolFromVirtualThread(deadline);
            });
            pool.shutdown();
        });
        v.join();
        return true;
    }

    static long onMain(long deadline) {
        return Spin.until(deadline, 3);
    }

    static long inCommonPool(long deadline) {
        return Spin.until(deadline, 5);
    }

    static long inPoolFromVirtualThread(long deadline) {
        return Spin.until(deadline, 7);
    }
}

package dev.jflame.testapps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * One worker of {@link PoolMaster}'s pool, like a process of Python's {@code multiprocessing.Pool}.
 * Reads tasks from stdin, one per line: an integer number of milliseconds of CPU work, spent in the
 * kind's own method ({@link #crunchAlpha}, {@link #crunchBeta}, {@link #crunchGamma},
 * {@link #crunchDelta}), so a merged profile shows which worker did what. Answers each task with
 * {@code done <ms>} on stdout. On {@code quit} or end of input it spins {@code --linger} more seconds in
 * the same method, under {@link #linger} — a worker outliving its master — then exits 0.
 *
 * <p>Options: {@code --kind alpha|beta|gamma|delta} (required), {@code --linger 0}. Stdout carries
 * only protocol lines; diagnostics go to stderr. A malformed task line exits with status 2.
 */
public final class PoolWorker {

    private static volatile long sink;

    private PoolWorker() {
    }

    public static void main(String[] argv) throws IOException {
        Args args = Args.parse("PoolWorker", argv, "kind", null, "linger", "0");
        String kind = args.choice("kind", "alpha", "beta", "gamma", "delta");
        long lingerMillis = args.millisFromSeconds("linger");

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            long millis = parseTask(line);
            crunch(kind, millis);
            System.out.println("done " + millis);
            // PrintStream swallows EPIPE; checkError is how we learn the master has gone.
            if (System.out.checkError()) {
                System.err.println("PoolWorker " + kind + ": master closed the pipe, stopping");
                break;
            }
        }
        linger(kind, lingerMillis);
        System.exit(0);
    }

    /** The work after {@code quit}, under a frame of its own so a profile shows what the worker did once its master let it go. */
    static void linger(String kind, long millis) {
        crunch(kind, millis);
    }

    private static long parseTask(String line) {
        try {
            long millis = Long.parseLong(line.trim());
            if (millis >= 0) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("PoolWorker: bad task line '" + line + "', expected milliseconds or 'quit'");
        System.exit(2);
        return 0;
    }

    private static void crunch(String kind, long millis) {
        long nanos = millis * 1_000_000;
        switch (kind) {
            case "alpha":
                sink = crunchAlpha(nanos);
                break;
            case "beta":
                sink = crunchBeta(nanos);
                break;
            case "gamma":
                sink = crunchGamma(nanos);
                break;
            default:
                sink = crunchDelta(nanos);
                break;
        }
    }

    /** Alpha workers' hot method: spins {@code nanos} of wall time. */
    static long crunchAlpha(long nanos) {
        long deadline = System.nanoTime() + nanos;
        return Spin.until(deadline, 0x1234_5678_9ABCL);
    }

    /** Beta workers' hot method. */
    static long crunchBeta(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long x = 0x2468_ACE0_1357L;
        do {
            for (int i = 0; i < 256; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        } while (System.nanoTime() - deadline < 0);
        return x;
    }

    /** Gamma workers' hot method. */
    static long crunchGamma(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long x = 0x0F0F_F0F0_3C3CL;
        do {
            for (int i = 0; i < 256; i++) {
                x += 0x9E3779B97F4A7C15L;
                x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
            }
        } while (System.nanoTime() - deadline < 0);
        return x;
    }

    /** Delta workers' hot method. */
    static long crunchDelta(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long x = 0x7777_1111_5555L;
        do {
            for (int i = 0; i < 256; i++) {
                x = Long.rotateLeft(x, 23) ^ (x * 31 + i);
            }
        } while (System.nanoTime() - deadline < 0);
        return x;
    }
}

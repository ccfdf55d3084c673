package dev.jflame.core.util;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * This process's pid and its parent's. On Linux they are read from {@code /proc/self/stat}: the
 * first use of {@code ProcessHandle} initialises its process-reaper executor and the lambdas around
 * it, about 6 ms of a child JVM's start-up (measured with {@code -Xlog:class+load}), and every JVM
 * jflame follows pays its agent's start-up. Elsewhere, or if {@code /proc} cannot be read,
 * {@code ProcessHandle}. Thread-safe.
 */
public final class Pids {
    private static volatile long[] selfAndParent;

    private Pids() {
    }

    public static long self() {
        return read()[0];
    }

    /** The parent's pid, 0 if there is none (or it is unknown). */
    public static long parent() {
        return read()[1];
    }

    private static long[] read() {
        long[] p = selfAndParent;
        if (p == null) {
            p = fromProc();
            if (p == null) {
                ProcessHandle me = ProcessHandle.current();
                p = new long[] {me.pid(), me.parent().map(ProcessHandle::pid).orElse(0L)};
            }
            selfAndParent = p;
        }
        return p;
    }

    /** {@code pid (comm) state ppid ...}; the command name may hold spaces and parentheses, so fields count from the last ')'. */
    static long[] parseStat(String stat) {
        int close = stat.lastIndexOf(')');
        int space = stat.indexOf(' ');
        if (close < 0 || space < 0) {
            return null;
        }
        String[] rest = stat.substring(close + 2).split(" ", 3);
        if (rest.length < 2) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(stat.substring(0, space)), Long.parseLong(rest[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long[] fromProc() {
        try (FileInputStream in = new FileInputStream("/proc/self/stat")) {
            byte[] buf = new byte[512];
            int n = 0;
            int r;
            while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) {
                n += r;
            }
            return parseStat(new String(buf, 0, n, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

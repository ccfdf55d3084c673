package dev.jflame.core.sampler;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Small reads of Linux's {@code /proc} files into one reused buffer: a {@code syscall} or
 * {@code schedstat} line, an {@code fdinfo} field, without the allocations of {@code Files.readAllBytes}. Confined to
 * the sampler thread.
 */
final class ProcFiles {
    private final byte[] buffer = new byte[512];

    /** The first line of {@code path} (at most 512 bytes), or null where it cannot be read (the task ended). */
    String firstLine(String path) {
        int n = read(path);
        return n < 0 ? null : line(0, n);
    }

    /**
     * The value after {@code key} ({@code "flags:"}) at the start of a line of {@code path} (in its first
     * 512 bytes), trimmed; null where there is none or the file cannot be read.
     */
    String field(String path, String key) {
        int n = read(path);
        for (int at = 0; at >= 0 && at < n; ) {
            String line = line(at, n);
            if (line.startsWith(key)) {
                return line.substring(key.length()).trim();
            }
            at += line.length() + 1;
        }
        return null;
    }

    private int read(String path) {
        int n = 0;
        try (FileInputStream in = new FileInputStream(path)) {
            int r;
            while (n < buffer.length && (r = in.read(buffer, n, buffer.length - n)) > 0) {
                n += r;
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }

    private String line(int from, int n) {
        int end = from;
        while (end < n && buffer[end] != '\n') {
            end++;
        }
        return new String(buffer, from, end - from, StandardCharsets.US_ASCII);
    }

    /** The first field of {@code path} as a decimal number, or -1 where it cannot be read. */
    long firstNumber(String path) {
        String line = firstLine(path);
        if (line == null) {
            return -1;
        }
        int end = line.indexOf(' ');
        try {
            return Long.parseLong(end < 0 ? line.trim() : line.substring(0, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

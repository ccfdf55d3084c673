package dev.jflame.core.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Recognises a profile file of any format jflame reads by its content (a recording named {@code .txt}
 * or a JSON profile named {@code .out} still reads), with one line saying what the file is when jflame
 * cannot read it. Stateless and thread-safe. The agent's {@code Codecs} then reads it with its format's reader.
 */
public final class ProfileInput {
    /** Bytes looked at to recognise a format. */
    private static final int HEAD = 512;

    private ProfileInput() {
    }

    /**
     * The readable format of {@code file}'s content.
     *
     * @throws IOException with one line saying what the file is and what jflame reads, if it reads no such file
     */
    public static ProfileFormat detect(Path file) throws IOException {
        byte[] head = new byte[HEAD];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) {
                n += r;
            }
        }
        ProfileFormat f = recognise(head, n);
        if (!f.isRead()) {
            throw new IOException("jflame writes " + f.label() + " but reads only " + readNames());
        }
        return f;
    }

    /** The format of content starting with {@code head[0..n)}; an IOException for what is no profile at all. */
    static ProfileFormat recognise(byte[] head, int n) throws IOException {
        if (n == 0) {
            throw new IOException("the file is empty");
        }
        for (ProfileFormat f : ProfileFormat.values()) {
            if (f.magic() != null && startsWith(head, n, f.magic())) {
                return f;
            }
        }
        int first = 0;
        while (first < n && (head[first] == ' ' || head[first] == '\t' || head[first] == '\r' || head[first] == '\n')) {
            first++;
        }
        String text = new String(head, first, n - first, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.startsWith("{")) {
            return text.contains(ProfileFormat.SPEEDSCOPE_SCHEMA) ? ProfileFormat.SPEEDSCOPE : ProfileFormat.JSON;
        }
        if (text.regionMatches(true, 0, "<!doctype html", 0, 14) || text.regionMatches(true, 0, "<html", 0, 5)) {
            return ProfileFormat.HTML;
        }
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xff;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
                throw new IOException("a binary file that is no profile jflame reads (" + readNames() + ")");
            }
        }
        return ProfileFormat.COLLAPSED;
    }

    /** {@code folded stacks, jflame JSON profiles and JFR recordings}: what is read, for messages. */
    public static String readNames() {
        java.util.List<String> labels = new java.util.ArrayList<>();
        for (ProfileFormat f : ProfileFormat.read()) {
            labels.add(f.label());
        }
        return ProfileFormat.join(labels, " and ");
    }

    private static boolean startsWith(byte[] head, int n, byte[] magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}

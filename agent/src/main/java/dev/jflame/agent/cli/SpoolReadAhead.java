package dev.jflame.agent.cli;

import dev.jflame.agent.children.Spool;
import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.model.Profile;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the finished profiles of {@code jflame run}'s spool while its command runs, so that the merge after
 * the command reads only the files written since: that write is the part of {@code run} its caller waits for,
 * and a build's test JVMs end long before the build. Only the file of a JVM that has ended is read ahead
 * (its name is its pid): a live JVM's partial profile is replaced every flush, and reading each of them would
 * take the CPU the command runs on. A file is read again at the end where it changed since (another inode,
 * time or size: the JVMs replace their files by renaming). Thread-safe.
 */
final class SpoolReadAhead {
    /** How often the spool is looked at; each look lists one directory. */
    private static final long POLL_MILLIS = 500;
    /** How long {@link #profiles} waits for a read in progress. */
    private static final long JOIN_MILLIS = 5_000;

    private final File spool;
    /** Profiles read ahead, by file name, with what their file was when read. Guarded by this. */
    private final Map<String, Held> held = new HashMap<>();
    private final Thread thread;
    private volatile boolean stopped;

    SpoolReadAhead(File spool) {
        this.spool = spool;
        this.thread = new Thread(new Runnable() {
            @Override
            public void run() {
                readWhileRunning();
            }
        }, "jflame-read-ahead");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Stops reading ahead and returns the profiles the spool holds now, in its listing's order: each held one
     * whose file has not changed since, the others read now. An unreadable file is reported and skipped, as by
     * {@link Spool#readAll}.
     */
    List<Profile> profiles() throws IOException {
        stopped = true;
        thread.interrupt();
        if (thread != Thread.currentThread()) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Profile> profiles = new ArrayList<>();
        for (File f : Spool.profiles(spool)) {
            Profile p = stillHeld(f);
            if (p != null) {
                profiles.add(p);
            } else {
                profiles.addAll(Spool.readAll(Collections.singletonList(f)));
            }
        }
        return profiles;
    }

    private void readWhileRunning() {
        try {
            while (!stopped) {
                Thread.sleep(POLL_MILLIS);
                lookOnce();
            }
        } catch (InterruptedException | IOException | RuntimeException e) {
            // Stopped, or the spool cannot be listed: the merge reads what this did not.
        }
    }

    /** One look at the spool: its finished profiles not held yet, or changed since, are read and held. */
    void lookOnce() throws IOException {
        for (File f : Spool.profiles(spool)) {
            if (stopped) {
                return;
            }
            if (writerEnded(f) && stillHeld(f) == null) {
                readAhead(f);
            }
        }
    }

    /** How many profiles are held (for tests). */
    synchronized int held() {
        return held.size();
    }

    /** Whether the JVM that writes {@code f} ({@code <pid>.json}) has ended; false for any other name. */
    private static boolean writerEnded(File f) {
        String name = f.getName();
        long pid;
        try {
            pid = Long.parseLong(name.substring(0, name.length() - ".json".length()));
        } catch (NumberFormatException notAPid) {
            return false;
        }
        if (pid <= 0) {
            return false;
        }
        java.util.Optional<ProcessHandle> writer = ProcessHandle.of(pid);
        return !writer.isPresent() || !writer.get().isAlive();
    }

    /** Reads {@code f} and holds it where the file did not change while being read. */
    private void readAhead(File f) {
        Held before = Held.of(f, null);
        if (before == null) {
            return;
        }
        Profile p;
        try (InputStream in = Files.newInputStream(f.toPath(), LinkOption.NOFOLLOW_LINKS)) {
            p = new JsonProfileReader().read(in);
        } catch (IOException | RuntimeException e) {
            // Gone, or not a profile: the merge reads it again and says so.
            return;
        }
        Held after = Held.of(f, p);
        if (after == null || !after.sameFile(before)) {
            return;
        }
        synchronized (this) {
            held.put(f.getName(), after);
        }
    }

    /** The profile held for {@code f}, where its file is still the one read; else null. */
    private Profile stillHeld(File f) {
        Held h;
        synchronized (this) {
            h = held.get(f.getName());
        }
        if (h == null) {
            return null;
        }
        Held now = Held.of(f, null);
        return now != null && now.sameFile(h) ? h.profile : null;
    }

    /** A profile as read from a file, with the file's identity at that moment. */
    private static final class Held {
        final Object fileKey;
        final long modifiedMillis;
        final long size;
        final Profile profile;

        private Held(Object fileKey, long modifiedMillis, long size, Profile profile) {
            this.fileKey = fileKey;
            this.modifiedMillis = modifiedMillis;
            this.size = size;
            this.profile = profile;
        }

        /** {@code f}'s identity now, with {@code profile}; null where it cannot be read (gone). */
        static Held of(File f, Profile profile) {
            try {
                BasicFileAttributes a = Files.readAttributes(f.toPath(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return new Held(a.fileKey(), a.lastModifiedTime().toMillis(), a.size(), profile);
            } catch (IOException e) {
                return null;
            }
        }

        boolean sameFile(Held o) {
            return Objects.equals(fileKey, o.fileKey) && modifiedMillis == o.modifiedMillis && size == o.size;
        }
    }
}

package dev.jflame.agent.children;

import dev.jflame.agent.output.AgentLog;
import dev.jflame.agent.output.SafeFiles;
import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.model.Profile;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The directory beside a profile's output where every JVM of a process tree keeps its own profile
 * as {@code <pid>.json}: children flush into it periodically, the root JVM merges it at exit, and
 * {@code jflame merge} can merge it again later. Stateless and thread-safe.
 */
public final class Spool {
    private Spool() {
    }

    /** The spool of an output file: {@code out.html} gets {@code out.html.spool/}. */
    public static File forOutput(File output) {
        return new File(output.getAbsolutePath() + ".spool");
    }

    /** Creates the directory owner-only, or accepts it if it is already a directory of this user (never a link). */
    public static void create(File dir) throws IOException {
        SafeFiles.privateDirectory(dir.toPath());
    }

    /**
     * The finished profiles in a spool (temporary files of writes in progress are skipped): regular
     * files of this user only, in a spool that is a directory of this user and not a link.
     */
    public static List<File> profiles(File dir) throws IOException {
        if (!Files.exists(dir.toPath(), LinkOption.NOFOLLOW_LINKS)) {
            return new ArrayList<>();
        }
        SafeFiles.checkDirectory(dir.toPath(), true);
        return list(dir, true);
    }

    /**
     * The profiles in a spool a user names to {@code jflame merge}: any owner (a spool unpacked by
     * root, another user's run), but only regular files, never links.
     */
    public static List<File> profilesToMerge(File dir) throws IOException {
        SafeFiles.checkDirectory(dir.toPath(), false);
        return list(dir, false);
    }

    private static List<File> list(File dir, boolean ownOnly) throws IOException {
        // A plain loop, no streams: a root JVM lists its spool in premain, where a first lambda
        // would cost it the lambda bootstrap.
        List<File> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.toPath(), "[!.]*.json")) {
            for (Path p : entries) {
                if (ownOnly ? SafeFiles.isOwnRegularFile(p) : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(p.toFile());
                }
            }
        }
        Collections.sort(files);
        return files;
    }

    /**
     * Deletes the spool if nothing is in it (no JVM wrote, or none could): an empty directory beside
     * the output says nothing. One with anything in it stays as it is.
     */
    public static void removeIfEmpty(File dir) {
        try {
            if (Files.exists(dir.toPath(), LinkOption.NOFOLLOW_LINKS)) {
                // Ours only: never a planted link, never another user's directory.
                SafeFiles.checkDirectory(dir.toPath(), true);
                Files.delete(dir.toPath());
            }
        } catch (IOException notEmptyOrNotOurs) {
            // Left as it is.
        }
    }

    /** Deletes a previous run's profiles (only what {@link #profiles} lists) so they are not merged into this one. */
    public static void clearStale(File dir) throws IOException {
        for (File f : profiles(dir)) {
            Files.deleteIfExists(f.toPath());
        }
    }

    /** Reads every readable profile; an unreadable file is reported and skipped, not fatal. */
    public static List<Profile> readAll(List<File> files) {
        return readWithin(files, Integer.MAX_VALUE - 8).profiles;
    }

    /**
     * Reads profiles while their call trees together stay within {@code maxNodes}, so that merging
     * inside the application keeps to its memory budget: a file that would go past it is left out
     * (it stays in the spool for {@code jflame merge}); an unreadable file is reported and skipped.
     */
    public static Read readWithin(List<File> files, int maxNodes) {
        Read read = new Read();
        JsonProfileReader reader = new JsonProfileReader();
        int room = maxNodes;
        for (File f : files) {
            if (room <= 1) {
                read.leftOut++;
                continue;
            }
            try (InputStream in = Files.newInputStream(f.toPath(), LinkOption.NOFOLLOW_LINKS)) {
                Profile p = reader.read(in, room);
                read.profiles.add(p);
                room -= p.tree().size();
            } catch (JsonProfileReader.TooLarge e) {
                read.leftOut++;
            } catch (IOException | RuntimeException e) {
                AgentLog.error("skipping " + f + ": " + e.getMessage());
            }
        }
        return read;
    }

    /** What {@link #readWithin} read, and how many profiles did not fit. */
    public static final class Read {
        public final List<Profile> profiles = new ArrayList<>();
        public int leftOut;
    }
}

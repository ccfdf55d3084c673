package dev.jflame.agent.children;

import dev.jflame.agent.AgentLog;
import dev.jflame.agent.output.OwnerOnly;
import dev.jflame.core.format.JsonProfileReader;
import dev.jflame.core.model.Profile;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
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

    /** Creates the directory, readable by its owner only. */
    public static void create(File dir) throws IOException {
        if (!dir.isDirectory()) {
            Files.createDirectories(dir.toPath(), OwnerOnly.directory());
        }
    }

    /** The finished profiles in a spool (temporary files of writes in progress are skipped). */
    public static List<File> profiles(File dir) throws IOException {
        if (!dir.isDirectory()) {
            return new ArrayList<>();
        }
        // A plain loop, no streams: a root JVM lists its spool in premain, where a first lambda
        // would cost it the lambda bootstrap.
        List<File> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.toPath(), "[!.]*.json")) {
            for (Path p : entries) {
                if (Files.isRegularFile(p)) {
                    files.add(p.toFile());
                }
            }
        }
        Collections.sort(files);
        return files;
    }

    /** Deletes a previous run's profiles so they are not merged into this one. */
    public static void clearStale(File dir) throws IOException {
        for (File f : profiles(dir)) {
            Files.deleteIfExists(f.toPath());
        }
    }

    /** Reads every readable profile; an unreadable file is reported and skipped, not fatal. */
    public static List<Profile> readAll(List<File> files) {
        List<Profile> out = new ArrayList<>();
        JsonProfileReader reader = new JsonProfileReader();
        for (File f : files) {
            try (InputStream in = Files.newInputStream(f.toPath())) {
                out.add(reader.read(in));
            } catch (IOException | RuntimeException e) {
                AgentLog.error("skipping " + f + ": " + e.getMessage());
            }
        }
        return out;
    }
}

package dev.jflame.agent.output;

import dev.jflame.core.format.CollapsedWriter;
import dev.jflame.core.format.JsonProfileWriter;
import dev.jflame.core.format.ProfileWriter;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.OutputFormat;
import dev.jflame.flamegraph.HtmlWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a profile to a file in a chosen format, atomically: readers (a browser, {@code jflame merge})
 * never see half a file. Stateless and thread-safe.
 */
public final class OutputWriter {
    private OutputWriter() {
    }

    public static ProfileWriter forFormat(OutputFormat format) {
        switch (format) {
            case COLLAPSED:
                return new CollapsedWriter();
            case JSON:
                return new JsonProfileWriter();
            case HTML:
            default:
                return new HtmlWriter();
        }
    }

    /** Writes through a temporary file in the same directory, then renames it into place. */
    public static void write(Profile profile, File file, OutputFormat format) throws IOException {
        write(profile, file, format, false);
    }

    /**
     * Like {@link #write(Profile, File, OutputFormat)}; with {@code ownerOnly} the file is created
     * readable by its owner alone (spool files hold another process's stacks).
     */
    public static void write(Profile profile, File file, OutputFormat format, boolean ownerOnly) throws IOException {
        Path target = file.toPath().toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        if (ownerOnly) {
            Files.createFile(tmp, OwnerOnly.file());
        }
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            forFormat(format).write(profile, out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Checks up front that {@code file} can be written, so a bad path is reported when profiling
     * starts rather than lost at exit. Returns null if fine, else the problem in a few words.
     */
    public static String problemWriting(File file) {
        File abs = file.getAbsoluteFile();
        File dir = abs.getParentFile();
        if (abs.isDirectory()) {
            return "it is a directory";
        }
        if (dir == null || !dir.isDirectory()) {
            return "directory " + dir + " does not exist";
        }
        if (abs.exists() && !Files.isWritable(abs.toPath())) {
            return "the file exists and is not writable";
        }
        // Permission bits say little when running as root or on a read-only mount: try it. (Not
        // createTempFile: its SecureRandom costs a child JVM tens of milliseconds of start-up.)
        try {
            Path probe = dir.toPath().resolve(".jflame-probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            Files.delete(Files.createFile(probe));
            return null;
        } catch (IOException | SecurityException e) {
            return "directory " + dir + " is not writable (" + e.getClass().getSimpleName() + ")";
        }
    }
}

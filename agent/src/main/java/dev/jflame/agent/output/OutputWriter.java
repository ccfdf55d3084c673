package dev.jflame.agent.output;

import dev.jflame.core.format.ProfileFormat;
import dev.jflame.core.format.ProfileWriter;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.Options;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a profile to a file in a chosen format, atomically (readers — a browser, {@code jflame
 * merge} — never see half a file) and by {@link SafeFiles}' rules. Stateless and thread-safe.
 */
public final class OutputWriter {
    private OutputWriter() {
    }

    /**
     * Writes through a fresh temporary file in the same directory, then moves it into place
     * ({@link SafeFiles#writeAtomically}); the file is owner-only.
     *
     * @throws SafeFiles.RefusedException if a link, a device, a FIFO or another user's file is there
     */
    public static void write(Profile profile, File file, ProfileFormat format, Options options) throws IOException {
        ProfileWriter writer = Codecs.writer(format, options.waitFrames());
        SafeFiles.writeAtomically(file.toPath(), new SafeFiles.Content() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                writer.write(profile, out);
            }
        });
    }

    /**
     * Checks up front that {@code file} can be written, so a bad path is reported when profiling
     * starts rather than lost at exit. Returns null if fine, else the problem in a few words.
     */
    public static String problemWriting(File file) {
        return problemWriting(file, true);
    }

    /**
     * Like {@link #problemWriting(File)}; {@code byThisUser} false skips the owner check, for a file
     * that an agent in another JVM (perhaps another user's) will write.
     */
    public static String problemWriting(File file, boolean byThisUser) {
        File abs = file.getAbsoluteFile();
        File dir = abs.getParentFile();
        if (abs.isDirectory()) {
            return "it is a directory";
        }
        if (dir == null || !dir.isDirectory()) {
            return "directory " + dir + " does not exist";
        }
        String refused = SafeFiles.whyNotWritable(abs.toPath(), byThisUser);
        if (refused != null) {
            return refused;
        }
        if (abs.exists() && !Files.isWritable(abs.toPath())) {
            return "the file exists and is not writable";
        }
        // Permission bits say little when running as root or on a read-only mount: try it. (Not
        // createTempFile: its SecureRandom costs a child JVM tens of milliseconds of start-up.)
        try {
            Path probe = dir.toPath().resolve(".jflame-probe-" + dev.jflame.core.util.Pids.self() + "-" + System.nanoTime());
            Files.delete(Files.createFile(probe));
            return null;
        } catch (IOException | SecurityException e) {
            return "directory " + dir + " is not writable (" + e.getClass().getSimpleName() + ")";
        }
    }
}

package dev.jflame.agent.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one place that decides how jflame touches files, for every path it writes (the output, the
 * spool, temporaries, {@code dump}) — profiles are often written where other users can write too
 * ({@code /tmp}). Stateless and thread-safe. The rules:
 *
 * <ul>
 *   <li>Files are created owner-only ({@code 600}, directories {@code 700}), set explicitly rather
 *       than left to the umask.
 *   <li>A temporary file is created new and exclusively under an unpredictable name, so it is never
 *       opened through a link someone planted.
 *   <li>The final move replaces nothing, or a regular file of this user; a link, a device, a FIFO, a
 *       directory or another user's file there is refused with one line.
 *   <li>A spool directory must be a real directory of this user, never a link; its files are used
 *       (read, merged, deleted) only if they are regular files of this user.
 * </ul>
 */
public final class SafeFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** What a refused path says: one line, in jflame's words. */
    public static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** Writes the content of a file; called once, with a stream it must not close. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private SafeFiles() {
    }

    /**
     * Writes {@code target} through a fresh temporary file beside it, then moves it into place, so
     * readers never see half a file; the result is owner-only.
     *
     * @throws RefusedException if something other than a regular file of this user is at {@code target}
     */
    public static void writeAtomically(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        checkReplaceable(abs);
        Path tmp = createTemporary(abs);
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(
                    Channels.newOutputStream(Files.newByteChannel(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)), 1 << 16)) {
                content.writeTo(out);
            }
            // Again just before the move: the window in which the target can be swapped is the move alone.
            checkReplaceable(abs);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Creates {@code dir} owner-only, or accepts it if it already is a directory of this user (never a
     * link), tightening its permissions to owner-only.
     */
    public static void privateDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, OwnerOnly.directory());
        } catch (FileAlreadyExistsException exists) {
            checkOwnDirectory(dir);
        }
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Refuses {@code dir} unless it is a real directory (not a link) owned by this user. */
    public static void checkOwnDirectory(Path dir) throws IOException {
        BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, NO_FOLLOW);
        if (a.isSymbolicLink()) {
            throw new RefusedException("refusing " + dir + ": it is a symbolic link, not a directory jflame made");
        }
        if (!a.isDirectory()) {
            throw new RefusedException("refusing " + dir + ": it is not a directory");
        }
        if (!isMine(dir)) {
            throw new RefusedException("refusing " + dir + ": it belongs to another user");
        }
    }

    /** Whether {@code file} is a regular file (not a link) owned by this user: the only kind jflame reads or deletes in a spool. */
    public static boolean isOwnRegularFile(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, NO_FOLLOW);
        return a.isRegularFile() && isMine(file);
    }

    /** Why {@code target} may not be written, in a few words, or null if it may: for checks at start. */
    public static String whyNotWritable(Path target) {
        try {
            checkReplaceable(target.toAbsolutePath());
            return null;
        } catch (RefusedException e) {
            String m = e.getMessage();
            return m.substring(m.indexOf(": ") + 2);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void checkReplaceable(Path target) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(target, BasicFileAttributes.class, NO_FOLLOW);
        } catch (NoSuchFileException absent) {
            return;
        }
        if (a.isSymbolicLink()) {
            throw new RefusedException("refusing to write " + target + ": it is a symbolic link (jflame replaces only a regular file of its own)");
        }
        if (!a.isRegularFile()) {
            throw new RefusedException("refusing to write " + target + ": it is not a regular file (a device, a FIFO or a directory)");
        }
        if (!isMine(target)) {
            throw new RefusedException("refusing to write " + target + ": it belongs to another user");
        }
    }

    /** A new, empty, owner-only file beside {@code target}, created exclusively (never through a link). */
    private static Path createTemporary(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
            try {
                Files.newByteChannel(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.file()).close();
            } catch (FileAlreadyExistsException taken) {
                if (attempt < 8) {
                    continue;
                }
                throw new RefusedException("refusing to write " + target + ": could not create a fresh temporary file beside it");
            }
            if (POSIX) {
                // Exactly 600, whatever the umask.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            return tmp;
        }
    }

    private static boolean isMine(Path p) throws IOException {
        UserPrincipal me = Me.OWNER;
        return me == null || me.equals(Files.getOwner(p, NO_FOLLOW));
    }

    /** This process's user, as the file system names owners; looked up once. */
    private static final class Me {
        static final UserPrincipal OWNER = lookUp();

        private static UserPrincipal lookUp() {
            try {
                // On Linux /proc/self belongs to the process's user: no name lookup, no file created.
                Path self = Paths.get("/proc/self");
                if (Files.exists(self)) {
                    return Files.getOwner(self);
                }
                return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}

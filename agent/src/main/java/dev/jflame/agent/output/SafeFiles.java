package dev.jflame.agent.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
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
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
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
 *       (read, merged, deleted) only if they are regular files of this user. ({@code jflame merge} of
 *       a spool a user names takes one of any owner, still only its regular files.)
 * </ul>
 */
public final class SafeFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final String FILE = "rw-------";
    private static final String DIRECTORY = "rwx------";

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
        // Shape first (a link, a FIFO, a directory), before anything is created beside it.
        checkReplaceable(abs, null);
        Path tmp = abs.resolveSibling(temporaryPrefix(abs) + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
        SeekableByteChannel channel;
        try {
            channel = Files.newByteChannel(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), creating(FILE));
        } catch (FileAlreadyExistsException taken) {
            throw new RefusedException("refusing to write " + abs + ": something already sits at its temporary name " + tmp);
        }
        try {
            // Whose files this process makes in that directory: on some mounts (NFS with root_squash,
            // vfat with uid=) that is not the process's own user.
            UserPrincipal maker = Files.getOwner(tmp, NO_FOLLOW);
            Object made = Files.readAttributes(tmp, BasicFileAttributes.class, NO_FOLLOW).fileKey();
            checkReplaceable(abs, maker);
            // Written through the channel that created it: the file is never opened again by name.
            try (OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                ownerOnly(tmp, FILE);
                content.writeTo(out);
            }
            // Again just before the move: the window left is the move alone. Someone who can write
            // the directory may have swapped the temporary for a link; it must not become the output.
            checkReplaceable(abs, maker);
            BasicFileAttributes now = Files.readAttributes(tmp, BasicFileAttributes.class, NO_FOLLOW);
            if (!now.isRegularFile() || made == null || !made.equals(now.fileKey())) {
                throw new RefusedException("refusing to write " + abs + ": its temporary file " + tmp + " was replaced by someone else");
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            // Errors too: a writer that runs out of memory must not leave its temporary behind (if there is no
            // room even for this, see removeOwnTemporaries).
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(tmp);
            }
            throw e;
        }
    }

    /**
     * Removes the temporaries this process left beside {@code target}, for a caller whose write ran out of
     * memory: the write could not remove its own, the heap still full of what it wrote from, and once the
     * caller has let that go there is room. Only this process's (its pid in the name), only regular files of
     * this user; best effort.
     */
    public static void removeOwnTemporaries(Path target) {
        Path abs = target.toAbsolutePath();
        String prefix = temporaryPrefix(abs);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(abs.getParent())) {
            for (Path p : siblings) {
                if (p.getFileName().toString().startsWith(prefix) && isOwnRegularFile(p)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Nothing to add to the failure the caller reports.
        }
    }

    /** The start of the names of this process's temporaries for {@code abs}; a random part follows. */
    private static String temporaryPrefix(Path abs) {
        return "." + abs.getFileName() + ".tmp-" + dev.jflame.core.util.Pids.self() + "-";
    }

    /**
     * Creates {@code dir} owner-only, or accepts it if it already is a directory of this user (never a
     * link), tightening its permissions to owner-only.
     */
    public static void privateDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, creating(DIRECTORY));
        } catch (FileAlreadyExistsException exists) {
            checkDirectory(dir, true);
        }
        ownerOnly(dir, DIRECTORY);
    }

    /**
     * Sets exactly these permissions, whatever the umask, without following a link; a file system
     * that refuses permission changes (vfat, some FUSE mounts) keeps what the creation gave.
     */
    private static void ownerOnly(Path p, String permissions) {
        if (!POSIX) {
            return;
        }
        try {
            Files.getFileAttributeView(p, PosixFileAttributeView.class, NO_FOLLOW).setPermissions(PosixFilePermissions.fromString(permissions));
        } catch (IOException | UnsupportedOperationException ignored) {
            // The creation attributes already asked for owner-only.
        }
    }

    /** Refuses {@code dir} unless it is a real directory (not a link), and with {@code own} one of this user. */
    public static void checkDirectory(Path dir, boolean own) throws IOException {
        BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, NO_FOLLOW);
        if (a.isSymbolicLink()) {
            throw new RefusedException("refusing " + dir + ": it is a symbolic link, not a directory jflame made");
        }
        if (!a.isDirectory()) {
            throw new RefusedException("refusing " + dir + ": it is not a directory");
        }
        if (own && !isMine(dir)) {
            throw new RefusedException("refusing " + dir + ": it belongs to another user");
        }
    }

    /** Whether {@code file} is a regular file (not a link) owned by this user: the only kind jflame reads or deletes in a spool. */
    public static boolean isOwnRegularFile(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, NO_FOLLOW);
        return a.isRegularFile() && isMine(file);
    }

    /**
     * Why {@code target} may not be written, in a few words, or null if it may: for checks at start.
     * {@code byThisUser} false leaves out the owner check, for a file another process will write
     * (the CLI run by root checking a path for an agent in another user's JVM).
     */
    public static String whyNotWritable(Path target, boolean byThisUser) {
        try {
            checkReplaceable(target.toAbsolutePath(), byThisUser ? Me.OWNER : null);
            return null;
        } catch (RefusedException e) {
            String m = e.getMessage();
            return m.substring(m.indexOf(": ") + 2);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** @param owner whose file may be replaced; null for any owner */
    private static void checkReplaceable(Path target, UserPrincipal owner) throws IOException {
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
        if (owner != null && !owner.equals(Files.getOwner(target, NO_FOLLOW))) {
            throw new RefusedException("refusing to write " + target + ": it belongs to another user");
        }
    }

    /** Creation attributes for {@code permissions} where the file system has POSIX permissions; none elsewhere. */
    private static FileAttribute<?>[] creating(String permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
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

package dev.jflame.agent.output;

import java.nio.file.FileSystems;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creation attributes that make a file or directory readable by its owner alone, where the file
 * system has POSIX permissions; elsewhere (Windows) none, and the platform's defaults apply. Stateless.
 */
public final class OwnerOnly {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    public static FileAttribute<?>[] directory() {
        return of("rwx------");
    }

    public static FileAttribute<?>[] file() {
        return of("rw-------");
    }

    private static FileAttribute<?>[] of(String permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}

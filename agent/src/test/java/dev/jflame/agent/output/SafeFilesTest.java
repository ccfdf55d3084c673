package dev.jflame.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeFilesTest {
    @TempDir
    Path dir;

    private static void write(Path target, String text) throws IOException {
        SafeFiles.writeAtomically(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesOwnerOnlyAndReplacesItsOwnFileLeavingNoTemporary() throws IOException {
        Path out = dir.resolve("out.txt");
        write(out, "one");
        write(out, "two");
        assertEquals("two", Files.readString(out));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aWriterThatRunsOutOfMemoryLeavesNoTemporary() throws IOException {
        Path out = dir.resolve("out.html");
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> SafeFiles.writeAtomically(out, o -> {
            o.write(1);
            throw new OutOfMemoryError("Java heap space");
        }));
        assertEquals("Java heap space", e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "neither the output nor its temporary");
        }
    }

    @Test
    void aCallerRemovesTheTemporariesOfItsOwnProcessOnly() throws IOException {
        Path out = dir.resolve("out.html");
        long self = dev.jflame.core.util.Pids.self();
        Path mine = Files.writeString(dir.resolve(".out.html.tmp-" + self + "-5eed"), "half");
        Path another = Files.writeString(dir.resolve(".out.html.tmp-" + (self + 1) + "-5eed"), "half");
        Path other = Files.writeString(dir.resolve(".other.html.tmp-" + self + "-5eed"), "half");
        SafeFiles.removeOwnTemporaries(out);
        assertFalse(Files.exists(mine));
        assertTrue(Files.exists(another) && Files.exists(other));
    }

    @Test
    void refusesLinksDirectoriesAndLeavesThemAsTheyWere() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("link.html"), victim);
        SafeFiles.RefusedException e = assertThrows(SafeFiles.RefusedException.class, () -> write(link, "x"));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keep", Files.readString(victim));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThrows(SafeFiles.RefusedException.class, () -> write(sub, "x"));
        assertEquals("it is not a regular file (a device, a FIFO or a directory)", SafeFiles.whyNotWritable(sub, true));
        assertEquals(null, SafeFiles.whyNotWritable(dir.resolve("absent.html"), true));
    }

    @Test
    void aPrivateDirectoryIsMadeOrTightenedButNeverALink() throws IOException {
        Path spool = dir.resolve("out.spool");
        SafeFiles.privateDirectory(spool);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)));
        Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwxrwxrwx"));
        SafeFiles.privateDirectory(spool);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)));
        Path link = Files.createSymbolicLink(dir.resolve("linked.spool"), spool);
        assertThrows(SafeFiles.RefusedException.class, () -> SafeFiles.privateDirectory(link));
        Path file = Files.writeString(spool.resolve("1.json"), "{}");
        Path fileLink = Files.createSymbolicLink(spool.resolve("2.json"), file);
        assertTrue(SafeFiles.isOwnRegularFile(file));
        assertTrue(!SafeFiles.isOwnRegularFile(fileLink), "a link is never one of jflame's files");
        assertTrue(Files.exists(fileLink, LinkOption.NOFOLLOW_LINKS));
    }
}

package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * jflame writes where other users can write too ({@code /tmp}): it never follows or replaces a link,
 * a FIFO or another user's file or spool, and what it creates is owner-only whatever the umask. The
 * application runs on with its exit code in every case; one line says what was refused.
 */
class FilesIT {
    private static final String VICTIM = "someone else's data\n";

    @Test
    void aLinkAtTheOutputIsRefusedAndItsTargetIsUntouched() throws Exception {
        Path dir = Jvm.workDir("files-link");
        Path victim = Files.writeString(dir.resolve("victim.txt"), VICTIM);
        Path out = Files.createSymbolicLink(dir.resolve("out.collapsed"), victim);
        Jvm.Result r = hotspots(out);
        assertEquals(VICTIM, Files.readString(victim));
        assertTrue(Files.isSymbolicLink(out), "the link itself is left as it was");
        assertEquals(List.of("jflame: cannot write file=" + out + ": it is a symbolic link (jflame replaces only a regular file of its own);"
                + " profiling disabled"), r.jflameLines());
    }

    @Test
    void aFifoAtTheOutputIsRefusedAndStaysAFifo() throws Exception {
        Path dir = Jvm.workDir("files-fifo");
        Path out = dir.resolve("out.html");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", out.toString()).start().waitFor() == 0, "no mkfifo here");
        Jvm.Result r = hotspots(out);
        assertFalse(Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS), "still a FIFO");
        assertEquals(1, r.jflameLines().size(), r.toString());
        assertTrue(r.jflameLines().get(0).contains("it is not a regular file"), r.toString());
    }

    /**
     * A root whose output cannot be written at its end (as on a full disk; here a directory took the
     * output's place) says so in one line and leaves no empty spool behind. (Its own partial profile,
     * had a flush put one there, would stay: the only copy of the run.)
     */
    @Test
    void aFailedFinalWriteLeavesNoEmptySpool() throws Exception {
        Path dir = Jvm.workDir("files-final-fails");
        Path out = dir.resolve("out.json");
        Path spool = dir.resolve("out.json.spool");
        // flush=60m: the root's partial profile (every 5 flushes) never reaches the spool.
        try (Cli.Target t = Cli.Target.service(Jvm.java(), dir, Jvm.agent("flush=60m,file=" + out))) {
            assertTrue(Files.isDirectory(spool), "the root made its spool at its start");
            Files.createDirectory(out);
            t.process.destroy();
            assertTrue(t.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), t.stderrText());
            String stderr = t.stderrText();
            assertTrue(stderr.lines().anyMatch(l -> l.startsWith("jflame: ") && l.contains(out.toString())), stderr);
            assertFalse(Files.exists(spool, LinkOption.NOFOLLOW_LINKS), stderr);
        }
    }

    @Test
    void aSpoolThatIsALinkIsNeverClearedThroughTheLink() throws Exception {
        Path dir = Jvm.workDir("files-spool-link");
        Path victimDir = Files.createDirectories(dir.resolve("victim"));
        Path victimProfile = Files.writeString(victimDir.resolve("1234.json"), VICTIM);
        Path out = dir.resolve("out.collapsed");
        Files.createSymbolicLink(dir.resolve("out.collapsed.spool"), victimDir);
        Jvm.Result r = hotspots(out);
        assertEquals(VICTIM, Files.readString(victimProfile), "the victim's file survives the root's spool cleanup");
        assertTrue(Files.isRegularFile(out), "the application's own profile is still written");
        assertTrue(r.jflameLines().stream().anyMatch(l -> l.contains("refusing " + out + ".spool: it is a symbolic link")), r.toString());
    }

    @Test
    void linksInsideTheSpoolAreNeitherDeletedNorFollowed() throws Exception {
        Path dir = Jvm.workDir("files-spool-inner-link");
        Path victim = Files.writeString(dir.resolve("victim.json"), VICTIM);
        Path out = dir.resolve("out.collapsed");
        Path spool = Files.createDirectory(dir.resolve("out.collapsed.spool"));
        Path planted = Files.createSymbolicLink(spool.resolve("666.json"), victim);
        Jvm.Result r = hotspots(out);
        assertEquals(VICTIM, Files.readString(victim));
        assertTrue(Files.isSymbolicLink(planted), "a link is not one of jflame's files: not touched");
        assertTrue(r.jflameLines().stream().allMatch(l -> l.startsWith("jflame: wrote ")), r.toString());
    }

    @Test
    void anotherUsersSpoolAndOutputAreRefused() throws Exception {
        Assumptions.assumeTrue(isRoot(), "needs root to plant files as another user (uid 65534)");
        Path dir = Jvm.workDir("files-foreign");
        Path spool = Files.createDirectory(dir.resolve("out.collapsed.spool"));
        Path foreign = Files.writeString(spool.resolve("4321.json"), VICTIM);
        Files.setAttribute(foreign, "unix:uid", 65534);
        Files.setAttribute(spool, "unix:uid", 65534);
        Jvm.Result r = hotspots(dir.resolve("out.collapsed"));
        assertEquals(VICTIM, Files.readString(foreign), "another user's spool is not cleared");
        assertTrue(r.jflameLines().stream().anyMatch(l -> l.contains("it belongs to another user")), r.toString());

        Path theirs = Files.writeString(dir.resolve("theirs.html"), VICTIM);
        Files.setAttribute(theirs, "unix:uid", 65534);
        Jvm.Result r2 = hotspots(theirs);
        assertEquals(VICTIM, Files.readString(theirs));
        assertTrue(r2.jflameLines().get(0).contains("it belongs to another user"), r2.toString());
    }

    @Test
    void aDeviceNodeAtTheOutputIsRefusedAndStaysADevice() throws Exception {
        Assumptions.assumeTrue(isRoot(), "needs root to make a device node");
        Path dir = Jvm.workDir("files-device");
        Path out = dir.resolve("out.collapsed");
        // A character device like /dev/null (1,3): a root agent must not replace it with a file.
        Assumptions.assumeTrue(new ProcessBuilder("mknod", out.toString(), "c", "1", "3").start().waitFor() == 0, "no mknod here");
        Jvm.Result r = hotspots(out);
        assertFalse(Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS), "still a device");
        assertEquals("character special file", new String(new ProcessBuilder("stat", "-c", "%F", out.toString())
                .start().getInputStream().readAllBytes()).trim());
        assertEquals(1, r.jflameLines().size(), r.toString());
        assertTrue(r.jflameLines().get(0).contains("it is not a regular file"), r.toString());
    }

    @Test
    void linksRacedInAtTemporaryNamesNeverRedirectAWrite() throws Exception {
        // Another user who can write the directory swaps every temporary file it sees for a link to a
        // victim, as fast as it can, while three workers write their partial profiles every 100 ms. The
        // temporary is written through the channel that created it, so no write can follow a link.
        Path dir = Jvm.workDir("files-race");
        Path victim = Files.writeString(dir.resolve("victim.txt"), VICTIM);
        Path out = dir.resolve("out.collapsed");
        Path spool = dir.resolve("out.collapsed.spool");
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger swapped = new java.util.concurrent.atomic.AtomicInteger();
        Thread racer = new Thread(() -> {
            while (!done.get()) {
                for (Path d : List.of(dir, spool)) {
                    try (Stream<Path> entries = Files.list(d)) {
                        for (Path p : (Iterable<Path>) entries::iterator) {
                            String name = p.getFileName().toString();
                            if (name.contains(".tmp-") && !Files.isSymbolicLink(p)) {
                                try {
                                    Files.delete(p);
                                    Files.createSymbolicLink(p, victim);
                                    swapped.incrementAndGet();
                                } catch (java.io.IOException lostTheRace) {
                                    // The writer moved or removed it first: try the next one.
                                }
                            }
                        }
                    } catch (java.io.IOException | java.io.UncheckedIOException noDirYet) {
                        // The spool appears when the agent starts.
                    }
                }
            }
        });
        racer.start();
        Jvm.Result r;
        try {
            r = Jvm.run(List.of(Jvm.agent("flush=100ms,file=" + out)), "PoolMaster",
                    "--workers", "3", "--launch", "pb", "--tasks", "90", "--task-ms", "50");
        } finally {
            done.set(true);
            racer.join();
        }
        assertEquals(0, r.exit, r.toString());
        // A swap seen before the move is refused ("was replaced by someone else"); one in the last
        // microseconds before it puts the link at the output, which later writes then refuse; one half
        // done (deleted, no link yet) fails that write. Either
        // way each refusal is said once per JVM, not at every flush. (This racer is the same user, as
        // the test can only be; another user cannot remove our temporary from a sticky /tmp or from
        // the owner-only spool at all.)
        assertEquals(r.jflameLines().size(), new java.util.HashSet<>(r.jflameLines()).size(), r.toString());
        for (String line : r.jflameLines()) {
            assertTrue(line.startsWith("jflame: wrote ") || line.startsWith("jflame: merged ") || line.contains("was replaced by someone else")
                    || line.contains("it is a symbolic link") || line.contains("could not write"), line);
        }
        assertEquals(VICTIM, Files.readString(victim), "links swapped in: " + swapped.get() + "\n" + r);
    }

    @Test
    void outputsAndSpoolsAreOwnerOnlyEvenUnderUmask000() throws Exception {
        Path dir = Jvm.workDir("files-umask");
        Path out = dir.resolve("pool.html");
        String cmd = "umask 000; exec " + String.join(" ", Jvm.command(Jvm.java(), List.of(Jvm.agent("file=" + out)), "PoolMaster",
                "--workers", "2", "--launch", "pb", "--tasks", "20", "--task-ms", "20"));
        Jvm.Result r = Jvm.run(List.of("sh", "-c", cmd), Map.of(), 120);
        assertEquals(0, r.exit, r.toString());
        assertEquals("rw-------", mode(out));
        Path spool = dir.resolve("pool.html.spool");
        assertEquals("rwx------", mode(spool));
        try (Stream<Path> files = Files.list(spool)) {
            List<Path> all = files.collect(java.util.stream.Collectors.toList());
            assertEquals(3, all.size(), all.toString());
            for (Path f : all) {
                assertEquals("rw-------", mode(f), f.toString());
            }
        }
    }

    private static Jvm.Result hotspots(Path out) throws Exception {
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("file=" + out)), "Hotspots", "--seconds", "1", "--exit-code", "3");
        assertEquals(3, r.exit, "the application's exit code is its own\n" + r);
        return r;
    }

    private static boolean isRoot() throws Exception {
        return "root".equals(Files.getOwner(Paths.get("/proc/self")).getName());
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}

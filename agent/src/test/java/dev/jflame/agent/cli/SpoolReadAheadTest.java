package dev.jflame.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflame.core.format.json.JsonProfileWriter;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profiles `jflame run` merges are the spool's as it is at the end, whatever was read ahead. */
class SpoolReadAheadTest {
    @TempDir
    Path spool;

    /** Pids above Linux's highest (2^22): no process has them, so their JVMs have ended. */
    private static final long GONE = 999_999_000L;

    private void write(String name, long pid, long samples) throws IOException {
        Profile p = TestProfiles.withProcess(pid, "Main" + pid);
        TestProfiles.add(p, "Main.main;Main.work", SampleState.RUNNABLE, samples);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonProfileWriter().write(p, out);
        // As the JVMs do: a temporary file renamed over the profile, so a replaced profile is another file.
        Path tmp = Files.write(spool.resolve("." + name + ".tmp"), out.toByteArray());
        Files.move(tmp, spool.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<Long> samples(List<Profile> profiles) {
        List<Long> all = new ArrayList<>();
        for (Profile p : profiles) {
            all.add(p.tree().totalSamples());
        }
        Collections.sort(all);
        return all;
    }

    @Test
    void profilesOfEndedJvmsAreHeldAndTheSpoolAsItIsAtTheEndIsMerged() throws IOException {
        long live = ProcessHandle.current().pid();
        write((GONE + 1) + ".json", GONE + 1, 7);
        write(live + ".json", live, 5);
        write("notapid.json", 1, 2);
        SpoolReadAhead ahead = new SpoolReadAhead(spool.toFile());
        ahead.lookOnce();
        assertEquals(1, ahead.held(), "only the file of a JVM that has ended is read ahead");

        // After the look: the live JVM writes again, the ended one's file is replaced (its pid reused), a new one comes.
        write(live + ".json", live, 9);
        write((GONE + 1) + ".json", GONE + 1, 11);
        write((GONE + 2) + ".json", GONE + 2, 3);
        assertEquals(List.of(2L, 3L, 9L, 11L), samples(ahead.profiles()));
    }

    @Test
    void heldProfilesStandWhereTheirFilesDidNotChange() throws IOException {
        write((GONE + 3) + ".json", GONE + 3, 4);
        SpoolReadAhead ahead = new SpoolReadAhead(spool.toFile());
        ahead.lookOnce();
        ahead.lookOnce();
        assertEquals(1, ahead.held());
        assertEquals(List.of(4L), samples(ahead.profiles()));
    }
}

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

    private void write(String name, long pid, long samples, boolean partial) throws IOException {
        Profile p = TestProfiles.withProcess(pid, "Main" + pid);
        TestProfiles.add(p, "Main.main;Main.work", SampleState.RUNNABLE, samples);
        p.processes().get(0).partial = partial;
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
    void finishedProfilesAreHeldAndTheSpoolAsItIsAtTheEndIsMerged() throws IOException {
        write("101.json", 101, 7, false);
        write("102.json", 102, 5, true);
        SpoolReadAhead ahead = new SpoolReadAhead(spool.toFile());
        ahead.lookOnce();
        assertEquals(1, ahead.held(), "the finished profile is held, the partial one is not");

        // After the look: the partial JVM finishes, the finished file is replaced (a JVM of the same pid, say), a new one comes.
        write("102.json", 102, 9, false);
        write("101.json", 101, 11, false);
        write("103.json", 103, 3, false);
        assertEquals(List.of(3L, 9L, 11L), samples(ahead.profiles()));
    }

    @Test
    void heldProfilesStandWhereTheirFilesDidNotChange() throws IOException {
        write("201.json", 201, 4, false);
        SpoolReadAhead ahead = new SpoolReadAhead(spool.toFile());
        ahead.lookOnce();
        ahead.lookOnce();
        assertEquals(1, ahead.held());
        assertEquals(List.of(4L), samples(ahead.profiles()));
    }
}

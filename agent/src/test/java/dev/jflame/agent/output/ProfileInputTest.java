package dev.jflame.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.json.JsonProfileWriter;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileInputTest {
    @TempDir
    Path dir;

    @Test
    void formatsAreRecognisedByContentNotByName() throws IOException {
        Profile p = TestProfiles.withProcess(7, "app.Main");
        TestProfiles.add(p, "[thread main];app.Main.main", SampleState.RUNNABLE, 3);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new JsonProfileWriter().write(p, json);
        Path misnamed = Files.write(dir.resolve("profile.txt"), json.toByteArray());
        assertEquals(3, Codecs.read(misnamed).tree().totalSamples());
        assertEquals(7, Codecs.read(misnamed).processes().get(0).pid);

        Path folded = Files.write(dir.resolve("stacks.json"), "  \na;b 2\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, Codecs.read(folded).tree().totalSamples());
    }

    @Test
    void whatIsNoProfileSaysWhatItIsInOneLine() throws IOException {
        assertEquals("the file is empty", message(new byte[0]));
        assertTrue(message(new byte[] {1, 2, 3, 0, 5}).startsWith("a binary file that is no profile jflame reads"));
        assertTrue(message("<!DOCTYPE html><html>".getBytes(StandardCharsets.UTF_8)).startsWith("jflame writes flame graph pages but reads only"));
        assertTrue(message("{\"a\": 1}".getBytes(StandardCharsets.UTF_8)).startsWith("not a jflame profile"));
    }

    private String message(byte[] content) throws IOException {
        Path f = Files.write(dir.resolve("input"), content);
        return assertThrows(IOException.class, () -> Codecs.read(f)).getMessage();
    }
}

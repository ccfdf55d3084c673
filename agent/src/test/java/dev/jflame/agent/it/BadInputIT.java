package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad agent input costs the application nothing but one line on stderr. */
class BadInputIT {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "intervl=5ms                | unknown option 'intervl'",
        "interval=fast              | bad interval 'fast'",
        "depth=-3                   | bad depth '-3'",
        "file=/no/such/dir/out.html | cannot write file=/no/such/dir/out.html",
        "file=/proc/out.collapsed   | cannot write file=/proc/out.collapsed",
    })
    void oneClearLineAndTheApplicationRunsWithItsOwnExitCode(String options, String expected) throws Exception {
        Path dir = Jvm.workDir("bad-input");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent(options)), "ExitWith", "--code", "3", "--millis", "300");
        assertEquals(3, r.exit, r.toString());
        assertTrue(r.stdout.contains("hello from app") && r.stdout.contains("goodbye"), r.toString());
        List<String> lines = r.jflameLines();
        assertEquals(1, lines.size(), r.toString());
        assertTrue(lines.get(0).contains(expected), lines.get(0));
        assertTrue(lines.get(0).contains("profiling disabled"), lines.get(0));
        assertEquals(lines.size(), r.stderr.split("\n").length, "nothing else on stderr: " + r.stderr);
        try (var s = Files.list(dir)) {
            assertFalse(s.findAny().isPresent());
        }
    }
}

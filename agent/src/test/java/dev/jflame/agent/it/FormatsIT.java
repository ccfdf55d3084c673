package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The agent writes every output format itself (by {@code file=}'s extension), the root merging its
 * worker JVMs into it; the CLI converts the same profile and reads back what it can. The formats'
 * own decoders (protobuf-java with the official profile.proto, the real speedscope) are in the unit
 * and browser tests; here the point is the real jar and a real process tree.
 */
class FormatsIT {
    @Test
    void theAgentWritesPprofAndSpeedscopeForAPoolOfJvms() throws Exception {
        Path dir = Jvm.workDir("formats");
        Path pprof = dir.resolve("pool.pb.gz");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("file=" + pprof)), "PoolMaster", "--workers", "2", "--tasks", "16", "--task-ms", "40");
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.jflameLines().stream().anyMatch(l -> l.startsWith("jflame: wrote " + pprof) && l.endsWith(", pprof)")), r.stderr);
        byte[] raw;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(pprof))) {
            raw = in.readAllBytes();
        }
        String strings = new String(raw, StandardCharsets.ISO_8859_1);
        for (String s : new String[] {"samples", "wall", "nanoseconds", "thread", "state", "process", "dev.jflame.testapps.PoolMaster.main",
            "dev.jflame.testapps.PoolWorker"}) {
            assertTrue(strings.contains(s), "the pprof string table has " + s);
        }

        Path speedscope = dir.resolve("pool.speedscope.json");
        r = Jvm.run(List.of(Jvm.agent("file=" + speedscope)), "PoolMaster", "--workers", "2", "--tasks", "16", "--task-ms", "40");
        assertEquals(0, r.exit, r.toString());
        JsonObject file = JsonParser.parseString(Files.readString(speedscope)).getAsJsonObject();
        assertTrue(file.get("$schema").getAsString().contains("speedscope"));
        Set<String> processes = new HashSet<>();
        long weight = 0;
        for (JsonElement e : file.getAsJsonArray("profiles")) {
            JsonObject p = e.getAsJsonObject();
            assertEquals("nanoseconds", p.get("unit").getAsString());
            String name = p.get("name").getAsString();
            processes.add(name.substring(name.indexOf("pid ")).replaceAll("^pid \\d+ ", ""));
            for (JsonElement w : p.getAsJsonArray("weights")) {
                weight += w.getAsLong();
            }
        }
        assertTrue(processes.contains("dev.jflame.testapps.PoolMaster") && processes.contains("dev.jflame.testapps.PoolWorker"), processes.toString());
        long samples = samplesFromLine(r, speedscope);
        assertEquals(samples * 10_000_000L, weight, "every sample weighs the 10 ms interval");
    }

    @Test
    void theCliConvertsJsonToEveryFormatAndReadsBackTheTextOnes() throws Exception {
        Path dir = Jvm.workDir("formats-cli");
        Path json = dir.resolve("c.json");
        Jvm.Result r = Jvm.run(List.of(Jvm.agent("file=" + json)), "Contention", "--seconds", "3");
        assertEquals(0, r.exit, r.toString());
        Collapsed original = Collapsed.of(new dev.jflame.core.format.json.JsonProfileReader().read(json));
        for (String out : new String[] {"c.html", "c.collapsed", "c.pb.gz", "c.speedscope.json", "c.copy.json"}) {
            Jvm.Result c = Cli.run(dir, "convert", "c.json", "-o", out);
            assertEquals(0, c.exit, out + ": " + c);
            assertTrue(c.stdout.contains(original.total() + " samples"), c.stdout);
        }
        // Text read back by content: the folded file and the JSON copy give the same lines again.
        for (String in : new String[] {"c.collapsed", "c.copy.json"}) {
            Jvm.Result c = Cli.run(dir, "convert", in, "-o", in + ".again.collapsed");
            assertEquals(0, c.exit, c.toString());
            assertEquals(original.lines, Collapsed.read(dir.resolve(in + ".again.collapsed")).lines, in);
        }
        // What jflame writes but does not read is said in one line, exit 1.
        for (String in : new String[] {"c.pb.gz", "c.speedscope.json", "c.html"}) {
            Jvm.Result c = Cli.run(dir, "convert", in, "-o", "x.html");
            assertEquals(1, c.exit, c.toString());
            assertEquals(1, c.stderr.lines().count(), c.stderr);
            assertTrue(c.stderr.startsWith("jflame: cannot read " + in + ": jflame writes "), c.stderr);
        }
        Jvm.Result bad = Cli.run(dir, "convert", "c.json", "-o", "x.out", "--format", "svg");
        assertEquals(2, bad.exit, bad.toString());
        assertTrue(bad.stderr.startsWith("jflame: bad format 'svg': expected html, collapsed, json, pprof or speedscope"), bad.stderr);
    }

    private static long samplesFromLine(Jvm.Result r, Path out) {
        for (String l : r.jflameLines()) {
            if (l.startsWith("jflame: wrote " + out)) {
                String tail = l.substring(l.indexOf(" (") + 2);
                // "(3 processes, 1234 samples, speedscope)" or "(1234 samples, speedscope)"
                for (String part : tail.split(", ")) {
                    if (part.endsWith(" samples")) {
                        return Long.parseLong(part.substring(0, part.indexOf(' ')));
                    }
                }
            }
        }
        throw new AssertionError("no line for " + out + " in " + r.stderr);
    }
}

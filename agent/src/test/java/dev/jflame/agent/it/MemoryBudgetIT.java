package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small heap, a fast interval and stacks that never repeat: the profile stays within its memory
 * budget, stacks past it end under {@code [truncated: budget]}, and the application's output and exit
 * code are its own.
 */
class MemoryBudgetIT {
    /** 1/16 of a 64 MB heap, at the 48 bytes a node the recorder counts: the most nodes the tree may hold. */
    private static final int MAX_NODES = (4 << 20) / 48;

    @org.junit.jupiter.api.Test
    void aStormOfNewStacksInASmallHeapStaysWithinTheBudget() throws Exception {
        Path out = Jvm.workDir("memory-budget").resolve("storm.json");
        Jvm.Result r = Jvm.run(List.of("-Xmx64m", Jvm.agent("interval=1ms,file=" + out)), "StackStorm",
                "--seconds", "8", "--exit-code", "7");
        assertEquals(7, r.exit, r.toString());
        assertTrue(r.stdout.contains("storm done walks="), r.toString());
        assertFalse(r.stderr.contains("Exception") || r.stderr.contains("Error") || r.stderr.contains("\tat "), r.stderr);
        assertEquals(List.of("jflame: wrote " + out + " (" + samples(out) + " samples, json)"), r.jflameLines());
        JsonObject p = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        int nodes = p.getAsJsonObject("tree").getAsJsonArray("parent").size();
        assertTrue(nodes <= MAX_NODES, nodes + " nodes");
        long cuts = p.getAsJsonArray("processes").get(0).getAsJsonObject().getAsJsonObject("stats").get("budgetCuts").getAsLong();
        assertTrue(cuts > 0, "the profile says it reached its budget");
        assertTrue(p.getAsJsonObject("frames").getAsJsonArray("names").toString().contains("[truncated: budget]"));
    }

    private static long samples(Path json) throws Exception {
        JsonObject p = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        return p.getAsJsonArray("processes").get(0).getAsJsonObject().getAsJsonObject("stats").get("samples").getAsLong();
    }
}

package dev.jflame.agent.children;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflame.core.format.json.JsonProfileWriter;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root merges its children at exit only as far as its memory budget goes; the rest stays for {@code jflame merge}. */
class SpoolTest {
    @TempDir
    Path dir;

    @Test
    void profilesPastTheNodeBudgetAreLeftOutNotRead() throws Exception {
        File a = write(101, 400);
        File b = write(102, 400);
        File c = write(103, 50);
        Spool.Read read = Spool.readWithin(List.of(a, b, c), 1000);
        // 401 + 401 fit in 1000; the third (51 nodes) would too: only what goes past is left out.
        assertEquals(3, read.profiles.size());
        assertEquals(0, read.leftOut);

        Spool.Read tight = Spool.readWithin(List.of(a, b, c), 700);
        assertEquals(List.of(101L, 103L), List.of(tight.profiles.get(0).processes().get(0).pid, tight.profiles.get(1).processes().get(0).pid));
        assertEquals(1, tight.leftOut, "the second 401-node profile does not fit after the first");
        assertEquals(3, Spool.readAll(List.of(a, b, c)).size(), "without a budget all are read");
    }

    /** A single-process profile of {@code nodes} leaves under one thread, plus root and thread node. */
    private File write(long pid, int nodes) throws Exception {
        Profile p = new Profile();
        ProcessInfo info = new ProcessInfo();
        info.pid = pid;
        p.processes().add(info);
        int thread = p.tree().child(CallTree.ROOT, p.frames().intern("[thread main]", FrameKind.THREAD));
        for (int i = 0; i < nodes - 1; i++) {
            int leaf = p.tree().child(thread, p.frames().intern("app.M.m" + i, FrameKind.JAVA));
            p.tree().add(leaf, SampleState.RUNNABLE, 1);
        }
        File f = dir.resolve(pid + ".json").toFile();
        try (OutputStream out = Files.newOutputStream(f.toPath())) {
            new JsonProfileWriter().write(p, out);
        }
        return f;
    }
}

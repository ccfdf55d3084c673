package dev.jflame.core.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileMergerTest {
    @Test
    void oneRootPerProcessAndAMergedInputSplitsBackIntoItsProcesses() {
        Profile master = process(10, "app.Master", 0, 1_000, "app.Master.await", 4);
        Profile worker = process(11, "app.Worker", 10, 1_000, "app.Worker.crunch", 7);
        Profile merged = new ProfileMerger().merge(List.of(worker, master));

        Map<String, Long> lines = new CollapsedWriter().lines(merged);
        assertEquals(Map.of("[pid 10 app.Master];app.Master.await", 4L, "[pid 11 app.Worker];app.Worker.crunch", 7L), lines);
        assertEquals(10, merged.processes().get(0).pid, "parents first");

        // The worker's later flush replaces its earlier copy inside the merged input.
        Profile laterWorker = process(11, "app.Worker", 10, 2_000, "app.Worker.crunch", 9);
        Map<String, Long> again = new CollapsedWriter().lines(new ProfileMerger().merge(List.of(merged, laterWorker)));
        assertEquals(Map.of("[pid 10 app.Master];app.Master.await", 4L, "[pid 11 app.Worker];app.Worker.crunch", 9L), again);
    }

    @Test
    void aSingleProcessStaysWithoutProcessRoot() {
        Profile only = process(10, "app.Main", 0, 1_000, "app.Main.run", 3);
        assertEquals(Map.of("app.Main.run", 3L), new CollapsedWriter().lines(new ProfileMerger().merge(List.of(only))));
    }

    private static Profile process(long pid, String main, long parent, long end, String frame, long samples) {
        Profile p = new Profile();
        ProcessInfo info = new ProcessInfo();
        info.pid = pid;
        info.mainClass = main;
        info.parentPid = parent;
        info.endMillis = end;
        p.processes().add(info);
        int thread = p.tree().child(CallTree.ROOT, p.frames().intern("[thread main]", FrameKind.THREAD));
        int leaf = p.tree().child(thread, p.frames().intern(frame, FrameKind.JAVA));
        p.tree().add(leaf, SampleState.RUNNABLE, samples);
        return p;
    }
}

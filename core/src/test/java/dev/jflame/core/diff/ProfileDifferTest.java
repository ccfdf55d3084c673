package dev.jflame.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jflame.core.format.collapsed.CollapsedDiffWriter;
import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.merge.ProfileMerger;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProfileDifferTest {
    private final ProfileDiffer differ = new ProfileDiffer();

    @Test
    void theUnionOfBothTreesWithEachSidesCountsOnTheSameNodes() {
        Profile base = process(1, "app.Main");
        add(base, "[thread main];app.Main.main;app.Work.a", SampleState.RUNNABLE, 7);
        add(base, "[thread main];app.Main.main;app.Work.gone", SampleState.RUNNABLE, 2);
        Profile next = process(2, "app.Main");
        add(next, "[thread main];app.Main.main;app.Work.a", SampleState.RUNNABLE, 4);
        add(next, "[thread main];app.Main.main;app.Work.fresh", SampleState.RUNNABLE, 5);

        ProfileDiff d = differ.diff(base, next);
        assertEquals(d.base().tree().size(), d.next().tree().size());
        assertEquals(Map.of("app.Main.main;app.Work.a", 7L, "app.Main.main;app.Work.gone", 2L), folded(d.base()));
        assertEquals(Map.of("app.Main.main;app.Work.a", 4L, "app.Main.main;app.Work.fresh", 5L), folded(d.next()));
        int a = node(d.next(), "[thread main]", "app.Main.main", "app.Work.a");
        assertEquals(7, d.base().tree().selfTotal(a), "node a is the same stack on both sides");
        assertEquals(4, d.next().tree().selfTotal(a));
        int gone = node(d.next(), "[thread main]", "app.Main.main", "app.Work.gone");
        assertEquals(0, d.next().tree().selfTotal(gone));
        assertEquals(2, d.base().tree().selfTotal(gone));
        assertEquals(1, d.base().processes().get(0).pid);
        assertEquals(2, d.next().processes().get(0).pid);
    }

    @Test
    void statesStayApartOnEachSide() {
        Profile base = process(1, "app.Main");
        add(base, "[thread w];app.Lock.take", SampleState.RUNNABLE, 3);
        add(base, "[thread w];app.Lock.take", SampleState.BLOCKED, 9);
        Profile next = process(2, "app.Main");
        add(next, "[thread w];app.Lock.take", SampleState.RUNNABLE, 6);
        add(next, "[thread w];app.Lock.take", SampleState.PARKED, 1);
        ProfileDiff d = differ.diff(base, next);
        int take = node(d.next(), "[thread w]", "app.Lock.take");
        assertEquals(3, d.base().tree().self(take, SampleState.RUNNABLE));
        assertEquals(9, d.base().tree().self(take, SampleState.BLOCKED));
        assertEquals(0, d.base().tree().self(take, SampleState.PARKED));
        assertEquals(6, d.next().tree().self(take, SampleState.RUNNABLE));
        assertEquals(1, d.next().tree().self(take, SampleState.PARKED));
        assertEquals(0, d.next().tree().self(take, SampleState.BLOCKED));
    }

    @Test
    void processesMatchByMainClassNotPidAndAPoolBecomesOneRoot() {
        Profile base = new ProfileMerger().merge(List.of(
                single(100, 0, "app.Master", "app.Master.await", 4),
                single(101, 100, "app.Worker", "app.Worker.crunch", 10),
                single(102, 100, "app.Worker", "app.Worker.crunch", 12)));
        Profile next = new ProfileMerger().merge(List.of(
                single(200, 0, "app.Master", "app.Master.await", 5),
                single(201, 200, "app.Worker", "app.Worker.crunch", 30)));
        ProfileDiff d = differ.diff(base, next);
        assertEquals(Map.of("[process app.Master];app.Master.await", 4L, "[process app.Worker];app.Worker.crunch", 22L), folded(d.base()));
        assertEquals(Map.of("[process app.Master];app.Master.await", 5L, "[process app.Worker];app.Worker.crunch", 30L), folded(d.next()));
        assertEquals(3, d.base().processes().size(), "every process's metadata is kept");
    }

    @Test
    void aSingleProcessSideGetsAProcessRootWhenTheOtherHasThem() {
        Profile base = single(1, 0, "app.Master", "app.Master.await", 4);
        Profile next = new ProfileMerger().merge(List.of(
                single(200, 0, "app.Master", "app.Master.await", 5),
                single(201, 200, "app.Worker", "app.Worker.crunch", 30)));
        ProfileDiff d = differ.diff(base, next);
        assertEquals(Map.of("[process app.Master];app.Master.await", 4L), folded(d.base()));
        assertEquals(Map.of("[process app.Master];app.Master.await", 5L, "[process app.Worker];app.Worker.crunch", 30L), folded(d.next()));
    }

    @Test
    void twoSingleProcessesCompareStacksDirectlyEvenUnderDifferentMains() {
        ProfileDiff d = differ.diff(single(1, 0, "app-1.4.jar", "app.Main.run", 3), single(2, 0, "app.Main", "app.Main.run", 8));
        assertEquals(Map.of("app.Main.run", 3L), folded(d.base()));
        assertEquals(Map.of("app.Main.run", 8L), folded(d.next()));
    }

    @Test
    void volatileNumbersInJarNamesAndThreadNamesAreWildcarded() {
        assertEquals("[process surefirebooter-*.jar]", DiffKeys.process("surefirebooter-20250101120000123_3.jar"));
        assertEquals(DiffKeys.process("surefirebooter123.jar"), DiffKeys.process("surefirebooter456.jar"));
        assertEquals(DiffKeys.process("app-1.4.2.jar"), DiffKeys.process("app-1.5.0.jar"));
        assertNotEquals(DiffKeys.process("app-1.4.2.jar"), DiffKeys.process("app-1.4.2-SNAPSHOT.jar"));
        assertEquals("[process app.Http2Server]", DiffKeys.process("app.Http2Server"), "class names keep their digits");
        assertEquals("[process unknown]", DiffKeys.process(null));
        assertEquals("[thread pool-*-thread-*]", DiffKeys.thread("[thread pool-3-thread-17]"));
        assertEquals("[thread main]", DiffKeys.thread("[thread main]"));

        Profile base = process(1, "app.Main");
        add(base, "[thread hot-0];app.Hot.run", SampleState.RUNNABLE, 3);
        add(base, "[thread hot-1];app.Hot.run", SampleState.RUNNABLE, 4);
        Profile next = process(2, "app.Main");
        add(next, "[thread hot-5];app.Hot.run", SampleState.RUNNABLE, 9);
        ProfileDiff d = differ.diff(base, next);
        int run = node(d.next(), "[thread hot-*]", "app.Hot.run");
        assertEquals(7, d.base().tree().selfTotal(run), "numbered threads of one pool line up as one");
        assertEquals(9, d.next().tree().selfTotal(run));
        assertEquals(Map.of("[thread hot-*];app.Hot.run", 7L), new CollapsedWriter(true).lines(d.base()));
    }

    @Test
    void samplesWithoutFramesAndAtTheRootStayCounted() {
        Profile base = process(1, "app.Main");
        add(base, "[thread starting]", SampleState.RUNNABLE, 2);
        Profile next = process(2, "app.Main");
        add(next, "[thread main];app.Main.main", SampleState.RUNNABLE, 1);
        ProfileDiff d = differ.diff(base, next);
        assertEquals(2, d.base().tree().totalSamples());
        assertEquals(Map.of(FrameNames.NO_FRAMES, 2L), folded(d.base()));
    }

    @Test
    void collapsedDiffIsStackBaseNewWithRawCountsSorted() throws Exception {
        Profile base = process(1, "app.Main");
        add(base, "[thread a];app.Main.main;app.Work.a", SampleState.RUNNABLE, 700);
        add(base, "[thread b];app.Main.main;app.Work.a", SampleState.RUNNABLE, 1);
        add(base, "[thread a];app.Main.main;app.Work.gone", SampleState.RUNNABLE, 2);
        add(base, "[thread a];app.Main.main;app.Lock.take;[BLOCKED on java.lang.Object]", SampleState.BLOCKED, 5);
        Profile next = process(2, "app.Main");
        add(next, "[thread a];app.Main.main;app.Work.a", SampleState.RUNNABLE, 40);
        add(next, "[thread a];app.Main.main;app.Work.fresh;app.Work.leaf", SampleState.RUNNABLE, 5);
        ProfileDiff d = differ.diff(base, next);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CollapsedDiffWriter().write(d, out);
        assertEquals("app.Main.main;app.Lock.take;[BLOCKED on java.lang.Object] 5 0\n"
                + "app.Main.main;app.Work.a 701 40\n"
                + "app.Main.main;app.Work.fresh;app.Work.leaf 0 5\n"
                + "app.Main.main;app.Work.gone 2 0\n",
                out.toString(StandardCharsets.UTF_8));
        // Each column is exactly the collapsed output of its input.
        Map<String, Long> baseColumn = new TreeMap<>();
        Map<String, Long> newColumn = new TreeMap<>();
        new CollapsedDiffWriter().lines(d).forEach((stack, counts) -> {
            if (counts[0] > 0) {
                baseColumn.put(stack, counts[0]);
            }
            if (counts[1] > 0) {
                newColumn.put(stack, counts[1]);
            }
        });
        assertEquals(new CollapsedWriter().lines(base), baseColumn);
        assertEquals(new CollapsedWriter().lines(next), newColumn);
    }

    private static Map<String, Long> folded(Profile p) {
        return new CollapsedWriter().lines(p);
    }

    private static int node(Profile p, String... path) {
        int n = CallTree.ROOT;
        for (String f : path) {
            n = p.tree().find(n, p.frames().find(f));
            if (n < 0) {
                throw new AssertionError("no " + String.join(";", path));
            }
        }
        return n;
    }

    private static Profile process(long pid, String main) {
        Profile p = new Profile();
        ProcessInfo info = new ProcessInfo();
        info.pid = pid;
        info.mainClass = main;
        p.processes().add(info);
        return p;
    }

    private static Profile single(long pid, long parent, String main, String frame, long samples) {
        Profile p = process(pid, main);
        p.processes().get(0).parentPid = parent;
        p.processes().get(0).endMillis = 1_000;
        add(p, "[thread main];" + frame, SampleState.RUNNABLE, samples);
        return p;
    }

    private static void add(Profile p, String path, SampleState state, long count) {
        int node = CallTree.ROOT;
        for (String name : path.split(";")) {
            FrameKind kind = name.startsWith("[thread ") ? FrameKind.THREAD : name.startsWith("[") ? FrameKind.STATE : FrameKind.JAVA;
            node = p.tree().child(node, p.frames().intern(name, kind));
        }
        p.tree().add(node, state, count);
    }
}

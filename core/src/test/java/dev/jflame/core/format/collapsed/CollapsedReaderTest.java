package dev.jflame.core.format.collapsed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.merge.ProfileMerger;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollapsedReaderTest {
    private static Profile read(String text) throws IOException {
        return new CollapsedReader().read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "input");
    }

    private static String write(Profile p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CollapsedWriter().write(p, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jflamesOwnCollapsedOutputReadsBackToTheSameLinesWithStatesAndProcesses() throws IOException {
        Profile a = TestProfiles.withProcess(101, "app.Master");
        TestProfiles.add(a, "[thread main];app.Master.main;app.Master.await;[WAITING on java.lang.Object]", SampleState.WAITING, 40);
        TestProfiles.add(a, "[thread main];app.Master.main;app.Master.plan", SampleState.RUNNABLE, 7);
        Profile b = TestProfiles.withProcess(202, "app.Worker");
        TestProfiles.add(b, "[thread w-1];app.Worker.run;app.Worker.lock;[BLOCKED on app.Shared]", SampleState.BLOCKED, 12);
        TestProfiles.add(b, "[thread w-1];app.Worker.run;java.lang.Thread.sleep;[TIMED_WAITING]", SampleState.TIMED_WAITING, 5);
        TestProfiles.add(b, "[thread w-2];app.Worker.run;sun.nio.ch.Net.poll;[NATIVE_IDLE]", SampleState.NATIVE_IDLE, 3);
        TestProfiles.add(b, "[thread w-2];[truncated];app.Deep.frame", SampleState.RUNNABLE, 2);
        TestProfiles.add(b, "[thread w-2]", SampleState.RUNNABLE, 1);
        Profile merged = new ProfileMerger().merge(List.of(a, b));

        String text = write(merged);
        Profile back = read(text);
        assertEquals(text, write(back));
        assertEquals(2, back.processes().size());
        assertEquals(101, back.processes().get(0).pid);
        assertEquals("app.Worker", back.processes().get(1).mainClass);
        assertEquals(merged.tree().totalSamples(), back.tree().totalSamples());
        for (SampleState s : SampleState.values()) {
            assertEquals(statesTotal(merged, s), statesTotal(back, s), s.name());
        }
        assertEquals(FrameKind.STATE, back.frames().kind(back.frames().find("[BLOCKED on app.Shared]")));
        assertEquals(FrameKind.PROCESS, back.frames().kind(back.frames().find("[pid 202 app.Worker]")));
        assertEquals(FrameKind.TRUNCATED, back.frames().kind(back.frames().find("[truncated]")));
        assertEquals(FrameKind.JDK, back.frames().kind(back.frames().find("java.lang.Thread.sleep")));

        // Read back, it merges again as processes, not as one process named after the file.
        Profile again = new ProfileMerger().merge(List.of(back));
        assertEquals(text, write(again));
    }

    @Test
    void asyncProfilersFramesGetJflamesNamesAndKinds() throws IOException {
        Profile p = read("[main tid=7];java/lang/Thread.run_[j];com/example/App.work_[i];__libc_write_[k] 5\n"
                + "[main tid=7];java/lang/Thread.run_[j];JavaThread::thread_main_inner;start_thread 2\n"
                + "Brendan;Gregg's;format 3\r\n"
                + "\n");
        Map<String, Long> lines = new CollapsedWriter(true).lines(p);
        assertEquals(Long.valueOf(5), lines.get("[thread main];java.lang.Thread.run;com.example.App.work;__libc_write_[k]"));
        assertEquals(Long.valueOf(3), lines.get("Brendan;Gregg's;format"));
        assertEquals(FrameKind.THREAD, p.frames().kind(p.frames().find("[thread main]")));
        assertEquals(FrameKind.JDK, p.frames().kind(p.frames().find("java.lang.Thread.run")));
        assertEquals(FrameKind.JAVA, p.frames().kind(p.frames().find("com.example.App.work")));
        assertEquals(FrameKind.NATIVE, p.frames().kind(p.frames().find("__libc_write_[k]")));
        assertEquals(FrameKind.NATIVE, p.frames().kind(p.frames().find("JavaThread::thread_main_inner")));
        assertEquals(10, p.tree().totalSamples());
        assertEquals(1, p.processes().size());
        assertEquals("input", p.processes().get(0).mainClass);
        assertEquals(0, p.processes().get(0).pid);
    }

    @Test
    void oneProcessRootOnEveryLineIsDroppedAndLinesWithoutOneGetTheFilesProcess() throws IOException {
        Profile one = read("[pid 12 app.A];app.A.main;app.A.run 5\n[pid 12 app.A];app.A.main 2\n");
        assertEquals(1, one.processes().size());
        assertEquals(12, one.processes().get(0).pid);
        assertEquals("app.A.main 2\napp.A.main;app.A.run 5\n", write(one));
        // Merged with another, it is one process with one root, not a root under a root.
        assertEquals("[pid 12 app.A];app.A.main 2\n[pid 12 app.A];app.A.main;app.A.run 5\n[pid 13 app.B];app.B.x 1\n",
                write(new ProfileMerger().merge(List.of(one, read("[pid 13 app.B];app.B.x 1\n")))));

        Profile mixed = read("[pid 12 app.A];app.A.main 5\napp.Loose.frame 3\n" + FrameNames.NO_FRAMES + " 1\n");
        assertEquals(9, mixed.tree().totalSamples());
        assertEquals(2, mixed.processes().size());
        Map<String, Long> lines = new CollapsedWriter().lines(new ProfileMerger().merge(List.of(mixed)));
        assertEquals(Long.valueOf(3), lines.get("[pid 0 input];app.Loose.frame"));
        assertEquals(Long.valueOf(1), lines.get("[pid 0 input]"));
        assertEquals(Long.valueOf(5), lines.get("[pid 12 app.A];app.A.main"));
    }

    @Test
    void cSymbolsWithCompilerSuffixesAreNativeAndLambdasLoseTheirAddress() throws IOException {
        Profile p = read("[tid=77];__new_sem_wait_slow64.constprop.0 1\n"
                + "[worker 3 tid=78];app/Foo$$Lambda$45.0x0000000800c03000.run_[j];memcpy.isra.0 2\n");
        Map<String, Long> lines = new CollapsedWriter(true).lines(p);
        assertEquals(Long.valueOf(1), lines.get("[thread tid=77];__new_sem_wait_slow64.constprop.0"), lines.toString());
        assertEquals(Long.valueOf(2), lines.get("[thread worker 3];app.Foo$$Lambda.run;memcpy.isra.0"), lines.toString());
        assertEquals(FrameKind.NATIVE, p.frames().kind(p.frames().find("__new_sem_wait_slow64.constprop.0")));
        assertEquals(FrameKind.NATIVE, p.frames().kind(p.frames().find("memcpy.isra.0")));
        assertEquals(FrameKind.THREAD, p.frames().kind(p.frames().find("[thread tid=77]")));
    }

    @Test
    void aLineWithNoFramesCountsAtTheRoot() throws IOException {
        Profile p = read(FrameNames.NO_FRAMES + " 4\na;b 1\n");
        assertEquals(4, p.tree().selfTotal(CallTree.ROOT));
        assertEquals(FrameNames.NO_FRAMES + " 4\na;b 1\n", write(p));
    }

    @Test
    void badLinesAreRefusedWithTheirNumber() {
        assertEquals("not folded stacks: line 2 ends in 'x', not a sample count",
                assertThrows(IOException.class, () -> read("a;b 1\na;b x\n")).getMessage());
        assertEquals("not folded stacks: line 1 has no sample count after its stack",
                assertThrows(IOException.class, () -> read("a;b\n")).getMessage());
        assertTrue(assertThrows(IOException.class, () -> read("a;b 3 5\n")).getMessage().contains("differential profile"));
        assertTrue(assertThrows(IOException.class, () -> read("a;b 99999999999999999999\n")).getMessage().contains("too large"));
        assertTrue(assertThrows(IOException.class, () -> read("a 9223372036854775807\nb 1\n")).getMessage().contains("overflow"));
        assertTrue(assertThrows(IOException.class, () -> read("\n\n")).getMessage().startsWith("no folded stacks"));
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedNotBuffered() {
        StringBuilder b = new StringBuilder();
        while (b.length() <= CollapsedReader.MAX_LINE) {
            b.append("frame;");
        }
        IOException e = assertThrows(IOException.class, () -> read(b.append("x 1\n").toString()));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void aWaitsLockAndHolderReadBackAfterItsLeafAndFoldAwayByDefault() throws IOException {
        String line = "app.Pool.take;[BLOCKED on java.lang.Object];[lock java.lang.Object@1b6d3586];[held by worker-3] 3\n"
                + "app.Latch.await;[WAITING on app.Latch];[lock app.Latch@7f];[no owner] 2\n"
                + "app.Feed.read;[NATIVE_IDLE];[waits for pid 12 app.Worker] 4\n";
        Profile p = read(line);
        assertEquals(3, statesTotal(p, SampleState.BLOCKED));
        assertEquals(2, statesTotal(p, SampleState.WAITING));
        assertEquals(FrameKind.STATE, p.frames().kind(p.frames().find("[BLOCKED on java.lang.Object]")));
        assertEquals(FrameKind.LOCK, p.frames().kind(p.frames().find("[lock java.lang.Object@1b6d3586]")));
        assertEquals(FrameKind.OWNER, p.frames().kind(p.frames().find("[held by worker-3]")));
        assertEquals(FrameKind.OWNER, p.frames().kind(p.frames().find("[no owner]")));
        assertEquals(FrameKind.PEER, p.frames().kind(p.frames().find("[waits for pid 12 app.Worker]")));
        assertEquals(4, statesTotal(p, SampleState.NATIVE_IDLE));
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        new CollapsedWriter(false, true).write(p, kept);
        assertEquals(line.lines().sorted().collect(java.util.stream.Collectors.joining("\n", "", "\n")), kept.toString(StandardCharsets.UTF_8));
        assertEquals("app.Feed.read;[NATIVE_IDLE] 4\napp.Latch.await;[WAITING on app.Latch] 2\napp.Pool.take;[BLOCKED on java.lang.Object] 3\n", write(p));
    }

    private static long statesTotal(Profile p, SampleState s) {
        long sum = 0;
        for (int n = 0; n < p.tree().size(); n++) {
            sum += p.tree().self(n, s);
        }
        return sum;
    }

    @Test
    void thirtyThousandProcessRootsTakeRoomByTheirTextNotByStatisticsNeverRecorded() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int pid = 1; pid <= 30_000; pid++) {
            text.append("[pid ").append(pid).append(" app.Main").append(pid).append("];[thread main];app.Main.run 1\n");
        }
        long before = allocatedBytes();
        Profile p = read(text.toString());
        long used = allocatedBytes() - before;
        assertEquals(30_000, p.processes().size());
        assertEquals(0, p.combinedStats().tickMicros().getTotalCount());
        // Three empty histograms per process took 1.9 GB here (the text is 1.4 MB; what is left is mostly
        // the reading's short-lived strings).
        assertTrue(used < 400 << 20, "reading allocated " + used / 1_000_000 + " MB for " + text.length() / 1000 + " KB of text");
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}

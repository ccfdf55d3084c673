package dev.jflame.core.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A merge names the process at the other end of each wait on a pipe, connection or pid. */
class PeerLinksTest {
    private static final String WORKER = "[waits for pid 7001 dev.example.pool.Worker]";
    private static final String MASTER = "[waits for pid 7000 dev.example.pool.Master]";

    @Test
    void aReadOfAPipeWaitsForTheProcessThatHoldsItsWriteEnd() {
        Map<String, Long> lines = new CollapsedWriter(true, true).lines(new ProfileMerger().merge(TestProfiles.poolWaitsRuns(false)));
        assertEquals(300, sum(lines, l -> l.contains("[thread feeder]") && l.endsWith(";[NATIVE_IDLE];" + WORKER)), lines.toString());
        assertEquals(100, sum(lines, l -> l.contains("pid 7001") && l.endsWith(";[NATIVE_IDLE];" + MASTER)), lines.toString());
        assertEquals(0, sum(lines, l -> l.contains("[waits on ")), "every wait resolved");
    }

    @Test
    void anEndSeveralProcessesHoldStaysAsTheWaiterSawIt() {
        Map<String, Long> lines = new CollapsedWriter(true, true).lines(new ProfileMerger().merge(TestProfiles.poolWaitsRuns(true)));
        String raw = FrameNames.waitsOn(TestProfiles.RESULTS_PIPE + " read end");
        assertEquals(300, sum(lines, l -> l.contains("[thread feeder]") && l.endsWith(";" + raw)), lines.toString());
        assertEquals(100, sum(lines, l -> l.endsWith(";" + MASTER)), "the other pipe still resolves");
    }

    @Test
    void aProcessIsNeverItsOwnPeerNorInTheWayOfOneAndAPidNamesItsProcess() {
        Profile self = TestProfiles.withProcess(7100, "dev.example.Solo");
        ProcessInfo info = self.processes().get(0);
        info.endpoints.add("pipe:[9] write end");
        info.endpoints.add("pipe:[9] read end");
        // A parent that held both ends of its child's pipe for a moment, as an inventory during a spawn sees it.
        info.endpoints.add("pipe:[10] read end");
        info.endpoints.add("pipe:[10] write end");
        TestProfiles.stack(self, SampleState.NATIVE_IDLE, 3, "[thread feeder]", "x.Y.read", "[NATIVE_IDLE]", FrameNames.waitsOn("pipe:[10] read end"));
        TestProfiles.stack(self, SampleState.NATIVE_IDLE, 5, "[thread t]", "x.Y.read", "[NATIVE_IDLE]", FrameNames.waitsOn("pipe:[9] read end"));
        Profile child = TestProfiles.withProcess(7101, "dev.example.Child");
        child.processes().get(0).parentPid = 7100;
        child.processes().get(0).endpoints.add("pipe:[10] write end");
        TestProfiles.stack(self, SampleState.NATIVE_IDLE, 7, "[thread reaper]", "x.Y.waitForProcessExit0", "[NATIVE_IDLE]",
                FrameNames.waitsOn("pid 7101"));
        TestProfiles.stack(child, SampleState.RUNNABLE, 1, "[thread main]", "x.Child.main");
        Map<String, Long> lines = new CollapsedWriter(true, true).lines(new ProfileMerger().merge(List.of(self, child)));
        assertEquals(5, sum(lines, l -> l.endsWith(";[waits on pipe:[9] read end]")), lines.toString());
        assertEquals(10, sum(lines, l -> l.endsWith(";[waits for pid 7101 dev.example.Child]")), lines.toString());
    }

    @Test
    void framesAndEndpointsNameBothEndsAlike() {
        assertEquals("pipe:[5] write end", dev.jflame.core.model.Endpoints.otherEnd("pipe:[5] read end"));
        assertEquals("pipe:[5] read end", dev.jflame.core.model.Endpoints.otherEnd("pipe:[5] write end"));
        assertEquals("tcp 10.0.0.2:5432 -> 10.0.0.1:40000", dev.jflame.core.model.Endpoints.otherEnd("tcp 10.0.0.1:40000 -> 10.0.0.2:5432"));
        assertEquals(null, dev.jflame.core.model.Endpoints.otherEnd("pid 12"));
        assertEquals(7001, FrameNames.peerPid(WORKER));
        assertEquals(12, FrameNames.peerPid(FrameNames.waitsOn("pid 12")));
        assertEquals(-1, FrameNames.peerPid(FrameNames.waitsOn("pipe:[5] read end")));
        assertEquals("pipe:[5] read end", FrameNames.endpointOf(FrameNames.waitsOn("pipe:[5] read end")));
        assertEquals(dev.jflame.core.model.FrameKind.PEER, FrameNames.waitTargetKind(WORKER));
    }

    private static long sum(Map<String, Long> lines, java.util.function.Predicate<String> p) {
        return lines.entrySet().stream().filter(e -> p.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }
}

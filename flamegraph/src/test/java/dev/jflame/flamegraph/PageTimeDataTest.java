package dev.jflame.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import org.junit.jupiter.api.Test;

/** The page's time data, decoded as the page decodes it, gives back each node's samples per cell. */
class PageTimeDataTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void cellsDecodeToTheTreesCountsWithARunAndACellOnOneNodeSummed() {
        Profile p = new Profile();
        p.processes().add(TestProfiles.process(1, "app.Main"));
        int thread = p.tree().child(CallTree.ROOT, p.frames().intern("[thread main]", FrameKind.THREAD));
        int work = p.tree().child(thread, p.frames().intern("app.Main.work", FrameKind.JAVA));
        int wait = p.tree().child(work, p.frames().intern("[PARKED]", FrameKind.STATE));
        add(p, work, SampleState.RUNNABLE, 30, T0, T0 + 290);
        // A long wait is a run; a tick of the same node and state lands in a cell it covers as well.
        add(p, wait, SampleState.PARKED, 100, T0 + 300, T0 + 1290);
        add(p, wait, SampleState.PARKED, 1, T0 + 600, T0 + 600);

        JsonObject d = JsonParser.parseString(PageData.json(p, "t")).getAsJsonObject();
        JsonObject time = d.getAsJsonObject("time");
        assertEquals(p.timeline().cellMillis(), time.get("cell").getAsLong());
        assertEquals(p.timeline().firstCell(), time.get("first").getAsLong());
        int cells = time.get("n").getAsInt();
        long[] v = Vlq.decode(time.get("cells").getAsString());
        int[] order = PageData.preOrder(p.tree());
        long[][] byNode = new long[order.length][SampleState.COUNT];
        int at = 0;
        long cellOfSecondTick = -1;
        for (int c = 0; c < cells; c++) {
            long k = v[at++];
            long index = 0;
            for (int e = 0; e < k; e++) {
                index += v[at++];
                int state = (int) v[at++];
                long count = v[at++];
                byNode[(int) index][state] += count;
                if (order[(int) index] == wait && (T0 + 600) / 50 - time.get("first").getAsLong() == c) {
                    cellOfSecondTick = count;
                }
            }
        }
        assertEquals(v.length, at, "every number read");
        for (int i = 0; i < order.length; i++) {
            for (SampleState s : SampleState.values()) {
                assertEquals(p.tree().self(order[i], s), byNode[i][s.ordinal()], "node " + order[i] + " " + s);
            }
        }
        // The run's 5 ticks in that cell and the single tick, as one entry.
        assertEquals(6, cellOfSecondTick);
    }

    @Test
    void aProfileWithoutTimesHasNoTimeData() {
        assertFalse(PageData.json(TestProfiles.shop(), "t").contains("\"time\":"));
    }

    private static void add(Profile p, int node, SampleState state, long n, long from, long to) {
        p.tree().add(node, state, n);
        p.timeline().add(node, state, n, from, to);
    }
}

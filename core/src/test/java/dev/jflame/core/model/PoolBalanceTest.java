package dev.jflame.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jflame.core.merge.ProfileMerger;
import dev.jflame.core.testing.TestProfiles;
import org.junit.jupiter.api.Test;

class PoolBalanceTest {
    @Test
    void sharesOfEachSidesSamplesSpentWaitingOnTheOther() {
        PoolBalance b = PoolBalance.of(new ProfileMerger().merge(TestProfiles.poolWaitsRuns(false)));
        assertEquals(7000, b.master.pid);
        assertEquals(1, b.workers);
        assertEquals(100, b.workersOnMaster);
        assertEquals(600, b.workerSamples);
        assertEquals(300, b.masterOnWorkers);
        assertEquals(400, b.masterSamples);
        assertEquals(0.75, b.masterWaited(), 1e-9);
    }

    @Test
    void noPoolWithoutChildrenOrWithoutWaitsAcross() {
        assertNull(PoolBalance.of(TestProfiles.waits(6000)));
        assertNull(PoolBalance.of(TestProfiles.pool()), "a pool whose waits name no process");
    }
}

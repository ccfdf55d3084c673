package dev.jflame.agent.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link PushQueue}: its bounds, and every drop reported to the store by exactly one period. */
class PushQueueTest {
    private static long encoded;

    /** Encodes the next period as a push would: reporting the drops the queue says are uncarried. */
    private static void cut(PushQueue q, int bytes) {
        encoded++;
        q.makeRoom();
        q.add(new PushRequest("http://store", "application/octet-stream", null, new byte[bytes], q.uncarried()));
    }

    /** What the store got: periods, and the drops they reported. */
    private static long[] send(PushQueue q) {
        long periods = 0;
        long reported = 0;
        while (!q.isEmpty()) {
            reported += q.peek().droppedBefore;
            q.remove();
            periods++;
        }
        return new long[] {periods, reported};
    }

    @Test
    void theOldestGoPastTheCountAndTheLatestReportsThem() {
        encoded = 0;
        PushQueue q = new PushQueue(3, 1 << 20);
        for (int i = 0; i < 10; i++) {
            cut(q, 100);
        }
        assertEquals(3, q.size());
        assertEquals(7, q.takeDropped());
        assertEquals(0, q.takeDropped(), "taken");
        long[] got = send(q);
        assertEquals(3, got[0]);
        // Each period reported the one dropped to make room for it, and those dropped in turn handed theirs on.
        assertEquals(encoded - got[0], got[1], "every drop is reported by the periods the store got");
        assertEquals(0, q.uncarried());
    }

    @Test
    void reportsAddUpToEveryPeriodTheStoreNeverGotOverOutagesAndRefusals() {
        encoded = 0;
        PushQueue q = new PushQueue(4, 1 << 20);
        long storeGot = 0;
        long reported = 0;
        for (int outage = 0; outage < 5; outage++) {
            for (int i = 0; i < 3 + outage * 3; i++) {
                cut(q, 50);
            }
            // The store refuses the oldest for good (a 400), then takes the rest.
            q.dropOldest();
            long[] got = send(q);
            storeGot += got[0];
            reported += got[1];
        }
        cut(q, 50);
        long[] got = send(q);
        storeGot += got[0];
        reported += got[1];
        assertEquals(0, q.uncarried(), "the last period carried what was left");
        assertEquals(encoded, storeGot + reported, "every period arrived or was reported dropped, once");
    }

    @Test
    void theBytesBoundKeepsTheNewestEvenWhenItAlonePassesIt() {
        PushQueue q = new PushQueue(100, 1000);
        cut(q, 400);
        cut(q, 400);
        cut(q, 400);
        assertEquals(2, q.size());
        cut(q, 5000);
        assertEquals(1, q.size());
        assertEquals(5000, q.peek().body.length);
        assertEquals(3, q.peek().droppedBefore + q.uncarried());
    }
}

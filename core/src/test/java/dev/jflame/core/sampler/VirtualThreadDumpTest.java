package dev.jflame.core.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading JDK 21+'s JSON thread dump: the unmounted virtual threads only, with what they wait on and their frames. */
class VirtualThreadDumpTest {
    /** The shape of a JDK 25 dump (fields it writes that the census does not read included), cut down. */
    private static final String DUMP = "{\"threadDump\": {\"processId\": \"1\", \"time\": \"2026-12-07T06:08:46Z\", \"runtimeVersion\": \"25\",\n"
            + " \"threadContainers\": [\n"
            + "  {\"container\": \"<root>\", \"parent\": null, \"owner\": null, \"threads\": [\n"
            + "   {\"tid\": \"3\", \"name\": \"main\", \"state\": \"RUNNABLE\", \"stack\": [\"app.Main.main(Main.java:3)\"],\n"
            + "    \"monitorsOwned\": [{\"depth\": 0, \"locks\": [\"java.lang.Object@618b19ad\"]}]},\n"
            + "   {\"tid\": \"23\", \"virtual\": true, \"name\": \"latch\", \"state\": \"WAITING\",\n"
            + "    \"parkBlocker\": {\"object\": \"java.util.concurrent.CountDownLatch$Sync@6771beb3\"},\n"
            + "    \"stack\": [\"java.base\\/java.lang.VirtualThread.park(VirtualThread.java:742)\",\n"
            + "              \"java.base\\/jdk.internal.misc.Unsafe.park(Native Method)\",\n"
            + "              \"app\\/com.example@1.0\\/com.example.Pool$$Lambda\\/0x00007f0001.run(Unknown Source)\",\n"
            + "              \"java.base\\/java.lang.invoke.LambdaForm$DMH\\/0x0000001.invoke(LambdaForm$DMH)\",\n"
            + "              \"app.Main.lambda$main$0(Main.java:11)\"]},\n"
            + "   {\"tid\": \"29\", \"virtual\": true, \"name\": \"\", \"state\": \"BLOCKED\", \"blockedOn\": \"java.lang.Object@618b19ad\",\n"
            + "    \"stack\": [\"app.Main.lambda$main$4(Main.java:16)\"]},\n"
            + "   {\"tid\": \"31\", \"virtual\": true, \"name\": \"spin\", \"state\": \"RUNNABLE\", \"stack\": [\"app.Main.spin(Main.java:17)\"], \"carrier\": \"26\"}\n"
            + "  ], \"threadCount\": \"4\"},\n"
            + "  {\"container\": \"java.util.concurrent.ThreadPerTaskExecutor@3754a4bf\", \"parent\": \"<root>\", \"owner\": null, \"threads\": [\n"
            + "   {\"tid\": \"35\", \"virtual\": true, \"name\": \"sleeper-7\", \"state\": \"TIMED_WAITING\", \"stack\": []},\n"
            + "   {\"tid\": \"36\", \"virtual\": true, \"name\": \"\", \"state\": \"RUNNABLE\", \"stack\": [\"app.Main.hold(Main.java:30)\"],\n"
            + "    \"monitorsOwned\": [{\"depth\": 0, \"locks\": [null, \"java.lang.Object@7a81197d\"]}], \"carrier\": \"27\"}\n"
            + "  ], \"threadCount\": \"1\"}\n"
            + " ]}}";

    private static final class Seen {
        final String name;
        final Thread.State state;
        final String lock;
        final String monitor;
        final StackTraceElement[] stack;

        Seen(String name, Thread.State state, String lock, String monitor, StackTraceElement[] stack) {
            this.name = name;
            this.state = state;
            this.lock = lock;
            this.monitor = monitor;
            this.stack = stack;
        }
    }

    private static final class Recorder implements VirtualThreadDump.Visitor {
        final List<Seen> seen = new ArrayList<>();
        final Map<String, String> owners = new HashMap<>();

        @Override
        public void visit(String name, Thread.State state, String lockClass, String monitor, StackTraceElement[] stack) {
            seen.add(new Seen(name, state, lockClass, monitor, stack));
        }

        @Override
        public void owns(String holder, String monitor) {
            owners.put(monitor, holder);
        }
    }

    @Test
    void unmountedVirtualThreadsWithTheirLocksAndFrames() throws IOException {
        Recorder rec = new Recorder();
        long listed = VirtualThreadDump.read(new StringReader(DUMP), rec);
        List<Seen> seen = rec.seen;
        assertEquals(6, listed);
        // main is a platform thread, spin and tid 36 are mounted on carriers (JFR has their running stacks): none of them.
        assertEquals(3, seen.size());
        Seen latch = seen.get(0);
        assertEquals("latch", latch.name);
        assertEquals(Thread.State.WAITING, latch.state);
        assertEquals("java.util.concurrent.CountDownLatch$Sync", latch.lock);
        assertArrayEquals(new StackTraceElement[] {
            new StackTraceElement("java.lang.VirtualThread", "park", "VirtualThread.java", 742),
            new StackTraceElement("jdk.internal.misc.Unsafe", "park", null, -2),
            new StackTraceElement("com.example.Pool$$Lambda/0x00007f0001", "run", null, -1),
            new StackTraceElement("java.lang.invoke.LambdaForm$DMH/0x0000001", "invoke", "LambdaForm$DMH", -1),
            new StackTraceElement("app.Main", "lambda$main$0", "Main.java", 11),
        }, latch.stack);
        Seen blocked = seen.get(1);
        assertEquals(Thread.State.BLOCKED, blocked.state);
        assertEquals("java.lang.Object", blocked.lock);
        assertEquals("java.lang.Object@618b19ad", blocked.monitor);
        // Who holds it, whoever lists it (main, a platform thread, listed before; a parked virtual thread's park has none).
        assertEquals("main", rec.owners.get("java.lang.Object@618b19ad"));
        assertEquals("(virtual thread)", rec.owners.get("java.lang.Object@7a81197d"));
        assertNull(latch.monitor);
        Seen sleeper = seen.get(2);
        assertEquals("sleeper-7", sleeper.name);
        assertNull(sleeper.lock);
        assertEquals(0, sleeper.stack.length);
    }

    /** A census's live count per group takes the mounted virtual threads too, though it leaves their stacks to JFR. */
    @Test
    void aCensusCountsEachGroupsLiveVirtualThreadsMountedOrNot() throws IOException {
        VirtualCensus.Tally t = new VirtualCensus.Tally(64, Long.MAX_VALUE);
        VirtualThreadDump.read(new StringReader(DUMP), t);
        assertEquals(3, t.threads, "the census's samples: unmounted ones");
        assertEquals(Map.of("latch", 1L, "spin", 1L, "", 2L, "sleeper", 1L), t.live);
    }

    /**
     * A tally keeps stacks within its bytes: past them, a thread with a stack not kept yet counts under its group and
     * state alone, and the stacks already kept still count their threads.
     */
    @Test
    void aTallyKeepsItsStacksWithinItsShareOfMemory() {
        StackTraceElement shared = new StackTraceElement("app.Handler", "run", null, -1);
        long oneStack = VirtualCensus.ENTRY_BYTES + 8 * 2 + 2 * VirtualCensus.FRAME_BYTES;
        // Room for two stacks of two new frames each: the first two (the second shares a frame, so it costs less)
        // fit, the third does not.
        VirtualCensus.Tally t = new VirtualCensus.Tally(64, 2 * oneStack + VirtualCensus.ENTRY_BYTES);
        for (int i = 0; i < 3; i++) {
            StackTraceElement[] stack = {new StackTraceElement("app.Queue", "take" + i, null, -1), shared};
            t.visit("", Thread.State.WAITING, null, null, stack);
            t.visit("", Thread.State.WAITING, null, null, stack);
        }
        assertEquals(6, t.threads);
        long withStacks = t.counts.entrySet().stream().filter(e -> e.getKey().stack.length > 0).mapToLong(e -> e.getValue()[0]).sum();
        long without = t.counts.entrySet().stream().filter(e -> e.getKey().stack.length == 0).mapToLong(e -> e.getValue()[0]).sum();
        assertEquals(4, withStacks, t.counts.keySet().toString());
        assertEquals(2, without);
    }

    @Test
    void aDamagedDumpIsAnIoException() {
        assertThrows(IOException.class, () -> VirtualThreadDump.read(new StringReader(DUMP.substring(0, DUMP.length() / 2)), (n, s, l, m, st) -> { }));
        assertThrows(IOException.class, () -> VirtualThreadDump.read(new StringReader(DUMP.replace("TIMED_WAITING", "NAPPING")), (n, s, l, m, st) -> { }));
        assertThrows(IOException.class, () -> VirtualThreadDump.read(new StringReader(DUMP.replace("app.Main.spin(Main.java:17)", "nonsense")),
                (n, s, l, m, st) -> { }));
    }
}

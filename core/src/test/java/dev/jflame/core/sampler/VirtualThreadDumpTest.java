package dev.jflame.core.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
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
            + "   {\"tid\": \"35\", \"virtual\": true, \"name\": \"sleeper-7\", \"state\": \"TIMED_WAITING\", \"stack\": []}\n"
            + "  ], \"threadCount\": \"1\"}\n"
            + " ]}}";

    private static final class Seen {
        final String name;
        final Thread.State state;
        final String lock;
        final StackTraceElement[] stack;

        Seen(String name, Thread.State state, String lock, StackTraceElement[] stack) {
            this.name = name;
            this.state = state;
            this.lock = lock;
            this.stack = stack;
        }
    }

    @Test
    void unmountedVirtualThreadsWithTheirLocksAndFrames() throws IOException {
        List<Seen> seen = new ArrayList<>();
        long listed = VirtualThreadDump.read(new StringReader(DUMP), (n, s, l, st) -> seen.add(new Seen(n, s, l, st)));
        assertEquals(5, listed);
        // main is a platform thread, spin is mounted on a carrier (JFR has its running stack): neither.
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
        Seen sleeper = seen.get(2);
        assertEquals("sleeper-7", sleeper.name);
        assertNull(sleeper.lock);
        assertEquals(0, sleeper.stack.length);
    }

    @Test
    void aDamagedDumpIsAnIoException() {
        assertThrows(IOException.class, () -> VirtualThreadDump.read(new StringReader(DUMP.substring(0, DUMP.length() / 2)), (n, s, l, st) -> { }));
        assertThrows(IOException.class, () -> VirtualThreadDump.read(new StringReader(DUMP.replace("TIMED_WAITING", "NAPPING")), (n, s, l, st) -> { }));
        assertThrows(IOException.class, () -> VirtualThreadDump.read(new StringReader(DUMP.replace("app.Main.spin(Main.java:17)", "nonsense")),
                (n, s, l, st) -> { }));
    }
}

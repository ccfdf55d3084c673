package dev.jflame.core.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jflame.core.model.FrameKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A virtual thread's JFR stack starts where the census's does, so its running and waiting samples share one root. */
class JfrStackTest {
    @Test
    void aVirtualThreadsStackStartsAtVirtualThreadRun() {
        JfrMethod[] jfr = methods("app.Work.hot", "app.Handler.run", "java.lang.Thread.runWith", "java.lang.VirtualThread.run",
                "java.lang.VirtualThread$VThreadContinuation$1.run", "jdk.internal.vm.Continuation.enter0",
                "jdk.internal.vm.Continuation.enter", "jdk.internal.vm.Continuation.enterSpecial");
        JfrStack v = new JfrStack(jfr, false).ofVirtualThread("client");
        assertArrayEquals(new String[] {"app.Work.hot", "app.Handler.run", "java.lang.VirtualThread.run"}, names(v.frames));
    }

    @Test
    void aStackCutShortAtItsRootStaysAsItIs() {
        JfrMethod[] jfr = methods("app.Work.hot", "app.Handler.run");
        assertSame(jfr, JfrStack.fromVirtualThreadRun(jfr));
    }

    private static JfrMethod[] methods(String... names) {
        return Arrays.stream(names).map(n -> new JfrMethod(n, FrameKind.JAVA)).toArray(JfrMethod[]::new);
    }

    private static String[] names(JfrMethod[] frames) {
        return Arrays.stream(frames).map(m -> m.name).toArray(String[]::new);
    }
}

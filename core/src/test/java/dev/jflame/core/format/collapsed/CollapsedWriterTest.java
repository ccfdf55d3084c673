package dev.jflame.core.format.collapsed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.testing.TestProfiles;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CollapsedWriterTest {
    @Test
    void foldedLinesRootFirstWithThreadsMergedAndStatesAsLeaves() throws Exception {
        Profile p = TestProfiles.withProcess(1, "app.Main");
        TestProfiles.add(p, "[thread a];java.lang.Thread.run;app.Work.hot", SampleState.RUNNABLE, 3);
        TestProfiles.add(p, "[thread b];java.lang.Thread.run;app.Work.hot", SampleState.RUNNABLE, 2);
        TestProfiles.add(p, "[thread b];java.lang.Thread.run;app.Work.sync;[BLOCKED on java.lang.Object]", SampleState.BLOCKED, 4);
        int odd = p.frames().intern("app.Odd;name", dev.jflame.core.model.FrameKind.JAVA);
        p.tree().add(p.tree().child(p.tree().child(0, p.frames().intern("[thread c]", dev.jflame.core.model.FrameKind.THREAD)), odd), SampleState.RUNNABLE, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CollapsedWriter().write(p, out);
        assertEquals("app.Odd:name 1\n"
                + "java.lang.Thread.run;app.Work.hot 5\n"
                + "java.lang.Thread.run;app.Work.sync;[BLOCKED on java.lang.Object] 4\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void threadFramesOnRequest() {
        Profile p = TestProfiles.withProcess(1, "app.Main");
        TestProfiles.add(p, "[thread a];app.Work.hot", SampleState.RUNNABLE, 3);
        assertEquals(3L, new CollapsedWriter(true).lines(p).get("[thread a];app.Work.hot"));
    }

    @Test
    void selfCountsOnInnerFramesGetTheirOwnLine() {
        Profile p = TestProfiles.withProcess(1, "app.Main");
        TestProfiles.add(p, "[thread a];app.A.run", SampleState.RUNNABLE, 2);
        TestProfiles.add(p, "[thread a];app.A.run;app.A.leaf", SampleState.RUNNABLE, 1);
        assertEquals(2L, new CollapsedWriter().lines(p).get("app.A.run"));
        assertEquals(1L, new CollapsedWriter().lines(p).get("app.A.run;app.A.leaf"));
    }
}

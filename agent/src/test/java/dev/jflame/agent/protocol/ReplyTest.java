package dev.jflame.agent.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplyTest {
    private static final String PATH = "/tmp/my dir/out=1 output=2.html";

    @Test
    void okRepliesComeBackWithTheirFields() {
        Reply dumped = Reply.ok("dumped", Status.State.RUNNING).withSamples(5210).withOutput(PATH);
        assertEquals("ok dumped\nstate=running samples=5210 output=" + PATH, dumped.format());
        Reply back = Reply.parse(dumped.format());
        assertTrue(back.isOk());
        assertEquals("dumped", back.message());
        assertEquals(Status.State.RUNNING, back.state());
        assertEquals(5210, back.samples());
        assertEquals(PATH, back.output());
        assertEquals(dumped.format(), back.format());

        Reply started = Reply.parse(Reply.ok("started", Status.State.RUNNING).withOutput(PATH).format());
        assertEquals(Reply.NO_SAMPLES, started.samples());
        assertEquals(PATH, started.output());
    }

    @Test
    void errorRepliesKeepTheirMessageOnOneLine() {
        Reply e = Reply.error("cannot write /x: a=b\nsecond line", Status.State.STOPPED);
        Reply back = Reply.parse(e.format());
        assertFalse(back.isOk());
        assertEquals("cannot write /x: a=b second line", back.message());
        assertEquals(Status.State.STOPPED, back.state());
        assertNull(back.output());
        assertEquals(Reply.NO_SAMPLES, back.samples());

        Reply running = Reply.parse(Reply.error("already running since 1, writing " + PATH, Status.State.RUNNING)
                .withOutput(PATH).format());
        assertEquals("already running since 1, writing " + PATH, running.message());
        assertEquals(PATH, running.output());
    }

    @Test
    void anOlderAgentsOneLineAnswersAreRead() {
        Reply started = Reply.parse("ok started, writing " + PATH);
        assertTrue(started.isOk());
        assertEquals(Status.State.RUNNING, started.state());
        assertEquals(PATH, started.output());

        Reply stopped = Reply.parse("ok stopped, wrote " + PATH);
        assertEquals(Status.State.STOPPED, stopped.state());
        assertEquals(PATH, stopped.output());
        assertEquals(Reply.NO_SAMPLES, stopped.samples());

        Reply dumped = Reply.parse("ok dumped 42 samples to " + PATH);
        assertEquals(42, dumped.samples());
        assertEquals(PATH, dumped.output());

        Reply dumpedEarlier = Reply.parse("ok dumped /tmp/7 samples to x.html");
        assertEquals(Reply.NO_SAMPLES, dumpedEarlier.samples());
        assertEquals("/tmp/7 samples to x.html", dumpedEarlier.output());

        Reply already = Reply.parse("error already running since 1700000000000, writing " + PATH);
        assertFalse(already.isOk());
        assertEquals(Status.State.RUNNING, already.state());
        assertEquals(PATH, already.output());
        assertEquals("already running since 1700000000000, writing " + PATH, already.message());

        Reply child = Reply.parse("ok already running");
        assertTrue(child.isOk());
        assertEquals(Status.State.RUNNING, child.state());
        assertNull(child.output());

        Reply notRunning = Reply.parse("error not running");
        assertFalse(notRunning.isOk());
        assertEquals("not running", notRunning.message());
        assertNull(notRunning.state());
    }

    @Test
    void theReplyPropertyIsNamedByTheRequestsId() {
        assertEquals("jflame.reply.cli1-2", Reply.property("cli1-2"));
    }
}

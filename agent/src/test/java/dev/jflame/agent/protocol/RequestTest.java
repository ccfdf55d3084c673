package dev.jflame.agent.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.options.OptionException;
import dev.jflame.core.options.Options;
import org.junit.jupiter.api.Test;

class RequestTest {
    @Test
    void formatThenParseGivesTheSameRequest() {
        for (Verb verb : Verb.values()) {
            Request r = new Request(verb, "cli123-7", "/tmp/a b=c.html", "interval=5ms,file=/tmp/x y.html");
            Request back = Request.parse(r.format());
            assertEquals(verb, back.verb());
            assertEquals("cli123-7", back.replyId());
            assertEquals("/tmp/a b=c.html", back.out());
            assertEquals("interval=5ms,file=/tmp/x y.html", back.options());
            assertEquals(r.format(), back.format());
        }
    }

    @Test
    void optionsThatOptionsEncodesComeThroughWhole() {
        // A comma in a value makes Options encode the string; the request carries it as one part.
        String options = Options.builder().set(Options.Key.FILE, "/tmp/a,b.html").build().toAgentString();
        Request back = Request.parse(new Request(Verb.START, "x", null, options).format());
        assertEquals("/tmp/a,b.html", Options.parse(back.options()).fileTemplate());
        assertNull(back.out());
    }

    @Test
    void withoutAVerbItIsAStartWithOptions() {
        Request r = Request.parse("interval=5ms,file=out.html");
        assertEquals(Verb.START, r.verb());
        assertNull(r.replyId());
        assertEquals("interval=5ms,file=out.html", r.options());
        assertEquals(Verb.START, Request.parse(null).verb());
        assertEquals("", Request.parse("").options());
        assertEquals(Verb.STOP, Request.parse(" stop , reply=a ").verb());
    }

    @Test
    void badInputIsRefusedWithOneClearLine() {
        OptionException comma = assertThrows(OptionException.class, () -> new Request(Verb.DUMP, "x", "/tmp/a,b.html", ""));
        assertTrue(comma.getMessage().startsWith("the dump path cannot contain ','"), comma.getMessage());
        OptionException verb = assertThrows(OptionException.class, () -> Request.parse("frobnicate,reply=x"));
        assertEquals("unknown command 'frobnicate'; expected start, stop, dump, status", verb.getMessage());
        for (String id : new String[] {"", "a.b", "a b", "ä", "x".repeat(65)}) {
            assertThrows(OptionException.class, () -> Request.parse("stop,reply=" + id), id);
        }
        assertEquals("x".repeat(64), Request.parse("stop,reply=" + "x".repeat(64)).replyId());
    }
}

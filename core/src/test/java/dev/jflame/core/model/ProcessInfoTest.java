package dev.jflame.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessInfoTest {
    @Test
    void mainClassFromCommand() {
        assertEquals("app.Main", ProcessInfo.mainClassOf("app.Main --port 8080"));
        assertEquals("service.jar", ProcessInfo.mainClassOf("/opt/app/service.jar arg"));
        assertEquals("unknown", ProcessInfo.mainClassOf(""));
    }

    @Test
    void argumentsFromCommandAreKeptShort() {
        assertEquals("--port 8080 --id 2", ProcessInfo.argsOf("app.Main --port 8080 --id 2"));
        assertEquals("", ProcessInfo.argsOf("app.Main"));
        assertEquals("", ProcessInfo.argsOf(""));
        String longArgs = ProcessInfo.argsOf("app.Main " + "x".repeat(1000));
        assertEquals(ProcessInfo.MAX_ARGS, longArgs.length());
        assertTrue(longArgs.endsWith("\u2026"));
        ProcessInfo p = new ProcessInfo();
        p.args = "--id 3";
        assertEquals("--id 3", p.copy().args);
    }

    @Test
    void currentKnowsThisJvm() {
        ProcessInfo p = ProcessInfo.current();
        assertEquals(ProcessHandle.current().pid(), p.pid);
        assertTrue(p.jdk.length() > 0);
        assertEquals("[pid " + p.pid + " " + p.mainClass + "]", p.rootFrameName());
    }
}

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
    void currentKnowsThisJvm() {
        ProcessInfo p = ProcessInfo.current();
        assertEquals(ProcessHandle.current().pid(), p.pid);
        assertTrue(p.jdk.length() > 0);
        assertEquals("[pid " + p.pid + " " + p.mainClass + "]", p.rootFrameName());
    }
}

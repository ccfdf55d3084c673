package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

class JarLayoutIT {
    @Test
    void holdsOnlyJflameClassesAndRelocatedDependencies() throws Exception {
        List<String> stray = new ArrayList<>();
        boolean gson = false;
        boolean byteBuddy = false;
        boolean hdr = false;
        try (JarFile jar = new JarFile(Jvm.jar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!(name.startsWith("dev/jflame/") || name.startsWith("META-INF/") || name.equals("dev/"))) {
                    stray.add(name);
                }
                gson |= name.startsWith("dev/jflame/shaded/gson/");
                byteBuddy |= name.startsWith("dev/jflame/shaded/bytebuddy/");
                hdr |= name.startsWith("dev/jflame/shaded/hdrhistogram/");
            }
            assertEquals(List.of(), stray);
            assertTrue(gson && byteBuddy && hdr, "relocated dependencies present");
            Attributes m = jar.getManifest().getMainAttributes();
            assertEquals("dev.jflame.agent.Agent", m.getValue("Premain-Class"));
            assertEquals("dev.jflame.agent.Agent", m.getValue("Agent-Class"));
            assertEquals("dev.jflame.agent.cli.Main", m.getValue("Main-Class"));
            assertEquals("true", m.getValue("Can-Retransform-Classes"));
        }
    }
}

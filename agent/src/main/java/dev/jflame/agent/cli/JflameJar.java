package dev.jflame.agent.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the jflame jar this CLI runs from is: the agent jar to load or put on {@code -javaagent}. Stateless. */
final class JflameJar {
    private JflameJar() {
    }

    /** @throws CliException if the CLI does not run from a jar (e.g. from an IDE's classes directory) */
    static Path path() {
        String override = System.getProperty("jflame.jar");
        try {
            Path p = override != null ? Paths.get(override)
                    : Paths.get(JflameJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                return p.toAbsolutePath().normalize();
            }
            throw CliException.failure("jflame runs from " + p + ", not from jflame.jar; set -Djflame.jar=PATH");
        } catch (URISyntaxException | NullPointerException | SecurityException e) {
            throw CliException.failure("cannot find jflame.jar (" + e + "); set -Djflame.jar=PATH");
        }
    }
}

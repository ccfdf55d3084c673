package dev.jflame.agent.children;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Tells whether the JVM a {@code java} launcher starts can load the agent (Java 11 or newer), so that
 * a child run on an old JDK is left alone instead of failing at start-up. Stateless.
 *
 * <p>Reads the {@code release} file of the launcher's JDK, a few hundred bytes, once per process start.
 * Where it cannot tell (no such file, a launcher not found on the PATH) it answers yes: most children
 * run on the parent's own JDK.
 */
final class JavaRuntimeCheck {
    private JavaRuntimeCheck() {
    }

    static boolean canLoadAgent(String launcher, String path) {
        Path exe = locate(launcher, path);
        if (exe == null) {
            return true;
        }
        try {
            Path home = exe.toRealPath().getParent().getParent();
            Path release = home.resolve("release");
            if (!Files.isRegularFile(release)) {
                return true;
            }
            for (String line : Files.readAllLines(release, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return !line.substring("JAVA_VERSION=".length()).replace("\"", "").trim().startsWith("1.");
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private static Path locate(String launcher, String path) {
        if (launcher.indexOf('/') >= 0 || launcher.indexOf('\\') >= 0) {
            return Paths.get(launcher);
        }
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Paths.get(dir.isEmpty() ? "." : dir, launcher);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}

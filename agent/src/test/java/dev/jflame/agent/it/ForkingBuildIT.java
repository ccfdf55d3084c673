package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A real build that forks: {@code test-apps/forking-build} under Maven, whose surefire plugin starts a
 * fresh JVM for each of its four test classes, two at a time. Under {@code jflame run} every one of
 * those JVMs is in the one profile, each test method under its own fork's root. The build runs
 * offline, from the local repository the reactor build filled (same plugin and JUnit versions).
 */
class ForkingBuildIT {
    private static final List<String> TEST_METHODS = List.of("buildbench.AlphaTest.sortsNumbers", "buildbench.BetaTest.hashesBlocks",
            "buildbench.GammaTest.countsPrimes", "buildbench.DeltaTest.sortsAndHashes");

    @Test
    void jflameRunOfMavenProfilesEveryForkedTestJvm() throws Exception {
        Path project = copyProject("forking-build-mvn");
        List<String> build = new ArrayList<>(List.of("run", "-o", "build.collapsed", "--"));
        build.addAll(mavenTest());
        check(project, build);
    }

    @Test
    void jflameRunOfAShellScriptThatRunsMavenProfilesEveryFork() throws Exception {
        Path project = copyProject("forking-build-sh");
        StringBuilder script = new StringBuilder();
        for (String word : mavenTest()) {
            // Single-quoted for the shell: a repository path may hold spaces.
            script.append(script.length() == 0 ? "" : " ").append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        check(project, List.of("run", "-o", "build.collapsed", "--", "sh", "-c", script.toString()));
    }

    private static void check(Path project, List<String> cliArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Jvm.java(), "-jar", Jvm.jar().toString()));
        cmd.addAll(cliArgs);
        Jvm.Result r = Jvm.run(inDir(project, cmd), Map.of(), 600);
        assertEquals(0, r.exit, r.toString());
        List<Path> outputs;
        try (var files = Files.list(project)) {
            outputs = files.filter(f -> f.getFileName().toString().endsWith(".collapsed")).collect(java.util.stream.Collectors.toList());
        }
        assertEquals(List.of(project.resolve("build.collapsed")), outputs, "one output for the whole build");
        Collapsed c = Collapsed.read(outputs.get(0));
        Set<String> roots = ChildrenIT.roots(c);
        assertEquals(5, roots.size(), "Maven and its four forks: " + roots);
        Set<String> forkRoots = new TreeSet<>();
        for (String method : TEST_METHODS) {
            Set<String> under = new TreeSet<>();
            for (String line : c.lines.keySet()) {
                if (line.contains(";" + method + ";") || line.endsWith(";" + method)) {
                    under.add(line.substring(0, line.indexOf(']') + 1));
                }
            }
            assertEquals(1, under.size(), method + " is under exactly one process: " + under);
            forkRoots.addAll(under);
        }
        assertEquals(4, forkRoots.size(), "each test class ran in a fork of its own: " + forkRoots);
        List<String> lines = r.jflameLines();
        assertTrue(lines.get(lines.size() - 1).startsWith("jflame: wrote " + project.resolve("build.collapsed") + " (5 processes, "),
                r.toString());
    }

    /** The build's test phase through the repository's Maven wrapper, offline. */
    private static List<String> mavenTest() {
        List<String> mvn = new ArrayList<>(List.of(repoRoot().resolve("mvnw").toString(), "-B", "-q", "-o"));
        String localRepo = System.getProperty("maven.repo.local");
        if (localRepo != null) {
            mvn.add("-Dmaven.repo.local=" + localRepo);
        }
        mvn.add("test");
        return mvn;
    }

    /** {@code cmd} run with {@code dir} as its working directory (Jvm.run starts in the test's). */
    private static List<String> inDir(Path dir, List<String> cmd) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", dir.toString()));
        wrapped.addAll(cmd);
        return wrapped;
    }

    private static Path repoRoot() {
        return Jvm.testApps().toAbsolutePath().normalize().getParent().getParent().getParent();
    }

    /** A fresh copy of the build, so its target/ and the profile stay out of the source tree. */
    private static Path copyProject(String name) throws Exception {
        Path source = repoRoot().resolve("test-apps/forking-build");
        Path dir = Jvm.workDir(name);
        try (var walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = source.relativize(p);
                if (rel.startsWith("target")) {
                    continue;
                }
                Path to = dir.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return dir;
    }
}

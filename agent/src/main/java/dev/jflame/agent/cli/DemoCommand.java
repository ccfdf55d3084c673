package dev.jflame.agent.cli;

import dev.jflame.core.options.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

/**
 * {@code jflame demo}: profiles the bundled worker-pool program (a master JVM and four worker JVMs
 * started three different ways) and writes one flame graph, to show what jflame does in one command.
 */
final class DemoCommand implements Command {
    static final String DEFAULT_OUTPUT = "jflame-demo.html";

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "profile the bundled worker-pool demo (a master and 4 worker JVMs) into one flame graph";
    }

    @Override
    public String usage() {
        return "jflame demo [-o jflame-demo.html] [-i 10ms]\n"
                + "Runs dev.jflame.testapps.PoolMaster from test-apps/target/test-apps.jar with the agent: the master\n"
                + "feeds tasks to 4 worker JVMs over pipes (started by ProcessBuilder, Runtime.exec and sh -c), and\n"
                + "jflame follows them all into one HTML flame graph with a root per process.\n"
                + "Example: ./jflame demo && xdg-open jflame-demo.html";
    }

    @Override
    public int run(CommandLine line) throws Exception {
        Targets.allowOnly(this, line, Options.Key.FILE, Options.Key.INTERVAL, Options.Key.FORMAT);
        Path apps = JflameJar.path().getParent().resolve(Paths.get("..", "..", "test-apps", "target", "test-apps.jar")).normalize();
        if (!Files.isRegularFile(apps)) {
            throw CliException.failure("the demo program is missing: " + apps + " (build the repository with ./mvnw package)");
        }
        String out = line.options().isSet(Options.Key.FILE) ? line.options().fileTemplate() : DEFAULT_OUTPUT;
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> args = new java.util.ArrayList<>(Arrays.asList("-o", out));
        if (line.options().isSet(Options.Key.INTERVAL)) {
            args.addAll(Arrays.asList("-i", Long.toString(line.options().intervalNanos() / 1000) + "us"));
        }
        args.addAll(Arrays.asList("--", java, "-cp", apps.toString(), "dev.jflame.testapps.PoolMaster",
                "--workers", "4", "--launch", "mixed", "--tasks", "160", "--task-ms", "40"));
        RunCommand run = new RunCommand();
        int code = run.run(CommandLine.parse(run, args));
        if (code == 0) {
            System.out.println("demo done: open " + Paths.get(out).toAbsolutePath() + " in a browser");
        }
        return code;
    }
}

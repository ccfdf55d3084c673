package dev.jflame.agent.cli;

import dev.jflame.core.options.Options;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * {@code jflame attach <pid|name>}: profiles a running JVM for a while and writes the output — the
 * "it is slow right now" command. Runs on the caller's thread; a shutdown hook turns Ctrl+C into an
 * early stop that still writes.
 */
final class AttachCommand implements Command {
    static final String DEFAULT_DURATION = "30s";
    static final String TREE = "--tree";

    @Override
    public String name() {
        return "attach";
    }

    @Override
    public String summary() {
        return "profile a running JVM for a while (default 30s), then write the flame graph";
    }

    @Override
    public String usage() {
        return "jflame attach [--tree] <pid|name> [-d 30s] [-i 10ms] [-o out.html] [--threads REGEX] [--depth N] [--opt key=value]\n"
                + "Loads the agent into the JVM, samples for the duration, stops and writes the output; the JVM keeps\n"
                + "running with no jflame thread left. -d 0 profiles until Ctrl+C. Ctrl+C stops early and still writes.\n"
                + "A name matches the main class or jar (exact simple or qualified name, else a substring).\n"
                + "The output defaults to jflame-<pid>-<timestamp>.html in the current directory; the format follows\n"
                + "its extension (.html, .collapsed, .json).\n"
                + "--tree also attaches to every JVM among the target's descendant processes (a master and its\n"
                + "workers) and writes one merged profile with a root per process.\n"
                + "Example: jflame attach my.app.Main -d 20s -o slow.html";
    }

    @Override
    public boolean takesProfilingOptions() {
        return true;
    }

    @Override
    public Set<String> switches() {
        return Collections.singleton(TREE);
    }

    @Override
    public int run(CommandLine line) throws InterruptedException, java.io.IOException {
        TargetJvm target = Targets.fromArgs(this, line);
        Options options = line.options();
        if (!options.isSet(Options.Key.DURATION)) {
            options = options.toBuilder().set(Options.Key.DURATION, DEFAULT_DURATION).build();
        }
        if (line.has(TREE)) {
            return TreeAttach.run(target, options);
        }
        long durationMillis = options.durationNanos() / 1_000_000L;
        String template = OutputPaths.absoluteTemplate(options);
        OutputPaths.checkWritable(template, target.pid);
        String agentString = OutputPaths.agentStringStoppedByCli(options, template, options.durationNanos());

        try (AgentClient agent = AgentClient.attach(target)) {
            String output = agent.start(agentString);
            Notes.engine(agent);
            Stopper stopper = new Stopper(agent);
            Thread hook = new Thread(stopper::stopFromHook, "jflame-cli-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            AgentClient.Written written;
            try {
                SessionWatch.until(List.of(agent), durationMillis, output);
                written = stopper.stop();
            } finally {
                // Also when the target exited meanwhile: a hook left behind would try to stop a JVM
                // that is gone and print a second, wrong line at the CLI's exit.
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl+C arrived meanwhile; the hook finds the stop done.
                }
            }
            System.out.println("wrote " + written);
            return 0;
        }
    }

    /** Attach's duration is 30 s unless given: an attach to a service must end by itself. */
    @Override
    public java.util.Map<Options.Key, String> optionDefaults() {
        return java.util.Map.of(Options.Key.DURATION, DEFAULT_DURATION);
    }

    /** Sends {@code stop} exactly once, from the main thread or from the Ctrl+C hook. Thread-safe. */
    private static final class Stopper {
        private final AgentClient agent;
        private AgentClient.Written result;
        private CliException failure;

        Stopper(AgentClient agent) {
            this.agent = agent;
        }

        synchronized AgentClient.Written stop() {
            if (result == null && failure == null) {
                try {
                    result = agent.stop();
                } catch (CliException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return result;
        }

        void stopFromHook() {
            try {
                boolean first;
                synchronized (this) {
                    first = result == null && failure == null;
                }
                AgentClient.Written r = stop();
                if (first) {
                    System.err.println();
                    System.out.println("stopped early: wrote " + r);
                }
            } catch (CliException e) {
                System.err.println("jflame: " + e.getMessage());
            }
        }
    }
}

package dev.jflame.agent.cli;

import java.util.Collections;
import java.util.List;
import java.util.Set;

import dev.jflame.core.options.Options;

/**
 * {@code jflame attach <pid|name>}: profiles a running JVM for a while and writes the output — the
 * "it is slow right now" command. Runs on the caller's thread; a shutdown hook turns Ctrl+C into an
 * early stop that still writes.
 */
final class AttachCommand implements Command {
    static final String DEFAULT_DURATION = "30s";
    static final String TREE = "--tree";
    private static final long POLL_MILLIS = 1_000;

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
        String agentString = StartCommand.withSafetyDuration(options, template, options.durationNanos());

        AttachedJvm jvm = AttachedJvm.attach(target);
        try {
            String output = StartCommand.start(jvm, agentString);
            Stopper stopper = new Stopper(jvm, output);
            Thread hook = new Thread(stopper::stopFromHook, "jflame-cli-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            String result;
            try {
                profile(jvm, durationMillis, output);
                result = stopper.stop();
            } finally {
                // Also when the target exited meanwhile: a hook left behind would try to stop a JVM
                // that is gone and print a second, wrong line at the CLI's exit.
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl+C arrived meanwhile; the hook finds the stop done.
                }
            }
            System.out.println(result);
            return 0;
        } finally {
            jvm.close();
        }
    }

    /** Waits out the duration with a progress line, ending early if the target stops or exits. */
    /** Attach's duration is 30 s unless given: an attach to a service must end by itself. */
    @Override
    public java.util.Map<Options.Key, String> optionDefaults() {
        return java.util.Map.of(Options.Key.DURATION, DEFAULT_DURATION);
    }

    static void profile(AttachedJvm jvm, long durationMillis, String output) throws InterruptedException {
        profile(List.of(jvm), durationMillis, output);
    }

    /**
     * Shows progress until the duration ends: the samples of all {@code jvms} (a tree attach), led
     * by the first, whose exit fails the command and whose stop (from elsewhere) ends the wait.
     */
    static void profile(List<AttachedJvm> jvms, long durationMillis, String output) throws InterruptedException {
        AttachedJvm jvm = jvms.get(0);
        long[] lastSamples = new long[jvms.size()];
        ProgressLine progress = ProgressLine.onTerminal();
        long start = System.currentTimeMillis();
        try {
            while (true) {
                long elapsed = System.currentTimeMillis() - start;
                if (durationMillis > 0 && elapsed >= durationMillis) {
                    return;
                }
                if (!ProcessHandle.of(jvm.target.pid).map(ProcessHandle::isAlive).orElse(false)) {
                    progress.end();
                    throw CliException.failure("pid " + jvm.target.pid + " exited while being profiled; jflame wrote what it had to "
                            + output + " at its exit (unless the JVM was killed with SIGKILL)");
                }
                AgentStatus status = jvm.status();
                if (!status.isRunning()) {
                    // Stopped from elsewhere (another jflame stop): its output is written.
                    return;
                }
                lastSamples[0] = status.samples();
                long samples = lastSamples[0];
                for (int i = 1; i < jvms.size(); i++) {
                    try {
                        lastSamples[i] = Math.max(lastSamples[i], jvms.get(i).status().samples());
                    } catch (RuntimeException gone) {
                        // A worker that exited keeps the count it had.
                    }
                    samples += lastSamples[i];
                }
                progress.show(jvm.target.pid, elapsed, durationMillis, samples);
                long left = durationMillis > 0 ? durationMillis - elapsed : POLL_MILLIS;
                Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, left)));
            }
        } finally {
            progress.end();
        }
    }

    /** Sends {@code stop} exactly once, from the main thread or from the Ctrl+C hook. Thread-safe. */
    private static final class Stopper {
        private final AttachedJvm jvm;
        private final String output;
        private String result;
        private CliException failure;

        Stopper(AttachedJvm jvm, String output) {
            this.jvm = jvm;
            this.output = output;
        }

        synchronized String stop() {
            if (result == null && failure == null) {
                try {
                    result = StopCommand.stop(jvm, output);
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
                String r = stop();
                if (first) {
                    System.err.println();
                    System.out.println("stopped early: " + r);
                }
            } catch (CliException e) {
                System.err.println("jflame: " + e.getMessage());
            }
        }
    }
}

package dev.jflame.agent.cli;

import dev.jflame.core.options.Options;

/** {@code jflame start <pid|name> [options]}: starts profiling in a running JVM and returns. */
final class StartCommand implements Command {
    @Override
    public String name() {
        return "start";
    }

    @Override
    public String summary() {
        return "start profiling in a running JVM and return (stop or dump later)";
    }

    @Override
    public String usage() {
        return "jflame start <pid|name> [-i 10ms] [-d 0] [-o out.html] [--threads REGEX] [--depth N] [--opt key=value]\n"
                + "Loads the agent into the JVM and starts sampling. It runs until 'jflame stop', the duration\n"
                + "(-d, default 0 = no limit) or the JVM's exit, and then writes the output.\n"
                + "Example: jflame start my-service -o /tmp/svc.html";
    }

    @Override
    public boolean takesProfilingOptions() {
        return true;
    }

    @Override
    public int run(CommandLine line) {
        TargetJvm target = Targets.fromArgs(this, line);
        String template = OutputPaths.absoluteTemplate(line.options());
        OutputPaths.checkWritable(template, target.pid);
        String agentString = OutputPaths.agentString(line.options(), template);
        try (AttachedJvm jvm = AttachedJvm.attach(target)) {
            String output = start(jvm, agentString);
            System.out.println("jflame started in pid " + target.pid + ", writing " + output);
            System.out.println("stop with: jflame stop " + target.pid);
        }
        return 0;
    }

    /**
     * Starts a session and returns the output path the agent reports.
     *
     * @throws CliException if jflame is already running there or the agent refuses
     */
    static String start(AttachedJvm jvm, String agentString) {
        AgentStatus status = jvm.status();
        if (status.isRunning()) {
            throw CliException.failure("already running in pid " + jvm.target.pid + ", writing " + status.output()
                    + " (jflame status/dump/stop " + jvm.target.pid + ")");
        }
        String reply = jvm.send("start", agentString);
        if (!reply.startsWith("ok")) {
            String text = Targets.replyText(reply);
            if (text.startsWith("already running")) {
                throw CliException.failure("already running in pid " + jvm.target.pid + ": " + text);
            }
            throw CliException.failure("jflame could not start in pid " + jvm.target.pid + ": " + text);
        }
        String text = Targets.replyText(reply);
        int at = text.indexOf("writing ");
        return at < 0 ? text : text.substring(at + "writing ".length());
    }

    /** Options for a session that the CLI itself will stop: keep a later deadline in the agent as a safety net. */
    static String withSafetyDuration(Options options, String template, long durationNanos) {
        Options.Builder b = options.toBuilder();
        if (durationNanos > 0) {
            // If this CLI dies (kill -9, lost terminal) the agent still stops by itself, a little later.
            long seconds = (durationNanos + 999_999_999L) / 1_000_000_000L + 30;
            b.set(Options.Key.DURATION, seconds + "s");
        } else {
            b.set(Options.Key.DURATION, "0");
        }
        return OutputPaths.agentString(b.build(), template);
    }
}

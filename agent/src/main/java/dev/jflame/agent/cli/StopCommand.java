package dev.jflame.agent.cli;

/** {@code jflame stop <pid|name>}: stops profiling and has the agent write its output. */
final class StopCommand implements Command {
    @Override
    public String name() {
        return "stop";
    }

    @Override
    public String summary() {
        return "stop profiling in a JVM and write the output";
    }

    @Override
    public String usage() {
        return "jflame stop <pid|name>\n"
                + "Stops the session that 'jflame start' (or -javaagent) began; the agent writes the output to the\n"
                + "path it was started with. The JVM keeps running, with no jflame thread left.\n"
                + "Example: jflame stop my-service";
    }

    @Override
    public int run(CommandLine line) {
        Targets.allowOnly(this, line);
        TargetJvm target = Targets.fromArgs(this, line);
        try (AttachedJvm jvm = AttachedJvm.attach(target)) {
            AgentStatus before = jvm.status();
            if (!before.isRunning()) {
                throw notRunning(target, before);
            }
            System.out.println(stop(jvm, before.output()));
        }
        return 0;
    }

    /**
     * Sends {@code stop} and returns a line saying what was written.
     *
     * @param output where the running session writes, for the message if stopping fails
     * @throws CliException saying where the samples are if the stop did not go through
     */
    static String stop(AttachedJvm jvm, String output) {
        String reply;
        try {
            reply = jvm.send("stop", "");
        } catch (CliException e) {
            throw CliException.failure(e.getMessage() + "; the samples stay in pid " + jvm.target.pid
                    + ": retry 'jflame stop " + jvm.target.pid + "', or they are written to " + output + " when that JVM exits");
        }
        AgentStatus after = jvm.status();
        if (!reply.startsWith("ok")) {
            if (!after.isRunning() && after.isLoaded()) {
                // The session ended by itself (its duration, or a race with another stop): it wrote already.
                return "wrote " + after.output() + " (" + after.samples() + " samples)";
            }
            throw CliException.failure("jflame could not stop in pid " + jvm.target.pid + ": " + Targets.replyText(reply));
        }
        String text = Targets.replyText(reply);
        int at = text.indexOf("wrote ");
        String written = at < 0 ? output : text.substring(at + "wrote ".length());
        if (!new java.io.File(written).isFile()) {
            throw CliException.failure("jflame stopped in pid " + jvm.target.pid + " but " + written
                    + " is missing: the agent could not write it (its reason is on the target's stderr)");
        }
        return "wrote " + written + " (" + after.samples() + " samples)";
    }

    static CliException notRunning(TargetJvm target, AgentStatus status) {
        String last = status.isLoaded() ? "; the last session wrote " + status.output() : "";
        return CliException.failure("not running in pid " + target.pid + last);
    }
}

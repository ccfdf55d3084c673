package dev.jflame.agent.cli;

/** {@code jflame status <pid|name>}: whether jflame runs in a JVM, since when, samples and tick cost. */
final class StatusCommand implements Command {
    @Override
    public String name() {
        return "status";
    }

    @Override
    public String summary() {
        return "show whether jflame runs in a JVM: since when, samples, tick cost, output";
    }

    @Override
    public String usage() {
        return "jflame status <pid|name>\n"
                + "Reads the status the agent publishes in the JVM (no agent is loaded to ask). Exit code 0\n"
                + "whether or not jflame is running.\n"
                + "Example: jflame status 12345";
    }

    @Override
    public int run(CommandLine line) {
        Targets.allowOnly(this, line);
        TargetJvm target = Targets.fromArgs(this, line);
        try (AgentClient agent = AgentClient.attach(target)) {
            System.out.println(StatusText.describe(agent.status(), target.pid));
        }
        return 0;
    }
}

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
        try (AgentClient agent = AgentClient.attach(target)) {
            agent.requireRunning();
            System.out.println("wrote " + agent.stop());
        }
        return 0;
    }
}

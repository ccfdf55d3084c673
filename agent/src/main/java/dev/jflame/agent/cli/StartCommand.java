package dev.jflame.agent.cli;

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
        try (AgentClient agent = AgentClient.attach(target)) {
            String output = agent.start(agentString);
            Notes.engine(agent);
            System.out.println("jflame started in pid " + target.pid + ", writing " + output);
            System.out.println("stop with: jflame stop " + target.pid);
        }
        return 0;
    }
}

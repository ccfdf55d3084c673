package dev.jflame.agent.cli;

import dev.jflame.agent.children.ChildCommandRewriter;
import dev.jflame.agent.children.LaunchFlags;
import dev.jflame.agent.children.ToolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code jflame run [options] -- java ...}: launches a JVM with the agent and exits with its exit code. */
final class RunCommand implements Command {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "launch a java command line with the agent; exits with its exit code";
    }

    @Override
    public String usage() {
        return "jflame run [-i 10ms] [-d 0] [-o out.html] [--threads REGEX] [--depth N] [--children true] -- <java command line>\n"
                + "Inserts -javaagent:<jflame.jar>=<options> right after the java executable and runs the command\n"
                + "with this terminal's input and output. The profile is written when the JVM exits (or after -d).\n"
                + "If the command has no java executable (a script), the agent goes in through JAVA_TOOL_OPTIONS.\n"
                + "Example: jflame run -o build.html -- java -jar app.jar --port 8080";
    }

    @Override
    public boolean takesProfilingOptions() {
        return true;
    }

    @Override
    public boolean positionalEndsOptions() {
        return true;
    }

    @Override
    public int run(CommandLine line) throws Exception {
        List<String> command = new ArrayList<>(line.positional());
        if (command.isEmpty()) {
            throw CliException.usage("run needs a command line, e.g. jflame run -- java -jar app.jar");
        }
        String template = OutputPaths.absoluteTemplate(line.options());
        OutputPaths.checkWritable(template, ProcessHandle.current().pid());
        String agentString = OutputPaths.agentString(line.options(), template);
        String agent = "-javaagent:" + JflameJar.path() + "=" + agentString;
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        int java = javaExecutableIndex(command);
        boolean nonSafepoints = line.options().nonSafepoints();
        if (java >= 0) {
            command.addAll(java + 1, LaunchFlags.javaArguments(agent, nonSafepoints));
            pb.command(command);
        } else {
            String tool = ToolOptions.agentArgument(JflameJar.path().toString(), agentString);
            if (tool == null) {
                throw CliException.usage("no java executable in the command, and JAVA_TOOL_OPTIONS cannot carry the jar's path "
                        + JflameJar.path() + " (it has a space or a quote)");
            }
            String existing = pb.environment().getOrDefault(ToolOptions.NAME, "");
            pb.environment().put(ToolOptions.NAME, (existing + " " + LaunchFlags.toolOptions(tool, nonSafepoints)).trim());
            System.err.println("jflame: no java executable in the command; passing the agent through JAVA_TOOL_OPTIONS");
        }
        Process child;
        try {
            child = pb.start();
        } catch (java.io.IOException e) {
            throw CliException.failure("cannot run " + command.get(0) + ": " + e.getMessage());
        }
        Thread hook = new Thread(() -> awaitChild(child), "jflame-cli-wait");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Already exiting; the hook returns at once since the child is gone.
        }
        return code;
    }

    /**
     * On Ctrl+C the child gets the signal too and writes its profile while exiting; wait for that
     * rather than hand the terminal back early. A SIGTERM meant for us alone is passed on.
     */
    private static void awaitChild(Process child) {
        try {
            if (!child.waitFor(500, TimeUnit.MILLISECONDS)) {
                child.destroy();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first word that is a java launcher ({@code java}, {@code .../bin/java}, {@code java.exe}), or -1. */
    static int javaExecutableIndex(List<String> command) {
        for (int i = 0; i < command.size(); i++) {
            // Not only the first word: "env X=1 java ...", "taskset -c 0 java ..." work too.
            if (ChildCommandRewriter.isJavaLauncher(command.get(i))) {
                return i;
            }
        }
        return -1;
    }
}

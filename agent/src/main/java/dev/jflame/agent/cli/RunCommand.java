package dev.jflame.agent.cli;

import dev.jflame.agent.children.ChildCommandRewriter;
import dev.jflame.agent.children.LaunchFlags;
import dev.jflame.agent.children.Spool;
import dev.jflame.agent.children.ToolOptions;
import dev.jflame.core.format.ProfileFormat;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.Options;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code jflame run [options] -- command...}: runs a command with every JVM under it profiled into one
 * spool, merges the spool into the output once the command ends, and exits with its exit code.
 *
 * <p>The run owns the process tree: every JVM started under it — the {@code java} on the command
 * line, or whatever a script, {@code mvn} or {@code gradle} starts — runs the agent as a child that
 * writes only into the spool, and the CLI is the one writer of the user's file. (Handing the JVMs the
 * user's file instead made each one a root writing the same file: {@code jflame run -- mvn test} left
 * the Maven JVM's profile only.)
 */
final class RunCommand implements Command {
    /** After {@code -d}, how long the JVMs get to write their profiles before the CLI merges them. */
    private static final long DURATION_GRACE_MILLIS = 3_000;
    /**
     * When jflame is stopped, how long the processes under the command get to end (a JVM writes its
     * final profile as it ends: five small JVMs took 2.8-3.7 s together on two cores at load 14-22)
     * before they are killed. Bounded: whoever sent the signal may kill jflame too if it takes much
     * longer, and then nothing is merged.
     */
    private static final long STOP_GRACE_MILLIS = 10_000;

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run a command with every JVM under it profiled into one output; exits with its exit code";
    }

    @Override
    public String usage() {
        return "jflame run [-i 10ms] [-d 0] [-o out.html] [--threads REGEX] [--depth N] [--children true] -- <command line>\n"
                + "Runs the command with this terminal's input and output. A java command gets\n"
                + "-javaagent:<jflame.jar>=<options> right after the java executable; any other command (a script, mvn,\n"
                + "gradle) gets it through JAVA_TOOL_OPTIONS. Every JVM under the command writes into <out>.spool/, and\n"
                + "jflame writes <out> when the command exits (with -d: once every JVM has sampled that long).\n"
                + "SIGINT or SIGTERM to jflame stops every process under the command (what still runs after "
                + STOP_GRACE_MILLIS / 1000 + " s\nis killed), then jflame writes <out> of what the JVMs wrote.\n"
                + "Example: jflame run -o build.html -- mvn -q test";
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
        Options options = line.options();
        String template = OutputPaths.absoluteTemplate(options);
        File output = OutputPaths.checkWritable(options.toBuilder().set(Options.Key.FILE, template).build()
                .outputFile(ProcessHandle.current().pid(), System.currentTimeMillis()));
        // Made just before the command starts, so that no refusal below leaves it behind empty.
        File spool = Spool.forOutput(output);
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        boolean java = ChildCommandRewriter.isJavaLauncher(command.get(0));
        // The JVM on the command line is the user's own: JFR at once. Every JVM under a script or a
        // build tool is followed to, and waits jfrdelay (a build's short test JVMs pay nothing for JFR).
        String agentString = options.toBuilder().unset(Options.Key.FILE).unset(Options.Key.FORMAT)
                .set(Options.Key.SPOOL, spool.getAbsolutePath()).set(Options.Key.FOLLOWED, Boolean.toString(!java))
                .build().toAgentString();
        if (java) {
            // Only the command word: "echo java", "ssh host java ..." or "./run.sh java" are not java
            // launchers, and an argument spelled java is theirs to keep. ("env X=1 java ..." gets the
            // agent through JAVA_TOOL_OPTIONS like any other command.)
            command.addAll(1, LaunchFlags.javaArguments("-javaagent:" + JflameJar.path() + "=" + agentString, options.nonSafepoints()));
            pb.command(command);
        } else {
            String tool = ToolOptions.agentArgument(JflameJar.path().toString(), agentString);
            if (tool == null) {
                throw CliException.usage("no java executable in the command, and JAVA_TOOL_OPTIONS cannot carry the jar's path "
                        + JflameJar.path() + " (it has a space or a quote)");
            }
            String existing = pb.environment().getOrDefault(ToolOptions.NAME, "");
            pb.environment().put(ToolOptions.NAME, (existing + " " + LaunchFlags.toolOptions(tool, options.nonSafepoints())).trim());
        }
        OutputPaths.freshSpool(output);
        Process child;
        try {
            child = pb.start();
        } catch (IOException e) {
            Spool.removeIfEmpty(spool);
            throw CliException.failure("cannot run " + command.get(0) + ": " + e.getMessage());
        }
        if (!java) {
            // Once it runs: a command that cannot start gets its one line, not this too.
            System.err.println("jflame: no java executable in the command; passing the agent through JAVA_TOOL_OPTIONS");
        }
        ProcessTree tree = new ProcessTree(child.toHandle(), new SpoolWriters(spool));
        Merge merge = new Merge(spool, output, options);
        prepareWhileRunning(merge);
        merge.readAhead.start();
        // SIGINT or SIGTERM to jflame (Ctrl+C, timeout, a CI cancellation, systemd) stops the whole
        // tree the command started, lets its JVMs write their final profiles, then merges them.
        Thread hook = new Thread(() -> {
            report(tree.stop(STOP_GRACE_MILLIS));
            merge.once();
            merge.end();
        }, "jflame-cli-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long duration = options.durationNanos();
        if (duration > 0 && !child.waitFor(TimeUnit.NANOSECONDS.toMillis(duration) + DURATION_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
            // Sampling is over in every JVM that started with the command; the command goes on.
            merge.once();
        }
        int code = child.waitFor();
        if (tree.stopping()) {
            // The command ended because jflame is being stopped: the hook stops the rest of the tree
            // and merges, and this JVM halts once it has (a merge from here would miss the profiles
            // the other JVMs are still writing).
            hook.join();
        }
        merge.once();
        merge.end();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Already exiting; the hook finds the merge done.
        }
        return code;
    }

    /**
     * What the write after the command needs and can have before it: the page's pieces (an HTML output) and the
     * JSON reader's classes, on a thread of their own while the command runs (the profiles themselves:
     * {@link SpoolReadAhead}). The write after the command ends is the one part of {@code run} its caller waits
     * for: 137-163 ms after a one-JVM command on a quiet machine, 101-117 ms with the page's pieces joined ahead.
     */
    private static void prepareWhileRunning(Merge merge) {
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    if (merge.format() == ProfileFormat.HTML) {
                        dev.jflame.flamegraph.HtmlWriter.prepare();
                    }
                    Class.forName("dev.jflame.core.format.json.JsonProfileReader");
                } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
                    // The write does it itself, as it would have.
                }
            }
        }, "jflame-prepare");
        t.setDaemon(true);
        t.start();
    }

    /** One line on what stopping the tree took, if it took more than asking. */
    private static void report(ProcessTree.Outcome stopped) {
        if (stopped.killed > 0) {
            System.err.println("jflame: " + Words.count(stopped.killed, "process", "processes") + " under the command did not end within "
                    + STOP_GRACE_MILLIS / 1000 + " s of SIGTERM and were killed; a JVM among them is in the output up to its last flush, marked partial");
        }
        if (stopped.left > 0) {
            System.err.println("jflame: " + Words.count(stopped.left, "process", "processes") + " under the command could not be killed and still run");
        }
    }

    /** The one write of the output: from the main thread, or from the shutdown hook on SIGINT or SIGTERM. */
    private static final class Merge {
        private final File spool;
        private final File output;
        private final Options options;
        /** The JVMs' finished profiles, read while the command runs. */
        final SpoolReadAhead readAhead;
        private boolean done;

        Merge(File spool, File output, Options options) {
            this.spool = spool;
            this.output = output;
            this.options = options;
            this.readAhead = new SpoolReadAhead(spool);
        }

        /** The output's format: its extension's, or {@code format=}. */
        ProfileFormat format() {
            return options.toBuilder().set(Options.Key.FILE, output.getPath()).build().outputFormat();
        }

        synchronized void once() {
            if (!done) {
                done = true;
                write();
            }
        }

        /** Merges what the JVMs left in the spool into the output and says so in one line. */
        private void write() {
            try {
                List<Profile> profiles = readAhead.profiles();
                if (profiles.isEmpty()) {
                    System.err.println("jflame: no JVM under the command wrote a profile; " + output + " not written");
                    return;
                }
                System.err.println("jflame: wrote " + MergedOutput.write(profiles, output, format(), options) + "; each JVM's profile stays in " + spool);
            } catch (IOException | RuntimeException e) {
                System.err.println("jflame: could not write " + output + ": " + e.getMessage() + "; the profiles stay in " + spool);
            }
        }

        /** Once nothing more can be written into it: a spool left empty (no JVM, a full disk) goes. */
        void end() {
            Spool.removeIfEmpty(spool);
        }
    }
}

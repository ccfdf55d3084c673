package dev.jflame.agent.cli;

import dev.jflame.core.options.Options;
import java.io.File;

/** {@code jflame dump <pid|name> [-o file]}: writes what was sampled so far and keeps profiling. */
final class DumpCommand implements Command {
    @Override
    public String name() {
        return "dump";
    }

    @Override
    public String summary() {
        return "write a snapshot of a running session and keep profiling";
    }

    @Override
    public String usage() {
        return "jflame dump <pid|name> [-o snapshot.html]\n"
                + "Writes everything sampled so far; profiling continues. Without -o the snapshot goes to the\n"
                + "session's own output path (which 'stop' overwrites later). The format follows -o's extension.\n"
                + "Example: jflame dump my-service -o /tmp/svc-1.collapsed";
    }

    @Override
    public int run(CommandLine line) {
        Targets.allowOnly(this, line, Options.Key.FILE);
        TargetJvm target = Targets.fromArgs(this, line);
        File file = null;
        if (line.options().isSet(Options.Key.FILE)) {
            file = OutputPaths.checkWritable(OutputPaths.absoluteTemplate(line.options()), target.pid);
        }
        try (AgentClient agent = AgentClient.attach(target)) {
            AgentClient.Written dumped = agent.dump(file);
            System.out.println("dumped " + dumped.path + " (" + dumped.samples + " samples so far); still profiling");
        }
        return 0;
    }
}

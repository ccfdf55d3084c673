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
        String out = "";
        if (line.options().isSet(Options.Key.FILE)) {
            File file = OutputPaths.checkWritable(OutputPaths.absoluteTemplate(line.options()), target.pid);
            if (file.getPath().indexOf(',') >= 0) {
                throw CliException.usage("the dump path cannot contain ',' (the agent string separates options with it)");
            }
            out = "out=" + file.getPath();
        }
        try (AttachedJvm jvm = AttachedJvm.attach(target)) {
            AgentStatus status = jvm.status();
            if (!status.isRunning()) {
                throw StopCommand.notRunning(target, status);
            }
            String reply = jvm.send("dump", out);
            if (!reply.startsWith("ok")) {
                throw CliException.failure("jflame could not dump in pid " + target.pid + ": " + Targets.replyText(reply));
            }
            String text = Targets.replyText(reply);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("dumped (\\d+) samples to (.*)").matcher(text);
            if (m.matches()) {
                System.out.println("dumped " + m.group(2) + " (" + m.group(1) + " samples so far); still profiling");
            } else {
                // An agent of an older jflame says only the path.
                String path = text.startsWith("dumped ") ? text.substring("dumped ".length()) : text;
                System.out.println("dumped " + path + " (" + jvm.status().samples() + " samples so far); still profiling");
            }
        }
        return 0;
    }
}

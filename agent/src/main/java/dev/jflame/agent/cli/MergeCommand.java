package dev.jflame.agent.cli;

import dev.jflame.agent.children.Spool;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.Options;
import dev.jflame.core.options.OutputFormat;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jflame merge <spool|files> -o out.html}: merges per-process profiles into one with a root per
 * process, e.g. a spool whose workers outlived their master.
 */
final class MergeCommand implements Command {
    @Override
    public String name() {
        return "merge";
    }

    @Override
    public String summary() {
        return "merge a spool directory or JSON profiles into one profile with a root per process";
    }

    @Override
    public String usage() {
        return "jflame merge <spool-dir|profile.json>... [-o out.html] [--format html|collapsed|json]\n"
                + "A profiled JVM that starts child JVMs keeps every process's profile in a spool beside its output\n"
                + "(out.html gets out.html.spool/). The JVM merges it when it exits; merge does it again at any time,\n"
                + "e.g. after workers outlived their master. Without -o the output is the spool's name without\n"
                + ".spool (for a spool) or merged.html.\n"
                + "Example: jflame merge pool.html.spool -o pool.html";
    }

    @Override
    public int run(CommandLine line) throws IOException {
        Targets.allowOnly(this, line, Options.Key.FILE, Options.Key.FORMAT);
        if (line.positional().isEmpty()) {
            throw CliException.usage("merge needs a spool directory or JSON files; see jflame help merge");
        }
        List<File> files = new ArrayList<>();
        for (String arg : line.positional()) {
            File f = new File(arg);
            if (f.isDirectory()) {
                files.addAll(Spool.profilesToMerge(f));
            } else if (f.isFile()) {
                files.add(f);
            } else {
                throw CliException.failure("cannot read " + f + ": no such file or directory");
            }
        }
        if (files.isEmpty()) {
            throw CliException.failure("no profiles (*.json) in " + String.join(" ", line.positional()));
        }
        Options options = line.options();
        File out = new File(options.isSet(Options.Key.FILE) ? options.fileTemplate() : defaultOutput(line.positional().get(0)))
                .getAbsoluteFile();
        OutputPaths.checkWritable(out);
        List<Profile> profiles = Spool.readAll(files);
        if (profiles.isEmpty()) {
            throw CliException.failure("none of the " + files.size() + " files could be read as a jflame profile");
        }
        OutputFormat format = options.toBuilder().set(Options.Key.FILE, out.getPath()).build().outputFormat();
        System.out.println("wrote " + MergedOutput.write(profiles, out, format));
        return 0;
    }

    private static String defaultOutput(String first) {
        String path = new File(first).getAbsolutePath();
        return path.endsWith(".spool") ? path.substring(0, path.length() - ".spool".length()) : "merged.html";
    }
}

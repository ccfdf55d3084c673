package dev.jflame.agent.cli;

import dev.jflame.agent.children.Spool;
import dev.jflame.core.format.ProfileFormat;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.Options;
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
        return "merge a spool directory or profiles (JSON, JFR, folded) into one profile with a root per process";
    }

    @Override
    public String usage() {
        return "jflame merge <spool-dir|profile>... [-o out.html] [--format " + String.join("|", ProfileFormat.keysOf(ProfileFormat.written())) + "]\n"
                + "A profiled JVM that starts child JVMs keeps every process's profile in a spool beside its output\n"
                + "(out.html gets out.html.spool/). The JVM merges it when it exits; merge does it again at any time,\n"
                + "e.g. after workers outlived their master. Without -o the output is the spool's name without\n"
                + ".spool (for a spool) or merged.html.\n"
                + "Example: jflame merge pool.html.spool -o pool.html";
    }

    @Override
    public int run(CommandLine line) throws IOException {
        Targets.allowOnly(this, line, Options.Key.FILE, Options.Key.FORMAT, Options.Key.WAIT_FRAMES);
        if (line.positional().isEmpty()) {
            throw CliException.usage("merge needs a spool directory or profile files; see jflame help merge");
        }
        Options options = line.options();
        File out = new File(options.isSet(Options.Key.FILE) ? options.fileTemplate() : defaultOutput(line.positional().get(0)))
                .getAbsoluteFile();
        List<File> named = new ArrayList<>();
        List<File> spooled = new ArrayList<>();
        for (String arg : line.positional()) {
            File f = new File(arg);
            if (f.isDirectory()) {
                spooled.addAll(Spool.profilesToMerge(f));
            } else {
                named.add(f);
            }
        }
        List<File> inputs = new ArrayList<>(named);
        inputs.addAll(spooled);
        OutputPaths.checkNotAnInput(out, inputs);
        OutputPaths.checkWritable(out);
        List<Profile> profiles = new ArrayList<>();
        for (File f : named) {
            // A file named on the command line is the user's: unreadable is an error, not a skip.
            profiles.add(InputFiles.read(f));
        }
        // A spool's files may be mid-flush or from a process that died: those are reported and skipped.
        profiles.addAll(Spool.readAll(spooled));
        if (profiles.isEmpty()) {
            throw CliException.failure(spooled.isEmpty() ? "no profiles (*.json) in " + String.join(" ", line.positional())
                    : "none of the " + spooled.size() + " spooled files could be read as a jflame profile");
        }
        long total = 0;
        for (Profile p : profiles) {
            try {
                total = Math.addExact(total, p.tree().totalSamples());
            } catch (ArithmeticException e) {
                throw CliException.failure("the profiles' sample counts together overflow: they cannot be merged");
            }
        }
        ProfileFormat format = options.toBuilder().set(Options.Key.FILE, out.getPath()).build().outputFormat();
        System.out.println("wrote " + MergedOutput.write(profiles, out, format, options));
        return 0;
    }

    private static String defaultOutput(String first) {
        String path = new File(first).getAbsolutePath();
        return path.endsWith(".spool") ? path.substring(0, path.length() - ".spool".length()) : "merged.html";
    }
}

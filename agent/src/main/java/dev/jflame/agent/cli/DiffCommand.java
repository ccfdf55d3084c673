package dev.jflame.agent.cli;

import dev.jflame.agent.output.Codecs;
import dev.jflame.agent.output.SafeFiles;
import dev.jflame.core.diff.ProfileDiff;
import dev.jflame.core.diff.ProfileDiffer;
import dev.jflame.core.format.DiffWriter;
import dev.jflame.core.format.ProfileFormat;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.Options;
import java.io.File;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * {@code jflame diff base.json new.json -o diff.html}: compares two profiles, as a page coloured by
 * change or as {@code stack base new} lines.
 */
final class DiffCommand implements Command {
    static final String NO_NORMALIZE = "--no-normalize";

    @Override
    public String name() {
        return "diff";
    }

    @Override
    public String summary() {
        return "compare two profiles: a flame graph coloured by what grew and shrank, or stack base new lines";
    }

    @Override
    public String usage() {
        return "jflame diff <base> <new> [-o diff" + String.join("|diff", ProfileFormat.usualExtensions(ProfileFormat.diffWritten())) + "] [--format "
                + String.join("|", ProfileFormat.keysOf(ProfileFormat.diffWritten())) + "] [" + NO_NORMALIZE + "]\n"
                + "Compares two profiles of a program, e.g. before and after a change: jflame JSON, JFR recordings or\n"
                + "folded stacks, recognised by content (one side may be a recording, the other jflame's). The page (.html) draws both call\n"
                + "trees as one, each frame as wide as its base share plus its new share, so what is gone shows as well as\n"
                + "what is new. Colour says how a frame's share changed: red grew, blue shrank (deeper is more), purple\n"
                + "new, hatched grey gone, pale unchanged; the tooltip gives both sides and the change in percentage\n"
                + "points. Shares are of each side's own total, so runs of different lengths compare; " + NO_NORMALIZE + "\n"
                + "compares raw sample counts instead. Zoom, search, reverse, sandwich and the state filter work as on\n"
                + "any page, both sides under them.\n"
                + ".collapsed (or .txt) writes one line per stack, 'stack base new', as difffolded.pl does (flamegraph.pl\n"
                + "draws it). Its counts are always raw, each side's exactly its profile's collapsed count.\n"
                + "Processes are matched by main class, not pid; processes of one main class (a pool of workers) are\n"
                + "compared as one, and numbers in thread names and jar names are wildcarded (pool-*-thread-*).\n"
                + "Without -o: <new>.diff.html next to the new profile.\n"
                + "Example: jflame diff before.json after.json -o change.html";
    }

    @Override
    public Set<String> switches() {
        return Collections.singleton(NO_NORMALIZE);
    }

    @Override
    public int run(CommandLine line) throws IOException {
        Targets.allowOnly(this, line, Options.Key.FILE, Options.Key.FORMAT);
        if (line.positional().size() != 2) {
            throw CliException.usage("diff needs two profiles, the base and the new one" + (line.positional().isEmpty() ? "" : ", got "
                    + line.positional()) + "; see jflame help diff");
        }
        File baseFile = new File(line.positional().get(0));
        File nextFile = new File(line.positional().get(1));
        Options options = line.options();
        File out = options.isSet(Options.Key.FILE) ? new File(options.fileTemplate()).getAbsoluteFile() : defaultOutput(nextFile);
        if (!options.isSet(Options.Key.FORMAT) && ProfileFormat.forFile(out.getName()) == null) {
            throw CliException.usage("cannot tell the format of " + out.getName() + ": a diff is written as "
                    + ProfileFormat.join(ProfileFormat.usualExtensions(ProfileFormat.diffWritten()), " or ") + " (or give --format)");
        }
        boolean normalize = !line.has(NO_NORMALIZE);
        ProfileFormat format = options.toBuilder().set(Options.Key.FILE, out.getPath()).build().outputFormat();
        if (!format.isDiffWritten()) {
            throw CliException.usage("a diff is written as " + ProfileFormat.keys(ProfileFormat.diffWritten()) + ", not " + format.key());
        }
        DiffWriter writer = Codecs.diffWriter(format, normalize);
        OutputPaths.checkNotAnInput(out, List.of(baseFile, nextFile));
        OutputPaths.checkWritable(out);
        Profile base = InputFiles.read(baseFile);
        Profile next = InputFiles.read(nextFile);
        ProfileDiff diff = new ProfileDiffer().diff(base, next);
        SafeFiles.writeAtomically(out.toPath(), o -> writer.write(diff, o));
        System.out.println("wrote " + out + " (" + format.key() + ", base " + base.tree().totalSamples() + " samples, new "
                + next.tree().totalSamples() + " samples, " + (format == ProfileFormat.HTML && normalize ? "compared as shares" : "raw counts") + ")");
        return 0;
    }

    /** {@code after.json} (or {@code after.jfr} …) gives {@code after.diff.html} beside it. */
    private static File defaultOutput(File next) {
        return new File(next.getAbsoluteFile().getParentFile(), OutputPaths.withoutExtension(next.getName()) + ".diff.html");
    }
}

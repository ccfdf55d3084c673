package dev.jflame.agent.cli;

import dev.jflame.agent.output.SafeFiles;
import dev.jflame.core.diff.ProfileDiff;
import dev.jflame.core.diff.ProfileDiffer;
import dev.jflame.core.format.CollapsedDiffWriter;
import dev.jflame.core.format.DiffWriter;
import dev.jflame.core.format.JsonProfileReader;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.Options;
import dev.jflame.core.options.OutputFormat;
import dev.jflame.flamegraph.DiffHtmlWriter;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Collections;
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
        return "jflame diff <base.json> <new.json> [-o diff.html|diff.collapsed] [--format html|collapsed] [" + NO_NORMALIZE + "]\n"
                + "Compares two profiles of a program, e.g. before and after a change. The page (.html) draws both call\n"
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
        if (!options.isSet(Options.Key.FORMAT) && OutputFormat.forFile(out.getName()) == null) {
            throw CliException.usage("cannot tell the format of " + out.getName() + ": a diff is written as .html or .collapsed (or give --format)");
        }
        boolean normalize = !line.has(NO_NORMALIZE);
        OutputFormat format = options.toBuilder().set(Options.Key.FILE, out.getPath()).build().outputFormat();
        DiffWriter writer = writerFor(format, normalize);
        Profile base = readProfile(baseFile);
        Profile next = readProfile(nextFile);
        OutputPaths.checkWritable(out);
        ProfileDiff diff = new ProfileDiffer().diff(base, next);
        SafeFiles.writeAtomically(out.toPath(), o -> writer.write(diff, o));
        System.out.println("wrote " + out + " (" + format.key() + ", base " + base.tree().totalSamples() + " samples, new "
                + next.tree().totalSamples() + " samples, " + (format == OutputFormat.HTML && normalize ? "compared as shares" : "raw counts") + ")");
        return 0;
    }

    private static DiffWriter writerFor(OutputFormat format, boolean normalize) {
        switch (format) {
            case HTML:
                return new DiffHtmlWriter(null, normalize);
            case COLLAPSED:
                return new CollapsedDiffWriter();
            default:
                throw CliException.usage("a diff is written as html or collapsed (stack base new), not " + format.key());
        }
    }

    /**
     * Reads one input profile. JSON only for now: the lead swaps this for the reader that sniffs the
     * input's format (JFR, folded text), as convert and merge get it.
     */
    private static Profile readProfile(File in) {
        if (!in.isFile()) {
            throw CliException.failure("cannot read " + in + ": no such file");
        }
        try (InputStream s = new BufferedInputStream(Files.newInputStream(in.toPath()))) {
            return new JsonProfileReader().read(s);
        } catch (IOException | RuntimeException e) {
            throw CliException.failure("cannot read " + in + " as a jflame JSON profile: " + e.getMessage());
        }
    }

    /** {@code after.json} gives {@code after.diff.html} beside it. */
    private static File defaultOutput(File next) {
        String name = next.getName().endsWith(".json") ? next.getName().substring(0, next.getName().length() - 5) : next.getName();
        return new File(next.getAbsoluteFile().getParentFile(), name + ".diff.html");
    }
}

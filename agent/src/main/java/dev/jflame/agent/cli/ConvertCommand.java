package dev.jflame.agent.cli;

import dev.jflame.agent.output.OutputWriter;
import dev.jflame.agent.output.SafeFiles;
import dev.jflame.core.format.ProfileFormat;
import dev.jflame.core.format.ProfileInput;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.Options;
import java.io.File;
import java.io.IOException;

/** {@code jflame convert in.json -o out.html}: re-renders a JSON profile in another format. */
final class ConvertCommand implements Command {
    @Override
    public String name() {
        return "convert";
    }

    @Override
    public String summary() {
        return "turn a profile (jflame JSON, a JFR recording, folded stacks) into another format";
    }

    @Override
    public String usage() {
        return "jflame convert <in> [-o out" + String.join("|out", ProfileFormat.usualExtensions(ProfileFormat.written())) + "] [--format "
                + String.join("|", ProfileFormat.keysOf(ProfileFormat.written())) + "] [--waitframes true]\n"
                + "Reads " + ProfileInput.readNames() + " (recognised by content, not by name) and writes the\n"
                + "format -o's extension (or --format) names. Without -o: <in>.html next to the input.\n"
                + "--waitframes true keeps the [lock ...];[held by ...] frames under wait leaves in folded stacks.\n"
                + "Examples: jflame convert prod.json -o prod.html; jflame convert recording.jfr -o recording.html";
    }

    @Override
    public int run(CommandLine line) throws IOException {
        Targets.allowOnly(this, line, Options.Key.FILE, Options.Key.FORMAT, Options.Key.WAIT_FRAMES);
        File in = new File(line.onlyPositional(this, "input file"));
        Options options = line.options();
        File out;
        if (options.isSet(Options.Key.FILE)) {
            out = new File(options.fileTemplate()).getAbsoluteFile();
        } else {
            out = new File(in.getAbsoluteFile().getParentFile(), OutputPaths.withoutExtension(in.getName()) + ".html");
            options = options.toBuilder().set(Options.Key.FILE, out.getPath()).build();
        }
        OutputPaths.checkNotAnInput(out, java.util.List.of(in));
        OutputPaths.checkWritable(out);
        try {
            convert(in, out, options);
        } catch (OutOfMemoryError e) {
            // The profile went with convert's frame: room now to remove a temporary the write could not.
            SafeFiles.removeOwnTemporaries(out.toPath());
            throw e;
        }
        return 0;
    }

    private static void convert(File in, File out, Options options) throws IOException {
        ProfileFormat format = options.outputFormat();
        Profile profile = InputFiles.read(in);
        OutputWriter.write(profile, out, format, options);
        System.out.println("wrote " + out + " (" + format.key() + ", " + profile.tree().totalSamples() + " samples)");
    }
}

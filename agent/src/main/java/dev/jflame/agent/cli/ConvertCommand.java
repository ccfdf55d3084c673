package dev.jflame.agent.cli;

import dev.jflame.agent.output.OutputWriter;
import dev.jflame.core.format.JsonProfileReader;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.Options;
import dev.jflame.core.options.OutputFormat;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/** {@code jflame convert in.json -o out.html}: re-renders a JSON profile in another format. */
final class ConvertCommand implements Command {
    @Override
    public String name() {
        return "convert";
    }

    @Override
    public String summary() {
        return "re-render a JSON profile as HTML, collapsed stacks or JSON";
    }

    @Override
    public String usage() {
        return "jflame convert <in.json> [-o out.html|out.collapsed|out.json] [--format html|collapsed|json]\n"
                + "Reads a profile written with a .json output and writes it in the format -o's extension (or\n"
                + "--format) names. Without -o: <in>.html next to the input.\n"
                + "Example: jflame convert prod.json -o prod.html";
    }

    @Override
    public int run(CommandLine line) throws IOException {
        Targets.allowOnly(this, line, Options.Key.FILE, Options.Key.FORMAT);
        File in = new File(line.onlyPositional(this, "input file"));
        Options options = line.options();
        File out;
        if (options.isSet(Options.Key.FILE)) {
            out = new File(options.fileTemplate()).getAbsoluteFile();
        } else {
            String name = in.getName().endsWith(".json") ? in.getName().substring(0, in.getName().length() - 5) : in.getName();
            out = new File(in.getAbsoluteFile().getParentFile(), name + ".html");
            options = options.toBuilder().set(Options.Key.FILE, out.getPath()).build();
        }
        if (!in.isFile()) {
            throw CliException.failure("cannot read " + in + ": no such file");
        }
        OutputPaths.checkWritable(out);
        Profile profile;
        try (InputStream s = new BufferedInputStream(Files.newInputStream(in.toPath()))) {
            profile = new JsonProfileReader().read(s);
        } catch (IOException | RuntimeException e) {
            throw CliException.failure("cannot read " + in + " as a jflame JSON profile: " + e.getMessage());
        }
        OutputFormat format = options.outputFormat();
        OutputWriter.write(profile, out, format);
        System.out.println("wrote " + out + " (" + format.key() + ", " + profile.tree().totalSamples() + " samples)");
        return 0;
    }
}

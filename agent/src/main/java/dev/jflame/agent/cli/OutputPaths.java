package dev.jflame.agent.cli;

import dev.jflame.agent.children.Spool;
import dev.jflame.agent.output.OutputWriter;
import dev.jflame.core.options.Options;
import java.io.File;

/**
 * Output paths as the CLI hands them to an agent: absolute, because the target's working directory
 * is not the user's, and checked for writability here, before anything is attached or launched.
 * Stateless.
 */
final class OutputPaths {
    /** The default: like the agent's, but in the directory the user runs jflame from. */
    static final String DEFAULT_NAME = "jflame-%p-%t.html";

    private OutputPaths() {
    }

    /**
     * The spool beside {@code output} for the JVMs the CLI starts or attaches to, created, with what an
     * earlier run left there cleared.
     *
     * @throws CliException naming the spool and the problem
     */
    static File freshSpool(File output) {
        File spool = Spool.forOutput(output);
        try {
            Spool.create(spool);
            Spool.clearStale(spool);
        } catch (java.io.IOException e) {
            throw CliException.failure("cannot use spool " + spool + ": " + e.getMessage());
        }
        return spool;
    }

    /** The {@code -o} template made absolute against the CLI's working directory, or the default there. */
    static String absoluteTemplate(Options options) {
        String template = options.isSet(Options.Key.FILE) ? options.fileTemplate() : DEFAULT_NAME;
        return new File(template).getAbsolutePath();
    }

    /**
     * Expands {@code %p}/{@code %t} for {@code pid} and checks the file can be written.
     *
     * @throws CliException naming the path and the problem
     */
    static File checkWritable(String template, long pid) {
        // The target's agent writes this file, as the target's user: whose file it is, is its call.
        return check(Options.builder().set(Options.Key.FILE, template).build().outputFile(pid, System.currentTimeMillis()), false);
    }

    /** @throws CliException naming the path and the problem if this process cannot write {@code file} */
    static File checkWritable(File file) {
        return check(file, true);
    }

    /**
     * @throws CliException if {@code out} is one of {@code inputs}, by any path (a {@code ./}, a link): the
     *     inputs are read whole before the output is written, and an output in a format that reads back
     *     differently would silently replace the user's profile
     */
    static void checkNotAnInput(File out, java.util.List<File> inputs) {
        for (File in : inputs) {
            try {
                boolean same = out.exists() ? java.nio.file.Files.isSameFile(out.toPath(), in.toPath())
                        : out.getCanonicalFile().equals(in.getCanonicalFile());
                if (same) {
                    throw CliException.failure("the output " + out + " is the input " + in + "; name another with -o");
                }
            } catch (java.io.IOException e) {
                // An input that cannot be resolved is reported when it is read.
            }
        }
    }

    private static File check(File file, boolean byThisProcess) {
        String problem = OutputWriter.problemWriting(file, byThisProcess);
        if (problem != null) {
            throw CliException.failure("cannot write " + file + ": " + problem);
        }
        return file;
    }

    /**
     * The agent string for {@code options} with the file replaced by {@code template}.
     *
     * @throws CliException if a value holds a comma, which the agent string cannot carry
     */
    static String agentString(Options options, String template) {
        String agentString = options.toBuilder().set(Options.Key.FILE, template).build().toAgentString();
        for (String part : agentString.split(",")) {
            if (part.indexOf('=') <= 0) {
                throw CliException.usage("option values cannot contain ',' (the agent string separates options with it): " + agentString);
            }
        }
        return agentString;
    }

    /**
     * The agent string for a session that the CLI itself stops after {@code durationNanos} (0: at
     * Ctrl+C): the agent gets a later deadline of its own as a safety net.
     */
    static String agentStringStoppedByCli(Options options, String template, long durationNanos) {
        Options.Builder b = options.toBuilder();
        if (durationNanos > 0) {
            // If this CLI dies (kill -9, lost terminal) the agent still stops by itself, a little later.
            long seconds = (durationNanos + 999_999_999L) / 1_000_000_000L + 30;
            b.set(Options.Key.DURATION, seconds + "s");
        } else {
            b.set(Options.Key.DURATION, "0");
        }
        return agentString(b.build(), template);
    }

    /** A file name without the extension of a profile format: {@code prod.speedscope.json} gives {@code prod}. */
    static String withoutExtension(String name) {
        dev.jflame.core.format.ProfileFormat f = dev.jflame.core.format.ProfileFormat.forFile(name);
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        for (String ext : f == null ? java.util.List.<String>of() : f.extensions()) {
            if (lower.endsWith(ext) && name.length() > ext.length()) {
                return name.substring(0, name.length() - ext.length());
            }
        }
        return name;
    }
}

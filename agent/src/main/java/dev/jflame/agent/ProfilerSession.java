package dev.jflame.agent;

import dev.jflame.agent.output.OutputWriter;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.Options;
import dev.jflame.core.options.OutputFormat;
import dev.jflame.core.sampler.Sampler;
import java.io.File;

/**
 * One profiling run in this JVM: a sampler and where its profile goes. Thread-safe: the sampler
 * thread (duration end), the shutdown hook and CLI commands may race to finish it; it is written once.
 */
final class ProfilerSession {
    private final Options options;
    private final Sampler sampler;
    private final File output;
    private final long startMillis;
    private boolean finished;

    private ProfilerSession(Options options, File output) {
        this.options = options;
        this.output = output;
        this.sampler = new Sampler(options, ProcessInfo.current(), this::finishFromDuration);
        this.startMillis = System.currentTimeMillis();
    }

    /**
     * Validates the output path and starts sampling.
     *
     * @throws IllegalStateException with a one-line reason if the output cannot be written
     */
    static ProfilerSession start(Options options) {
        File output = options.outputFile(ProcessHandle.current().pid(), System.currentTimeMillis());
        String problem = OutputWriter.problemWriting(output);
        if (problem != null) {
            throw new IllegalStateException("cannot write file=" + output + ": " + problem);
        }
        ProfilerSession s = new ProfilerSession(options, output);
        s.sampler.start();
        return s;
    }

    Options options() {
        return options;
    }

    File output() {
        return output;
    }

    Sampler sampler() {
        return sampler;
    }

    long startMillis() {
        return startMillis;
    }

    synchronized boolean isFinished() {
        return finished;
    }

    /** Stops sampling and writes the profile; later calls do nothing. Returns false if already done. */
    synchronized boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        sampler.stop();
        write(sampler.snapshot(), output);
        return true;
    }

    /** Writes what has been sampled so far to {@code file} and keeps sampling. */
    void dump(File file) {
        write(sampler.snapshot(), file);
    }

    /** Whether {@code file} can be written, for commands that take another output path. */
    static String problemWriting(File file) {
        return OutputWriter.problemWriting(file);
    }

    private void finishFromDuration() {
        // Runs on the sampler thread, which finish() would otherwise wait for.
        finish();
    }

    private void write(Profile profile, File file) {
        try {
            // A dump to another path may ask for another format by its extension.
            OutputFormat byName = file.equals(output) ? null : OutputFormat.forFile(file.getName());
            OutputFormat format = byName != null ? byName : options.outputFormat();
            OutputWriter.write(profile, file, format);
            long samples = profile.tree().totalSamples();
            AgentLog.info("wrote " + file + " (" + samples + " samples, " + format.key() + ")");
        } catch (Throwable t) {
            AgentLog.error("could not write " + file + ": " + t);
        }
    }
}

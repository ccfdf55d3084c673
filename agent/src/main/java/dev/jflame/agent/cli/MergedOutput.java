package dev.jflame.agent.cli;

import dev.jflame.agent.output.OutputWriter;
import dev.jflame.core.format.ProfileFormat;
import dev.jflame.core.merge.ProfileMerger;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.Options;
import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * The one way the CLI writes several processes' profiles as one ({@code merge}, {@code run},
 * {@code attach --tree}): merge, write, and the words that say what was written. Stateless.
 */
final class MergedOutput {
    private MergedOutput() {
    }

    /**
     * Merges {@code profiles} (at least one) and writes them to {@code out}; returns what it wrote
     * in words: {@code "/path/out.html (3 processes, 1200 samples, html)"}.
     */
    static String write(List<Profile> profiles, File out, ProfileFormat format, Options options) throws IOException {
        Profile merged = new ProfileMerger().merge(profiles);
        OutputWriter.write(merged, out, format, options);
        return out + " (" + Words.count(merged.processes().size(), "process", "processes") + ", "
                + merged.tree().totalSamples() + " samples, " + format.key() + ")";
    }
}

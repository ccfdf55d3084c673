package dev.jflame.agent.output;

import dev.jflame.core.format.DiffWriter;
import dev.jflame.core.format.ProfileFormat;
import dev.jflame.core.format.ProfileInput;
import dev.jflame.core.format.ProfileReader;
import dev.jflame.core.format.ProfileWriter;
import dev.jflame.core.format.collapsed.CollapsedDiffWriter;
import dev.jflame.core.format.collapsed.CollapsedReader;
import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.format.jfr.JfrProfileReader;
import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.format.json.JsonProfileWriter;
import dev.jflame.core.format.pprof.PprofWriter;
import dev.jflame.core.format.speedscope.SpeedscopeWriter;
import dev.jflame.core.model.Profile;
import dev.jflame.flamegraph.DiffHtmlWriter;
import dev.jflame.flamegraph.HtmlWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The reader, writer and diff writer of each {@link ProfileFormat}: the one place that pairs core's
 * catalogue of formats with their code, which lives in core's format packages and (for the page) in
 * the flamegraph module, both visible only from here. Stateless and thread-safe.
 *
 * <p>{@code CodecsTest} checks these switches against the catalogue's roles, so a format added there
 * fails the build until it is given its code here. No lambdas: the agent chooses its writer in premain, where a lambda's first
 * bootstrap costs start-up time.
 */
public final class Codecs {
    private Codecs() {
    }

    /**
     * A writer of {@code format}; throws for a format jflame only reads.
     *
     * @param waitFrames whether folded stacks keep the lock and holder frames under wait leaves (option {@code waitframes})
     */
    public static ProfileWriter writer(ProfileFormat format, boolean waitFrames) {
        switch (format) {
            case HTML:
                return new HtmlWriter();
            case COLLAPSED:
                return new CollapsedWriter(false, waitFrames);
            case JSON:
                return new JsonProfileWriter();
            case PPROF:
                return new PprofWriter();
            case SPEEDSCOPE:
                return new SpeedscopeWriter();
            default:
                throw new UnsupportedOperationException(format.key() + " is read, not written");
        }
    }

    /**
     * A writer of two profiles' comparison in {@code format} ({@code jflame diff}); throws where the
     * format has no diff ({@link ProfileFormat#isDiffWritten()}).
     *
     * @param normalize compare each side's shares of its own total rather than raw counts, where the format can
     */
    public static DiffWriter diffWriter(ProfileFormat format, boolean normalize) {
        switch (format) {
            case HTML:
                // Untitled: the page is titled after the new side's main class.
                return new DiffHtmlWriter(null, normalize);
            case COLLAPSED:
                // difffolded.pl's layout; its counts are raw whatever normalize says, each column its input's own.
                return new CollapsedDiffWriter();
            default:
                throw new UnsupportedOperationException("no " + format.key() + " diff");
        }
    }

    /** A reader of {@code format}; throws for a format jflame only writes. */
    public static ProfileReader reader(ProfileFormat format) {
        switch (format) {
            case COLLAPSED:
                return new CollapsedReader();
            case JSON:
                return new JsonProfileReader();
            case JFR:
                return new JfrProfileReader();
            default:
                throw new UnsupportedOperationException(format.key() + " is written, not read");
        }
    }

    /**
     * Reads a profile file of any format jflame reads, recognised by its content ({@link ProfileInput}).
     *
     * @throws IOException with one line saying what the file is and what jflame reads, or why it does not read
     */
    public static Profile read(Path file) throws IOException {
        ProfileFormat format = ProfileInput.detect(file);
        try {
            return reader(format).read(file);
        } catch (OutOfMemoryError e) {
            // Readers bound what they allocate by the input's size; a heap smaller than that still fails here, not in a trace.
            throw new IOException("not enough memory to read it as " + format.key() + " (raise the CLI's -Xmx)");
        } catch (RuntimeException e) {
            throw new IOException("unreadable " + format.key() + " file: " + ProfileReader.oneLine(e.getMessage()));
        }
    }
}

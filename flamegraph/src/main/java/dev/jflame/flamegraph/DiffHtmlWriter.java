package dev.jflame.flamegraph;

import dev.jflame.core.diff.ProfileDiff;
import dev.jflame.core.format.DiffWriter;
import dev.jflame.core.model.Profile;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a diff of two profiles as the flame graph page in its diff mode: frames coloured by how their
 * share changed from base to new, the tooltip giving both sides and the change. Stateless and
 * thread-safe.
 *
 * <p>Normalised (the default), each side is read as shares of its own total, so runs of different
 * lengths compare; the change is in percentage points. Raw, the page compares sample counts.
 */
public final class DiffHtmlWriter implements DiffWriter {
    private final String title;
    private final boolean normalize;

    /** A normalising writer that titles each page after the compared main classes. */
    public DiffHtmlWriter() {
        this(null, true);
    }

    /**
     * @param title the page title, or {@code null} to title each page after the compared main classes
     * @param normalize compare each side's shares of its own total (true) or raw sample counts
     */
    public DiffHtmlWriter(String title, boolean normalize) {
        this.title = title;
        this.normalize = normalize;
    }

    @Override
    public void write(ProfileDiff diff, OutputStream out) throws IOException {
        String t = title != null ? title : defaultTitle(diff);
        HtmlWriter.writePage(t, w -> PageData.write(diff.next(), diff.base(), normalize, t, w), out);
    }

    static String defaultTitle(ProfileDiff diff) {
        String base = mains(diff.base());
        String next = mains(diff.next());
        return "Diff: " + (base.equals(next) ? next : base + " \u2192 " + next);
    }

    private static String mains(Profile p) {
        if (p.processes().isEmpty()) {
            return "profile";
        }
        String first = p.processes().get(0).mainClass;
        return p.processes().size() == 1 ? first : first + " and " + (p.processes().size() - 1) + " more";
    }
}

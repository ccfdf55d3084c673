package dev.jflame.flamegraph;

import dev.jflame.core.format.ProfileWriter;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes a profile as one self-contained, interactive HTML flame graph that needs no network.
 * Stateless and thread-safe.
 *
 * <p>The page is a single template (joined from the pieces in {@code page/}) with the profile inlined
 * as compact JSON; the browser computes totals and every view (zoom, search, reverse, state filter,
 * grouping, sandwich) itself.
 */
public final class HtmlWriter implements ProfileWriter {
    static final String TITLE_MARKER = "<!--@jflame:title@-->";
    static final String DATA_MARKER = "/*@jflame:data@*/";

    /** Joined once: the pieces are on the classpath and never change while the JVM runs. */
    private static final class Holder {
        static final Template PAGE = Template.split(PagePieces.join(), TITLE_MARKER, DATA_MARKER);
    }

    private final String title;

    /**
     * Joins the page's pieces now, for a caller with time to spare before its first write: {@code jflame run}
     * while its command runs, so that the write after the command ends does not (~40 ms of a cold JVM).
     */
    public static void prepare() {
        // Reading the field initialises the holder, which is the work.
        java.util.Objects.requireNonNull(Holder.PAGE);
    }

    /** A writer that titles each page after the profiled main class. */
    public HtmlWriter() {
        this(null);
    }

    /** @param title the page title, or {@code null} to title each page after the profiled main class */
    public HtmlWriter(String title) {
        this.title = title;
    }

    @Override
    public void write(Profile profile, OutputStream out) throws IOException {
        String t = title != null ? title : defaultTitle(profile);
        writePage(t, w -> PageData.write(profile, t, w), out);
    }

    /** The page's data, written into the template by {@link #writePage}. */
    interface Data {
        void writeTo(Writer w) throws IOException;
    }

    /** The template with {@code title} and {@code data} filled in; the one place that writes a page. */
    static void writePage(String title, Data data, OutputStream out) throws IOException {
        Template page = Holder.PAGE;
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write(page.part(0));
        w.write(ScriptSafe.html(title));
        w.write(page.part(1));
        data.writeTo(w);
        w.write(page.part(2));
        w.flush();
    }

    static String defaultTitle(Profile profile) {
        if (profile.processes().isEmpty()) {
            return "Flame graph";
        }
        ProcessInfo first = profile.processes().get(0);
        if (profile.processes().size() == 1) {
            return "Flame graph: " + first.mainClass;
        }
        return "Flame graph: " + first.mainClass + " and " + (profile.processes().size() - 1) + " more";
    }
}

package dev.jflame.flamegraph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The page template, joined from its pieces in {@code page/}: the skeleton {@code page.html} with each
 * include line replaced by the piece it names. Stateless and thread-safe.
 *
 * <p>The skeleton is the one list of the pieces and their order (the module README says what each
 * piece does). An include is a line of its own, {@code /*@jflame:include NAME@*}{@code /}; the whole
 * line becomes the piece's text, which ends in a newline of its own. So the joined text is the page as
 * one file, byte for byte, and the pieces can be edited apart without the page changing by a byte.
 * The pieces are fragments of one page (the script pieces share the scope the skeleton opens), not
 * modules: they carry no markers of their own, so the title and data markers are found in the
 * skeleton only.
 */
final class PagePieces {
    static final String DIR = "page/";
    static final String SKELETON = "page.html";
    static final String OPEN = "/*@jflame:include ";
    static final String CLOSE = "@*/";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*\\.(css|js)");

    private PagePieces() {
    }

    /** The template from the classpath; reads every piece, so call it once. */
    static String join() {
        String skeleton = read(SKELETON);
        if (skeleton == null) {
            throw new IllegalStateException("missing page skeleton " + DIR + SKELETON);
        }
        return join(skeleton, PagePieces::read);
    }

    /**
     * The skeleton with each include line replaced by the piece's text.
     *
     * @param pieces a piece's text by name, or {@code null} for a piece that does not exist
     */
    static String join(String skeleton, Function<String, String> pieces) {
        StringBuilder out = new StringBuilder(skeleton.length() * 16);
        int from = 0;
        for (String name : includes(skeleton)) {
            String line = OPEN + name + CLOSE + "\n";
            int at = skeleton.indexOf(line, from);
            out.append(skeleton, from, at).append(checked(name, pieces.apply(name)));
            from = at + line.length();
        }
        return out.append(skeleton, from, skeleton.length()).toString();
    }

    /** The pieces the skeleton names, in its order; each include a line of its own, each piece named once. */
    static List<String> includes(String skeleton) {
        List<String> names = new ArrayList<>();
        for (int at = skeleton.indexOf(OPEN); at >= 0; at = skeleton.indexOf(OPEN, at + OPEN.length())) {
            int eol = skeleton.indexOf('\n', at);
            String line = skeleton.substring(at, eol < 0 ? skeleton.length() : eol);
            boolean ownLine = (at == 0 || skeleton.charAt(at - 1) == '\n') && eol >= 0 && line.endsWith(CLOSE);
            String name = line.substring(OPEN.length(), Math.max(OPEN.length(), line.length() - CLOSE.length()));
            if (!ownLine || !NAME.matcher(name).matches()) {
                throw new IllegalStateException("page include must be a line of its own, " + OPEN + "name.js" + CLOSE
                    + ", naming a .css or .js piece: " + line);
            }
            if (names.contains(name)) {
                throw new IllegalStateException("page piece " + name + " is included twice");
            }
            names.add(name);
        }
        return names;
    }

    private static String checked(String name, String text) {
        if (text == null) {
            throw new IllegalStateException("missing page piece " + DIR + name);
        }
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalStateException("page piece " + name + " must end with a newline");
        }
        if (text.contains("@jflame:")) {
            throw new IllegalStateException("page piece " + name + " holds a marker; markers belong in " + SKELETON);
        }
        return text;
    }

    /** A file of {@code page/}, or {@code null} if there is none. */
    static String read(String name) {
        try (InputStream in = PagePieces.class.getResourceAsStream(DIR + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

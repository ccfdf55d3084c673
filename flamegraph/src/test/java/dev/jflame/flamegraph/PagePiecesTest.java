package dev.jflame.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PagePiecesTest {
    /** The pieces as they are in the source tree, read apart from the classpath the writer uses. */
    static final Path DIR = Paths.get("src", "main", "resources", "dev", "jflame", "flamegraph", "page");

    private static String file(String name) throws IOException {
        return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
    }

    private static List<String> includes() throws IOException {
        return PagePieces.includes(file(PagePieces.SKELETON));
    }

    /** No piece is left out or used twice: the directory holds the skeleton and what it includes, nothing else. */
    @Test
    void everyFileInThePageDirectoryIsIncludedOnce() throws IOException {
        TreeSet<String> files;
        try (Stream<Path> list = Files.list(DIR)) {
            files = list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertTrue(files.remove(PagePieces.SKELETON), "the skeleton is in " + DIR);
        List<String> included = includes();
        assertEquals(included.size(), new TreeSet<>(included).size(), "each piece once: " + included);
        assertEquals(files, new TreeSet<>(included));
    }

    /**
     * The joined template is the skeleton with each piece in its include line's place, in the skeleton's
     * order: taking the pieces out again, first to last, gives the skeleton back byte for byte.
     */
    @Test
    void joinedTemplateIsTheSkeletonWithEachPieceInPlace() throws IOException {
        String joined = PagePieces.join();
        StringBuilder back = new StringBuilder();
        int from = 0;
        for (String name : includes()) {
            String piece = file(name);
            int at = joined.indexOf(piece, from);
            assertTrue(at >= 0, name + " is in the template after the pieces before it");
            back.append(joined, from, at).append(PagePieces.OPEN).append(name).append(PagePieces.CLOSE).append('\n');
            from = at + piece.length();
        }
        back.append(joined, from, joined.length());
        assertEquals(file(PagePieces.SKELETON), back.toString());
    }

    /** The writer's markers are in the skeleton once each, so the template splits; no piece holds one. */
    @Test
    void markersAreInTheSkeletonOnly() throws IOException {
        String skeleton = file(PagePieces.SKELETON);
        for (String marker : new String[] {HtmlWriter.TITLE_MARKER, HtmlWriter.DATA_MARKER}) {
            assertEquals(skeleton.indexOf(marker), skeleton.lastIndexOf(marker), marker);
            assertTrue(skeleton.contains(marker), marker);
        }
        for (String name : includes()) {
            assertFalse(file(name).contains("@jflame:"), name);
        }
        Template t = Template.split(PagePieces.join(), HtmlWriter.TITLE_MARKER, HtmlWriter.DATA_MARKER);
        assertTrue(t.part(0).endsWith("<title>") && t.part(2).endsWith("</html>\n"));
    }

    /** The module README's table says what each piece holds; a new piece gets a row there. */
    @Test
    void readmeDescribesEveryPiece() throws IOException {
        String readme = Files.readString(Paths.get("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("| `" + PagePieces.SKELETON + "` |"));
        for (String name : includes()) {
            assertTrue(readme.contains("| `" + name + "` |"), name + " has a row in README.md");
        }
    }

    @Test
    void joinRefusesAPageThatWouldNotComeOutWhole() {
        Map<String, String> pieces = Map.of("a.js", "a();\n", "b.css", "b {}\n", "open.js", "no newline",
            "marker.js", "x = /*@jflame:data@*/;\n");
        assertEquals("<style>\nb {}\n</style>\n<script>\na();\n\n</script>\n",
            PagePieces.join("<style>\n/*@jflame:include b.css@*/\n</style>\n<script>\n/*@jflame:include a.js@*/\n\n</script>\n", pieces::get));
        assertEquals("no includes\n", PagePieces.join("no includes\n", pieces::get));
        String[] bad = {
            "/*@jflame:include a.js@*/\n/*@jflame:include a.js@*/\n", // twice
            "/*@jflame:include gone.js@*/\n", // no such piece
            "x /*@jflame:include a.js@*/\n", // not a line of its own
            "/*@jflame:include a.js@*/ x\n",
            "/*@jflame:include a.js@*/", // no newline: the piece's own would be doubled or lost
            "/*@jflame:include ../a.js@*/\n", // outside the directory
            "/*@jflame:include open.js@*/\n", // the piece has no final newline
            "/*@jflame:include marker.js@*/\n", // markers belong in the skeleton
        };
        for (String skeleton : bad) {
            assertThrows(IllegalStateException.class, () -> PagePieces.join(skeleton, pieces::get), skeleton);
        }
    }
}

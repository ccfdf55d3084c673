package dev.jflame.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.ProfileFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The formats tables in docs/formats.md and docs/cli.md say what {@link ProfileFormat} says, row for row. */
class FormatDocsTest {
    @Test
    void formatsDocTableMatchesTheFormatType() throws IOException {
        check(Paths.get("..", "docs", "formats.md"));
    }

    @Test
    void cliDocTableMatchesTheFormatType() throws IOException {
        check(Paths.get("..", "docs", "cli.md"));
    }

    private static void check(Path doc) throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
            String[] cells = line.split("\\|", -1);
            // | `key` | read | write | extensions | what it keeps |
            if (cells.length == 7 && cells[1].trim().matches("`[a-z]+`") && (cells[2].contains("✓") || cells[3].contains("✓"))) {
                rows.put(cells[1].trim().replace("`", ""), cells);
            }
        }
        assertEquals(ProfileFormat.values().length, rows.size(), doc + " has a row per format: " + rows.keySet());
        for (ProfileFormat f : ProfileFormat.values()) {
            String[] row = rows.get(f.key());
            assertTrue(row != null, doc + " has no row for " + f.key());
            assertEquals(f.isRead(), row[2].contains("✓"), doc + ": " + f.key() + " read");
            assertEquals(f.isWritten(), row[3].contains("✓"), doc + ": " + f.key() + " write");
            assertTrue(row[4].contains("`" + f.extensions().get(0) + "`"), doc + ": " + f.key() + " names its usual extension");
            for (String ext : row[4].replace("`", "").split(",")) {
                assertTrue(f.extensions().contains(ext.trim()), doc + ": " + ext + " is not an extension of " + f.key());
            }
        }
    }
}

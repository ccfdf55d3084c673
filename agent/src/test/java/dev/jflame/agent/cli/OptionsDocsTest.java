package dev.jflame.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.options.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The options tables in docs/options.md and docs/cli.md say what {@link Options.Key} says: one row per
 * option users set (none for the internal ones), and the default the code uses.
 */
class OptionsDocsTest {
    private static final String HEADER = "| option | default | meaning |";

    @Test
    void optionsDocTableMatchesTheOptions() throws IOException {
        check(Paths.get("..", "docs", "options.md"));
    }

    @Test
    void cliDocTableMatchesTheOptions() throws IOException {
        check(Paths.get("..", "docs", "cli.md"));
    }

    private static void check(Path doc) throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Options.Key k : Options.Key.values()) {
            if (!k.isInternal()) {
                defaults.put(k.optionName(), k.defaultValue());
            }
        }
        List<String[]> rows = table(doc);
        Map<String, String> documented = new LinkedHashMap<>();
        for (String[] row : rows) {
            String key = row[1].trim();
            assertTrue(key.matches("`[a-z]+`"), doc + ": the option column holds `name`, not " + key);
            key = key.replace("`", "");
            assertTrue(defaults.containsKey(key), doc + ": '" + key + "' is not an option (valid: " + defaults.keySet() + ")");
            assertTrue(documented.put(key, row[2].trim()) == null, doc + ": '" + key + "' has more than one row");
        }
        for (String key : defaults.keySet()) {
            assertTrue(documented.containsKey(key), doc + " has no row for " + key);
        }
        for (Map.Entry<String, String> e : defaults.entrySet()) {
            String cell = documented.get(e.getKey());
            if (e.getValue().isEmpty()) {
                // An empty default means "not set" (all threads, format by extension): said in words.
                assertTrue(!cell.startsWith("`"), doc + ": " + e.getKey() + " has no default value in code, the doc says " + cell);
            } else {
                // The default itself, first; a command's own default may follow it (attach: `30s`).
                assertTrue(cell.startsWith("`" + e.getValue() + "`"), doc + ": " + e.getKey() + " defaults to " + e.getValue() + ", the doc says " + cell);
            }
        }
    }

    /** The rows of the one table under {@link #HEADER}, split into cells (the first and last are empty). */
    private static List<String[]> table(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        int header = lines.indexOf(HEADER);
        assertTrue(header >= 0, doc + " has an options table headed " + HEADER);
        assertEquals(header, lines.lastIndexOf(HEADER), doc + " has one options table");
        List<String[]> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|", -1);
            assertEquals(5, cells.length, doc + ": a row of three cells: " + lines.get(i));
            rows.add(cells);
        }
        return rows;
    }
}

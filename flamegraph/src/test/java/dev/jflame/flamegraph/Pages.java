package dev.jflame.flamegraph;

import dev.jflame.core.diff.ProfileDiff;
import dev.jflame.core.model.Profile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where tests write pages and keep screenshots. */
final class Pages {
    static final Path DIR = Paths.get("target", "pages");
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private Pages() {
    }

    static Path write(String name, Profile profile) throws IOException {
        return write(name, profile, new HtmlWriter());
    }

    static Path write(String name, Profile profile, HtmlWriter writer) throws IOException {
        Files.createDirectories(DIR);
        Path file = DIR.resolve(name + ".html").toAbsolutePath();
        try (OutputStream out = Files.newOutputStream(file)) {
            writer.write(profile, out);
        }
        return file;
    }

    static Path writeDiff(String name, ProfileDiff diff, DiffHtmlWriter writer) throws IOException {
        Files.createDirectories(DIR);
        Path file = DIR.resolve(name + ".html").toAbsolutePath();
        try (OutputStream out = Files.newOutputStream(file)) {
            writer.write(diff, out);
        }
        return file;
    }
}

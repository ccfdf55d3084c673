package dev.jflame.agent.cli;

import dev.jflame.agent.output.Codecs;
import dev.jflame.core.model.Profile;
import java.io.File;
import java.io.IOException;

/** The one way commands read a profile file a user names, whatever its format. Stateless. */
final class InputFiles {
    private InputFiles() {
    }

    /** @throws CliException with one line naming the file and what is wrong with it */
    static Profile read(File file) throws CliException {
        if (!file.isFile()) {
            throw CliException.failure("cannot read " + file + ": " + (file.exists() ? "not a regular file" : "no such file"));
        }
        try {
            return Codecs.read(file.toPath());
        } catch (IOException e) {
            throw CliException.failure("cannot read " + file + ": " + e.getMessage());
        }
    }
}

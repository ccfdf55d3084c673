package dev.jflame.core.format;

import dev.jflame.core.diff.ProfileDiff;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a comparison of two profiles in one output format. Implementations are stateless and thread-safe. */
public interface DiffWriter {
    /** Writes {@code diff} to {@code out}; does not close it. */
    void write(ProfileDiff diff, OutputStream out) throws IOException;
}

package dev.jflame.core.format;

import dev.jflame.core.model.Profile;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a profile in one output format. Implementations are stateless and thread-safe. */
public interface ProfileWriter {
    /** Writes {@code profile} to {@code out}; does not close it. */
    void write(Profile profile, OutputStream out) throws IOException;
}

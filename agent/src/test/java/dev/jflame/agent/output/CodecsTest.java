package dev.jflame.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflame.core.format.ProfileFormat;
import org.junit.jupiter.api.Test;

/** Every format the catalogue says is read, written or diffed has that code in {@link Codecs}, and no other. */
class CodecsTest {
    @Test
    void eachRoleOfTheCatalogueHasItsCode() {
        for (ProfileFormat f : ProfileFormat.values()) {
            assertEquals(f.isWritten(), works(() -> Codecs.writer(f, false)), f.key() + " writer");
            assertEquals(f.isRead(), works(() -> Codecs.reader(f)), f.key() + " reader");
            assertEquals(f.isDiffWritten(), works(() -> Codecs.diffWriter(f, true)), f.key() + " diff writer");
        }
    }

    private static boolean works(Runnable r) {
        try {
            r.run();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}

package dev.jflame.agent.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushSecretsTest {
    @TempDir
    Path dir;

    private Path secrets(String text, String mode) throws Exception {
        Path f = dir.resolve("secrets");
        Files.write(f, text.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void aTokenOrAUserComesFromAFileOnlyThisUserCanRead() throws Exception {
        assertEquals("Bearer abc", PushSecrets.load(secrets("# for the store\ntoken=abc\n", "rw-------").toString(), Map.of()).authorization);
        assertEquals("Basic dTE6cHcx", PushSecrets.load(secrets("user=u1\npassword=pw1\n", "r--------").toString(), Map.of()).authorization);
        IllegalStateException readable = assertThrows(IllegalStateException.class,
                () -> PushSecrets.load(secrets("token=abc\n", "rw-r--r--").toString(), Map.of()));
        assertTrue(readable.getMessage().contains("can be read by others") && !readable.getMessage().contains("abc"), readable.getMessage());
        IllegalStateException both = assertThrows(IllegalStateException.class,
                () -> PushSecrets.load(secrets("token=abc\nuser=u\n", "rw-------").toString(), Map.of()));
        assertTrue(!both.getMessage().contains("abc"), both.getMessage());
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> PushSecrets.load(secrets("secret=abc\n", "rw-------").toString(), Map.of()));
        assertTrue(unknown.getMessage().contains("unknown key 'secret'") && !unknown.getMessage().contains("abc"), unknown.getMessage());
    }

    @Test
    void elseFromTheEnvironmentAndNoneIsNoHeader() {
        assertEquals("Bearer t", PushSecrets.load("", Map.of(PushSecrets.TOKEN_VARIABLE, "t")).authorization);
        assertEquals("Basic YTpi", PushSecrets.load("", Map.of(PushSecrets.USER_VARIABLE, "a", PushSecrets.PASSWORD_VARIABLE, "b")).authorization);
        assertNull(PushSecrets.load("", Map.of()).authorization);
    }

    @Test
    void retryAfterReadsSecondsAndDatesAndBackoffGrowsWithJitter() {
        assertEquals(3000, Backoff.retryAfterMillis("3", 0));
        assertEquals(-1, Backoff.retryAfterMillis("soon", 0));
        assertEquals(2000, Backoff.retryAfterMillis("Thu, 01 Jan 1970 00:00:02 GMT", 0));
        Backoff b = new Backoff();
        long first = b.failed(-1);
        assertTrue(first >= 500 && first <= 1000, "first wait " + first);
        long second = b.failed(-1);
        assertTrue(second >= 1000 && second <= 2000, "second wait " + second);
        assertTrue(b.failed(30_000) >= 30_000, "the store's Retry-After when longer");
        b.succeeded();
        assertTrue(b.failed(-1) <= 1000, "back to the first wait once a send worked");
    }
}

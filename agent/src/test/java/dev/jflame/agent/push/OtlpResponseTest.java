package dev.jflame.agent.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesPartialSuccess;
import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link OtlpResponse} against answers the official opentelemetry-proto classes encode. */
class OtlpResponseTest {
    private static byte[] answer(long rejected, String message) {
        ExportProfilesPartialSuccess.Builder p = ExportProfilesPartialSuccess.newBuilder().setRejectedProfiles(rejected);
        if (message != null) {
            p.setErrorMessage(message);
        }
        return ExportProfilesServiceResponse.newBuilder().setPartialSuccess(p).build().toByteArray();
    }

    @Test
    void anEmptyAnswerRejectsNothing() {
        assertNull(OtlpResponse.rejection(new byte[0]));
        assertNull(OtlpResponse.rejection(ExportProfilesServiceResponse.getDefaultInstance().toByteArray()));
        assertNull(OtlpResponse.rejection(answer(0, null)), "a partial success with nothing in it");
    }

    @Test
    void aPartialSuccessSaysHowManyAndWhy() {
        assertEquals("3 profiles rejected: too many samples", OtlpResponse.rejection(answer(3, "too many samples")));
        assertEquals("2 profiles rejected", OtlpResponse.rejection(answer(2, null)));
        assertEquals("0 profiles rejected: attribute dropped", OtlpResponse.rejection(answer(0, "attribute dropped")), "a warning");
    }

    @Test
    void unknownFieldsAroundItAreSkipped() {
        byte[] known = answer(1, "x");
        // Field 7 (a varint 150) before it, field 9 (fixed32) after it: a newer receiver's additions.
        byte[] b = new byte[known.length + 3 + 5];
        b[0] = (byte) (7 << 3);
        b[1] = (byte) 0x96;
        b[2] = 0x01;
        System.arraycopy(known, 0, b, 3, known.length);
        b[3 + known.length] = (byte) (9 << 3 | 5);
        assertEquals("1 profiles rejected: x", OtlpResponse.rejection(b));
    }

    @Test
    void whatIsNotAResponseRejectsNothing() {
        assertNull(OtlpResponse.rejection("<html>proxy</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        byte[] known = answer(5, "cut short");
        assertNull(OtlpResponse.rejection(Arrays.copyOf(known, known.length - 3)), "truncated");
        assertNull(OtlpResponse.rejection(new byte[] {(byte) 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x0f}));
    }
}

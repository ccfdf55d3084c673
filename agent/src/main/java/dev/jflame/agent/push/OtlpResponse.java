package dev.jflame.agent.push;

import java.nio.charset.StandardCharsets;

/**
 * What an OTLP receiver's 200 says: an {@code ExportProfilesServiceResponse}, empty when it took everything,
 * else its {@code partial_success} with the profiles it rejected and why. The spec says a partly rejected
 * request must not be sent again (it would be rejected again), so this is read only to be told. Stateless.
 */
final class OtlpResponse {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private OtlpResponse() {
    }

    /**
     * The rejection a response reports, in a few words ("3 profiles rejected: reason"), or null where it
     * reports none. A body that is not a response (a proxy's page, a truncated read) reports none: the
     * status already said the request was taken.
     */
    static String rejection(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            Reader response = new Reader(body, 0, body.length);
            while (response.more()) {
                int key = response.varintAsInt();
                if (key >>> 3 == Otlp.RESPONSE_PARTIAL_SUCCESS && (key & 7) == LENGTH_DELIMITED) {
                    int length = response.varintAsInt();
                    return partialSuccess(response.sub(length));
                }
                response.skip(key & 7);
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String partialSuccess(Reader r) {
        long rejected = 0;
        String message = "";
        while (r.more()) {
            int key = r.varintAsInt();
            int field = key >>> 3;
            if (field == Otlp.PARTIAL_REJECTED_PROFILES && (key & 7) == VARINT) {
                rejected = r.varint();
            } else if (field == Otlp.PARTIAL_ERROR_MESSAGE && (key & 7) == LENGTH_DELIMITED) {
                int length = r.varintAsInt();
                message = r.string(length);
            } else {
                r.skip(key & 7);
            }
        }
        // A message with nothing rejected is the receiver's warning: worth the same one line.
        if (rejected == 0 && message.isEmpty()) {
            return null;
        }
        return rejected + " profiles rejected" + (message.isEmpty() ? "" : ": " + message);
    }

    /** Reads protobuf's wire format from a slice of an array; an {@link IllegalArgumentException} for anything malformed. */
    private static final class Reader {
        private final byte[] b;
        private int at;
        private final int end;

        Reader(byte[] b, int from, int end) {
            this.b = b;
            this.at = from;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= end) {
                    throw new IllegalArgumentException("truncated varint");
                }
                int x = b[at++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        int varintAsInt() {
            long v = varint();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("out of range");
            }
            return (int) v;
        }

        Reader sub(int length) {
            check(length);
            Reader r = new Reader(b, at, at + length);
            at += length;
            return r;
        }

        String string(int length) {
            check(length);
            String s = new String(b, at, length, StandardCharsets.UTF_8);
            at += length;
            return s;
        }

        void skip(int wireType) {
            switch (wireType) {
                case VARINT:
                    varint();
                    break;
                case FIXED64:
                    check(8);
                    at += 8;
                    break;
                case LENGTH_DELIMITED:
                    int length = varintAsInt();
                    check(length);
                    at += length;
                    break;
                case FIXED32:
                    check(4);
                    at += 4;
                    break;
                default:
                    throw new IllegalArgumentException("wire type " + wireType);
            }
        }

        private void check(int length) {
            if (length < 0 || length > end - at) {
                throw new IllegalArgumentException("truncated field");
            }
        }
    }
}

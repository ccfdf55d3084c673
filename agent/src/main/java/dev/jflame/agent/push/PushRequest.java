package dev.jflame.agent.push;

/** One period, encoded for its store: where it goes and its body (the session adds auth and tenant). Immutable. */
final class PushRequest {
    final String url;
    final String contentType;
    /** Content-Encoding of the body, or null. */
    final String contentEncoding;
    final byte[] body;
    /** When the period ended (epoch milliseconds): the order periods are sent in. */
    final long untilMillis;

    PushRequest(String url, String contentType, String contentEncoding, byte[] body, long untilMillis) {
        this.url = url;
        this.contentType = contentType;
        this.contentEncoding = contentEncoding;
        this.body = body;
        this.untilMillis = untilMillis;
    }
}

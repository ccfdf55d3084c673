package dev.jflame.agent.push;

/** One period, encoded for its store: where it goes and its body (the session adds auth and tenant). Immutable. */
final class PushRequest {
    final String url;
    final String contentType;
    /** Content-Encoding of the body, or null. */
    final String contentEncoding;
    final byte[] body;
    /** Periods dropped earlier that this one reports to the store ({@link PushQueue}). */
    final long droppedBefore;

    PushRequest(String url, String contentType, String contentEncoding, byte[] body, long droppedBefore) {
        this.url = url;
        this.contentType = contentType;
        this.contentEncoding = contentEncoding;
        this.body = body;
        this.droppedBefore = droppedBefore;
    }
}

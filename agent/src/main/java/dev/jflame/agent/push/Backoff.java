package dev.jflame.agent.push;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before sending again after a failure: doubling from {@link #FIRST_MILLIS} to
 * {@link #MAX_MILLIS}, each wait drawn between half and all of it (jitter, so a fleet that lost its store
 * together does not come back together), or what the store asked for with {@code Retry-After} if that is
 * longer. Confined to the push thread.
 */
final class Backoff {
    static final long FIRST_MILLIS = 1_000;
    static final long MAX_MILLIS = 60_000;
    /** A {@code Retry-After} longer than this is taken as this: the queue's bound decides what is lost meanwhile. */
    static final long MAX_RETRY_AFTER_MILLIS = 300_000;

    private long next = FIRST_MILLIS;

    /** The wait after one more failure; {@code retryAfterMillis} is the store's ask, or -1. */
    long failed(long retryAfterMillis) {
        long base = next;
        next = Math.min(MAX_MILLIS, next * 2);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Math.max(jittered, Math.min(retryAfterMillis, MAX_RETRY_AFTER_MILLIS));
    }

    void succeeded() {
        next = FIRST_MILLIS;
    }

    /**
     * A {@code Retry-After} header in milliseconds from {@code nowMillis}: delay-seconds or an HTTP date;
     * -1 for none or one that cannot be read.
     */
    static long retryAfterMillis(String header, long nowMillis) {
        if (header == null || header.trim().isEmpty()) {
            return -1;
        }
        String v = header.trim();
        try {
            return Math.max(0, Long.parseLong(v) * 1000);
        } catch (NumberFormatException e) {
            // not seconds: a date
        }
        try {
            long at = java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, at - nowMillis);
        } catch (java.time.format.DateTimeParseException e) {
            return -1;
        }
    }
}

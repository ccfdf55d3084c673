package dev.jflame.agent.push;

import dev.jflame.core.model.Profile;
import java.io.IOException;

/** How a period is put into a request for one kind of store (Pyroscope's ingest, OTLP's profiles). */
interface PushProtocol {
    /**
     * The request that sends {@code period} (one process's samples from its start to its end time).
     *
     * @param droppedBefore periods dropped earlier that this one reports: each drop is reported by one
     *     period only ({@link PushQueue}), the first encoded after it, which may reach the store after
     *     older periods still queued
     */
    PushRequest encode(Profile period, long droppedBefore) throws IOException;

    /**
     * What the store's answer to an accepted request says it rejected of it, in a few words, or null where
     * it rejected nothing. Such a request is not sent again: the store would reject the same again.
     */
    String rejection(byte[] response);

    /** The store's kind, for lines and docs: "Pyroscope", "OTLP". */
    String name();
}

package dev.jflame.agent.push;

import dev.jflame.core.model.Profile;
import java.io.IOException;

/** How a period is put into a request for one kind of store (Pyroscope's ingest, OTLP's profiles). */
interface PushProtocol {
    /**
     * The request that sends {@code period} (one process's samples from its start to its end time).
     *
     * @param droppedBefore periods dropped since the last one the store accepted, which this one reports
     */
    PushRequest encode(Profile period, long droppedBefore) throws IOException;

    /** The store's kind, for lines and docs: "Pyroscope", "OTLP". */
    String name();
}

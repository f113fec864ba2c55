package io.phototriage.core;

/** What {@link Pipeline#run(java.util.List, ResultSink)} does when its {@link ResultSink} throws. */
public enum SinkFailurePolicy {
    /**
     * The default: the failure is logged (with the photo's id, or the album), counted in
     * {@link RunSummary#sinkFailures()}, and the run goes on with the next result. For sinks whose failures are local
     * to one result (a thumbnail that cannot be written).
     */
    CONTINUE,
    /**
     * The sink's exception stops the run: it is thrown from {@code run} as it is, no further photo is processed and no
     * album result is delivered. For sinks whose failure makes the rest pointless (a journal on a full disk).
     */
    STOP
}

package dev.ccx.orchestrator.fronts;

import dev.ccx.orchestrator.http.ApiException;

/** A front's streaming answer: opened once the runner accepted the run, then fed the run's events in order. */
interface FrontStream {
    /** The opening events, before any text. */
    void open();

    void text(String delta);

    /** The closing events of a run that finished; {@code result} holds the whole text and the usage. */
    void finish(RunResult result);

    /** The front's error event for a run that failed after the stream started. */
    void fail(ApiException error, RunResult soFar);
}

package dev.ccx.fakemodel.script;

import java.time.Duration;

/** Waits for scripted delays; a seam so unit tests of the wire writers need not sleep. */
@FunctionalInterface
public interface Pacer {

    /** The real clock. */
    Pacer SLEEP = d -> {
        if (!d.isZero()) {
            Thread.sleep(d.toMillis());
        }
    };

    /** No waiting at all. */
    Pacer NONE = d -> { };

    void pause(Duration d) throws InterruptedException;
}

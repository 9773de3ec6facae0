package dev.ccx.orchestrator.slot;

import dev.ccx.orchestrator.auth.UserId;
import java.time.Duration;
import java.util.Optional;

/** Where the desired runner definition and idle timings of each user come from (config plus policy). */
public interface SlotSpecs {
    SlotSpec specFor(UserId user);

    /** How long a runner may stay idle before it is stopped (whether or not it was paused before). */
    Duration idleTimeout(UserId user);

    /** How long a runner may stay idle before it is paused, if at all (always shorter than the idle timeout). */
    default Optional<Duration> pauseAfter(UserId user) {
        return Optional.empty();
    }
}

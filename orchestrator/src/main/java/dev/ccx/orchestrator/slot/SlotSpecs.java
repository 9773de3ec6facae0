package dev.ccx.orchestrator.slot;

import dev.ccx.orchestrator.auth.UserId;
import java.time.Duration;

/** Where the desired runner definition and idle timeout of each user come from (config plus policy). */
public interface SlotSpecs {
    SlotSpec specFor(UserId user);

    Duration idleTimeout(UserId user);
}

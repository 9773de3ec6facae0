package dev.ccx.orchestrator.slot;

import java.util.Map;

/** Issues a fresh TLS identity for a runner, as the environment variables its agent reads at start. */
public interface RunnerCredentials {
    Map<String, String> issueEnv(String slotName);
}

package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A run's outcome as far as it got: the whole answer text, the usage when the CLI reported it, the finish reason
 * ({@code stop}; empty while unfinished) and ccx's extras ({@code files}, {@code fallback}).
 */
record RunResult(String text, Optional<RunEvent.Usage> usage, Optional<String> finishReason, ObjectNode extras) {
}

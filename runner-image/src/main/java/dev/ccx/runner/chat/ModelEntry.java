package dev.ccx.runner.chat;

import java.util.List;
import java.util.Optional;

/**
 * One row of {@code GET /v1/models}.
 *
 * @param id            the name callers put in {@code model}
 * @param ownedBy       {@code anthropic} or {@code openai}
 * @param slug          the Codex model slug (Codex rows only)
 * @param efforts       accepted {@code reasoning_effort} values
 * @param defaultEffort the CLI's default effort, empty when unknown
 */
public record ModelEntry(String id, String ownedBy, Optional<String> slug, List<String> efforts,
        Optional<String> defaultEffort) {

    public ModelEntry {
        efforts = List.copyOf(efforts);
    }
}

package dev.ccx.runner.chat;

import dev.ccx.runner.cli.TokenUsage;
import java.util.Map;
import java.util.Optional;

/**
 * A successful run.
 *
 * @param content  the answer (with the fallback notice in front after a fallback)
 * @param usage    tokens the answering attempt used
 * @param files    deliverables of an output-files run
 * @param fallback set when a 1M model fell back to 200K
 */
public record ChatResult(String content, TokenUsage usage, Optional<Map<String, String>> files,
        Optional<Fallback> fallback) {
}

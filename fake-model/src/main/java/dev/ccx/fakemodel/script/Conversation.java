package dev.ccx.fakemodel.script;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The provider-neutral view of one model request that the planner needs: the scripted prompt,
 * the tool results that came back after it, and what tools are on offer.
 *
 * <p>The script is the latest human prompt (user text other than the CLIs' own context blocks
 * such as system reminders or environment context): a later prompt without directives ends an
 * earlier script, so a resumed session is not replayed.
 *
 * @param scriptText  the latest human prompt when it holds a directive, else ""
 * @param prompt      the latest human prompt
 * @param toolOutputs outputs of the tool results that follow that prompt, oldest first
 * @param tools       tools offered by this request
 * @param cwd         the agent's working directory when the request reveals it
 * @param side        a probe to answer at once and never fail (Claude's quota check: max_tokens 1)
 */
public record Conversation(
        String scriptText,
        String prompt,
        List<String> toolOutputs,
        List<OfferedTool> tools,
        Optional<String> cwd,
        boolean side) {

    public Conversation {
        Objects.requireNonNull(scriptText, "scriptText");
        Objects.requireNonNull(prompt, "prompt");
        toolOutputs = List.copyOf(toolOutputs);
        tools = List.copyOf(tools);
        Objects.requireNonNull(cwd, "cwd");
    }
}

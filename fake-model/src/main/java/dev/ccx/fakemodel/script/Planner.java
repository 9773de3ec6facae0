package dev.ccx.fakemodel.script;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides the next model turn from the conversation alone (the server keeps no session state):
 * the number of tool results after the scripted prompt says how many tool steps are done.
 */
public final class Planner {

    /** How much of the prompt the default answer echoes. */
    static final int ECHO_CHARS = 200;

    private final ToolMapper tools;
    private final ErrorBudget errors;

    public Planner(ToolMapper tools, ErrorBudget errors) {
        this.tools = tools;
        this.errors = errors;
    }

    /** The plan for this request; throws {@link DirectiveException} for malformed directives. */
    public Plan plan(Conversation c) {
        if (c.side()) {
            return Plan.answer("fake-model: ok");
        }
        Script script = DirectiveParser.parse(c.scriptText());
        if (script.isEmpty()) {
            return Plan.answer(echo(c.prompt()));
        }
        Optional<Script.ErrorSpec> error = script.error();
        if (error.isPresent() && errors.shouldFail(error.get(), c.scriptText())) {
            int status = error.get().status();
            return new Plan(new Turn.Failure(status, "fake-model: scripted error " + status),
                    script.sleep(), script.usage());
        }
        return new Plan(nextTurn(script, c), script.sleep(), script.usage());
    }

    private Turn nextTurn(Script script, Conversation c) {
        int done = c.toolOutputs().size();
        Optional<String> thinking = done == 0 ? script.thinking() : Optional.empty();
        if (done < script.steps().size()) {
            ToolStep step = script.steps().get(done);
            Optional<ToolInvocation> call = tools.map(step, c.tools(), c.cwd());
            if (call.isPresent()) {
                return new Turn.ToolUse(call.get(), thinking, script.say(done));
            }
            return new Turn.Answer(noTool(done, step, c.tools()), Optional.empty(), Optional.empty());
        }
        return new Turn.Answer(finalText(script, c.toolOutputs()), thinking, script.pacing());
    }

    /** The default answer: a fixed prefix and the start of the prompt. */
    static String echo(String prompt) {
        String p = prompt.strip();
        return "fake-model: " + (p.length() > ECHO_CHARS ? p.substring(0, ECHO_CHARS) : p);
    }

    /** The scripted reply followed by every tool output verbatim, so tests can see what tools returned. */
    static String finalText(Script script, List<String> outputs) {
        StringBuilder text = new StringBuilder(script.reply().orElse("fake-model: done"));
        for (int i = 0; i < outputs.size(); i++) {
            text.append("\n\n--- tool result ").append(i + 1).append(" ---\n").append(outputs.get(i));
        }
        return text.toString();
    }

    private static String noTool(int index, ToolStep step, List<OfferedTool> offered) {
        String names = offered.stream().map(OfferedTool::name).collect(Collectors.joining(", "));
        return "fake-model: cannot run step " + (index + 1) + " (" + step.label()
                + "): no suitable tool offered (offered: " + (names.isEmpty() ? "none" : names) + ")";
    }
}

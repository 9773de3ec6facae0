package dev.ccx.fakemodel.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.fakemodel.script.Conversation;
import dev.ccx.fakemodel.script.DirectiveParser;
import dev.ccx.fakemodel.script.OfferedTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads an OpenAI Responses API request body into the planner's {@link Conversation}. */
public final class ResponsesRequests {

    private static final Pattern CWD = Pattern.compile("<cwd>([^<]+)</cwd>");
    private static final Set<String> TOOL_OUTPUTS = Set.of("function_call_output", "custom_tool_call_output");

    private ResponsesRequests() {
    }

    /** The neutral view of {@code request}. */
    public static Conversation conversation(JsonNode request) {
        JsonNode input = request.path("input");
        List<OfferedTool> tools = tools(request);
        if (input.isTextual()) {
            String text = input.asText();
            return new Conversation(script(text), text, List.of(), tools, Optional.empty(), false);
        }
        int promptIndex = -1;
        String prompt = "";
        Optional<String> cwd = Optional.empty();
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (!isMessage(item)) {
                continue;
            }
            String text = text(item.path("content"));
            cwd = cwd.or(() -> cwd(text));
            if ("user".equals(item.path("role").asText()) && !text.isBlank() && !isContext(text)) {
                promptIndex = i;
                prompt = text;
            }
        }
        return new Conversation(script(prompt), prompt, toolOutputs(input, promptIndex), tools, cwd, false);
    }

    private static String script(String prompt) {
        return DirectiveParser.hasDirectives(prompt) ? prompt : "";
    }

    /** The tools of the request: {@code function} and {@code custom} ones by name, the rest hosted. */
    static List<OfferedTool> tools(JsonNode request) {
        List<OfferedTool> out = new ArrayList<>();
        for (JsonNode t : request.path("tools")) {
            String type = t.path("type").asText();
            OfferedTool.Kind kind = switch (type) {
                case "function" -> OfferedTool.Kind.FUNCTION;
                case "custom" -> OfferedTool.Kind.FREEFORM;
                default -> OfferedTool.Kind.HOSTED;
            };
            out.add(new OfferedTool(t.path("name").asText(type), kind));
        }
        return out;
    }

    private static List<String> toolOutputs(JsonNode input, int promptIndex) {
        List<String> out = new ArrayList<>();
        for (int i = promptIndex + 1; promptIndex >= 0 && i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (TOOL_OUTPUTS.contains(item.path("type").asText())) {
                JsonNode output = item.path("output");
                out.add(output.isTextual() ? output.asText() : text(output));
            }
        }
        return out;
    }

    private static boolean isMessage(JsonNode item) {
        return "message".equals(item.path("type").asText("message")) && item.has("role");
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode part : content) {
            if (part.has("text")) {
                parts.add(part.path("text").asText());
            }
        }
        return String.join("\n", parts);
    }

    /** Codex's own context messages: environment, AGENTS.md and other XML-wrapped blocks. */
    private static boolean isContext(String text) {
        String t = text.strip();
        return (t.startsWith("<") && t.endsWith(">")) || t.startsWith("# AGENTS.md instructions");
    }

    private static Optional<String> cwd(String text) {
        Matcher m = CWD.matcher(text);
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }
}

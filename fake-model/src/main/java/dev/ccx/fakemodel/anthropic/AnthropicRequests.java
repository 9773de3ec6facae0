package dev.ccx.fakemodel.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.fakemodel.script.Conversation;
import dev.ccx.fakemodel.script.DirectiveParser;
import dev.ccx.fakemodel.script.OfferedTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads an Anthropic Messages API request body into the planner's {@link Conversation}. */
public final class AnthropicRequests {

    private static final Pattern CWD = Pattern.compile("Primary working directory: (\\S+)");

    private AnthropicRequests() {
    }

    /** The neutral view of {@code request}. */
    public static Conversation conversation(JsonNode request) {
        JsonNode messages = request.path("messages");
        int promptIndex = -1;
        String prompt = "";
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String human = "user".equals(m.path("role").asText()) ? humanText(m.path("content")) : "";
            if (!human.isEmpty()) {
                promptIndex = i;
                prompt = human;
            }
        }
        String script = DirectiveParser.hasDirectives(prompt) ? prompt : "";
        boolean probe = request.path("max_tokens").asInt(Integer.MAX_VALUE) <= 1;
        return new Conversation(script, prompt, toolOutputs(messages, promptIndex), tools(request),
                cwd(request), probe);
    }

    /** The tools of the request, by name and kind. */
    static List<OfferedTool> tools(JsonNode request) {
        List<OfferedTool> out = new ArrayList<>();
        for (JsonNode t : request.path("tools")) {
            String type = t.path("type").asText("custom");
            OfferedTool.Kind kind = "custom".equals(type) ? OfferedTool.Kind.FUNCTION : OfferedTool.Kind.HOSTED;
            out.add(new OfferedTool(t.path("name").asText(type), kind));
        }
        return out;
    }

    private static List<String> toolOutputs(JsonNode messages, int promptIndex) {
        List<String> out = new ArrayList<>();
        for (int i = promptIndex + 1; promptIndex >= 0 && i < messages.size(); i++) {
            for (JsonNode block : messages.get(i).path("content")) {
                if ("tool_result".equals(block.path("type").asText())) {
                    out.add(resultText(block.path("content")));
                }
            }
        }
        return out;
    }

    private static String resultText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                parts.add(block.path("text").asText());
            }
        }
        return String.join("\n", parts);
    }

    /** The text blocks of a user message, system reminders left out. */
    private static String humanText(JsonNode content) {
        return text(content, true);
    }

    private static String text(JsonNode content, boolean humanOnly) {
        if (content.isTextual()) {
            return humanOnly && isReminder(content.asText()) ? "" : content.asText();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode block : content) {
            String t = block.path("text").asText();
            if ("text".equals(block.path("type").asText()) && !(humanOnly && isReminder(t))) {
                parts.add(t);
            }
        }
        return String.join("\n", parts);
    }

    private static boolean isReminder(String text) {
        String t = text.strip();
        return t.startsWith("<system-reminder>") && t.endsWith("</system-reminder>");
    }

    /** The working directory Claude Code states in its system prompt or its system-role messages. */
    private static Optional<String> cwd(JsonNode request) {
        List<String> texts = new ArrayList<>();
        JsonNode system = request.path("system");
        texts.add(system.isTextual() ? system.asText() : text(system, false));
        for (JsonNode m : request.path("messages")) {
            if ("system".equals(m.path("role").asText())) {
                texts.add(text(m.path("content"), false));
            }
        }
        for (String t : texts) {
            Matcher m = CWD.matcher(t);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}

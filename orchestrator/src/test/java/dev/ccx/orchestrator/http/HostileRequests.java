package dev.ccx.orchestrator.http;

import dev.ccx.orchestrator.auth.UserId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The table of hostile requests {@link HostileInputTest} sends, by family: user ids (headers, admin paths, token
 * subjects, generated), paths aimed at bob's files, model and provider names, malformed and wrong-typed JSON.
 * Every one must be refused with a 4xx; none may touch bob.
 */
final class HostileRequests {
    static final String CHAT = "/v1/chat/completions";
    static final String OK_MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    /** One raw request: method, target, headers (on top of the caller's credentials) and body. */
    record Request(String method, String target, Map<String, String> headers, byte[] body) {
        static Request get(String target, Map<String, String> headers) {
            return new Request("GET", target, headers, new byte[0]);
        }

        static Request post(String target, Map<String, String> headers, String body) {
            return new Request("POST", target, headers, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private HostileRequests() {}

    /** User ids no caller may act as: traversal, confusables, invisible characters, overlong, empty, `.`/`..`. */
    static final List<String> IDS = List.of("", ".", "..", "../bob", "bob/../alice", "..%2fbob", "bob\\..\\alice",
            "bob\u0000", "bob\u00a0x", "\uff42\uff4f\uff42", "b\u043eb", "bob\u200b", "bob\u202e", "b\u0301ob",
            "x".repeat(129), "bob*", "bob;alice", "bob,alice", "bob=admin", "-bob", "_bob", ".bob", "@bob",
            "%2e%2e", "bob\tx");

    static Stream<Arguments> userIds() {
        List<Arguments> out = new ArrayList<>();
        for (String id : IDS) {
            String label = printable(id);
            out.add(Arguments.of("X-CCX-User " + label + " on /v1/models", "service",
                    Request.get("/v1/models", Map.of("X-CCX-User", id))));
            out.add(Arguments.of("X-CCX-User " + label + " on chat", "service",
                    Request.post(CHAT, Map.of("X-CCX-User", id), "{" + OK_MESSAGES + "}")));
            out.add(Arguments.of("X-CCX-User " + label + " on /v1/jobs", "service",
                    Request.get("/v1/jobs/notes/files/plan.txt", Map.of("X-CCX-User", id))));
        }
        out.add(Arguments.of("X-CCX-User of 8000 characters", "service",
                Request.get("/v1/models", Map.of("X-CCX-User", "b".repeat(8000)))));
        for (String encoded : List.of("%2e%2e", "..", ".", "bob%00", "%EF%BD%82%EF%BD%8F%EF%BD%82", "bob%2F..%2Falice",
                "b%D0%BEb", "x".repeat(200), "bob%20", "%20bob", "bob%0Aadmin", "%62%6f%62%E2%80%8B")) {
            out.add(Arguments.of("DELETE /admin/users/" + encoded, "admin",
                    new Request("DELETE", "/admin/users/" + encoded, Map.of(), new byte[0])));
            out.add(Arguments.of("POST /admin/slots/" + encoded + "/stop", "admin",
                    Request.post("/admin/slots/" + encoded + "/stop", Map.of(), "")));
        }
        return out.stream();
    }

    /** Property-style: ids drawn at random (fixed seed) from a hostile alphabet, keeping those the grammar refuses. */
    static List<String> generatedIds(int count, long seed) {
        String[] alphabet = {"a", "b", "o", "7", ".", "..", "_", "-", "@", "+", "/", "\\", "%", "%2e", "*", ";", ":",
            "\u043e", "\uff42", "\u200b", "\u00a0", "\u00e9", "\u00df", "\u202e", "\u0301", "\t", "~", "$", "'", "\""};
        Random random = new Random(seed);
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < count) {
            StringBuilder id = new StringBuilder();
            int parts = random.nextInt(random.nextInt(10) == 0 ? 140 : 12);
            for (int i = 0; i < parts; i++) {
                id.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String s = id.toString();
            if (UserId.problem(s) != null && s.strip().equals(s)) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /** Paths from alice's jobs API aimed at bob's volume ({@code bobVolume}) and at the host. */
    static Stream<Arguments> paths(String bobVolume) {
        Map<String, String> asAlice = Map.of("X-CCX-User", "alice");
        List<String> targets = List.of(
                "/v1/jobs/notes/files/..%2F..%2F" + bobVolume + "%2Fnotes%2Fplan.txt",
                "/v1/jobs/notes/files/%2e%2e/%2e%2e/" + bobVolume + "/notes/plan.txt",
                "/v1/jobs/..%2F" + bobVolume + "%2Fnotes/files/plan.txt",
                "/v1/jobs/%2e%2e/files/" + bobVolume + "/notes/plan.txt",
                "/v1/jobs/notes/files/%2F" + bobVolume + "%2Fnotes%2Fplan.txt",
                "/v1/jobs/notes/files/.%2e/.%2e/.%2e/etc/passwd",
                "/v1/jobs/notes/files/%C0%AE%C0%AE/%C0%AE%C0%AE/etc/passwd",
                "/v1/jobs/notes/files/a%5C..%5C..%5Cb",
                "/v1/jobs/notes/files/plan.txt%00.png",
                "/v1/jobs/notes/files/.ccx-upload-steal",
                "/v1/jobs/Notes/files/plan.txt",
                "/v1/jobs/" + "n".repeat(65) + "/files/plan.txt",
                "/v1/jobs/notes/files/" + "d/".repeat(70) + "x",
                "/v1/jobs/notes/files/%ZZ");
        List<Arguments> out = new ArrayList<>();
        for (String target : targets) {
            out.add(Arguments.of("GET " + target, "service", Request.get(target, asAlice)));
            out.add(Arguments.of("PUT " + target, "service", new Request("PUT", target, asAlice,
                    "stolen?".getBytes(StandardCharsets.UTF_8))));
            if (!target.contains(".ccx-upload-")) { // deleting a reserved name that cannot exist is a harmless 200
                out.add(Arguments.of("DELETE " + target, "service", new Request("DELETE", target, asAlice,
                        new byte[0])));
            }
        }
        return out.stream();
    }

    /** Model and provider names that must never reach a CLI's command line. */
    static Stream<Arguments> models() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String model : List.of("../../etc/passwd", "-p", "--dangerously-skip-permissions", "codex/../../bob",
                "codex/--yolo", "codex/gpt-5.5 --sandbox danger-full-access", "sonnet; cat /etc/passwd",
                "sonnet\\n--model opus", "sonnet\\u0000x", "\u0455onnet", "x".repeat(5000), "codex/" + "y".repeat(300))) {
            fields.put("model " + printable(model.length() > 60 ? model.substring(0, 60) + "..." : model),
                    "\"model\":\"" + model + "\"");
        }
        fields.put("model as a number", "\"model\":5");
        fields.put("model as a list", "\"model\":[\"sonnet\"]");
        fields.put("model as an object", "\"model\":{\"id\":\"sonnet\"}");
        fields.put("provider ../claude", "\"provider\":\"../claude\"");
        fields.put("provider CLAUDE", "\"provider\":\"CLAUDE\"");
        fields.put("provider as a number", "\"provider\":1");
        fields.put("claude alias with provider codex", "\"provider\":\"codex\",\"model\":\"sonnet\"");
        fields.put("codex model with provider claude", "\"provider\":\"claude\",\"model\":\"codex/gpt-5.5\"");
        return fields.entrySet().stream().map(e -> Arguments.of(e.getKey(), "service",
                Request.post(CHAT, Map.of("X-CCX-User", "alice"), "{" + e.getValue() + "," + OK_MESSAGES + "}")));
    }

    /**
     * Bodies that are not one well-formed JSON object, or whose fields have the wrong type or value. What the
     * cc-executor-docker contract reads leniently is valid input and not listed: truthy {@code output_files} strings,
     * unknown message roles (dropped), a {@code stream_options} that is not an object, {@code codex_sandbox} on a
     * Claude request (ignored).
     */
    static Stream<Arguments> bodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String raw : List.of("", "not json", "[]", "null", "42", "\"text\"", "{", "{\"messages\":[",
                "{\"a\":1,\"a\":2," + OK_MESSAGES + "}", "{" + OK_MESSAGES + "} trailing", "{" + OK_MESSAGES + "}{}",
                "{'messages':[]}", "{\"timeout\":NaN," + OK_MESSAGES + "}", "{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}")) {
            bodies.put("body " + printable(raw.length() > 40 ? raw.substring(0, 40) + "..." : raw), raw);
        }
        for (String field : List.of("\"messages\":\"hi\"", "\"messages\":{}", "\"messages\":[]", "\"messages\":[1]",
                "\"messages\":[{\"role\":5,\"content\":\"x\"}]", "\"messages\":[{\"role\":\"user\",\"content\":5}]",
                "\"messages\":[{\"role\":\"user\"}]", "\"messages\":null")) {
            bodies.put("wrong messages " + field, "{" + field + "}");
        }
        for (String field : List.of("\"stream\":\"yes\"", "\"stream\":1", "\"timeout\":\"60\"", "\"timeout\":-1",
                "\"timeout\":0", "\"allowed_tools\":\"Bash\"", "\"allowed_tools\":[5]", "\"job\":5",
                "\"job\":\"../bob\"", "\"job\":\"..\"", "\"cwd\":\"/etc\"", "\"cwd\":\"../../\"", "\"add_dirs\":[\"/home\"]",
                "\"add_dirs\":\"/jobs\"", "\"codex_sandbox\":[]", "\"output_files\":[]", "\"max_turns\":\"ten\"",
                "\"max_turns\":-1")) {
            bodies.put("wrong field " + field, "{" + field + "," + OK_MESSAGES + "}");
        }
        Map<String, String> asAlice = Map.of("X-CCX-User", "alice");
        Stream<Arguments> chat = bodies.entrySet().stream().map(e -> Arguments.of(e.getKey(), "service",
                Request.post(CHAT, asAlice, e.getValue())));
        Stream<Arguments> fronts = Stream.of("/v1/messages", "/v1/responses").flatMap(path -> Stream.of(
                Arguments.of(path + " with body not json", "service", Request.post(path, asAlice, "not json")),
                Arguments.of(path + " with body []", "service", Request.post(path, asAlice, "[]")),
                Arguments.of(path + " without messages", "service", Request.post(path, asAlice, "{\"model\":\"sonnet\"}"))));
        byte[] badUtf8 = {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        return Stream.concat(Stream.concat(chat, fronts), Stream.of(
                Arguments.of("body of invalid UTF-8", "service", new Request("POST", CHAT, asAlice, badUtf8))));
    }

    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : (char) c));
        return out.length() > 50 ? out.substring(0, 50) + "..." : out.toString();
    }
}

package dev.ccx.orchestrator.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The attack scripts of {@code src/test/resources/adversarial/} as fake-model directives: each script, with the
 * facts the attacker was handed prepended as variables, travels base64-encoded in one {@code @fake bash} line, so
 * no quoting survives into the CLI's tool call and nothing in it can be mangled.
 */
final class AttackScripts {
    private final Map<String, String> facts = new LinkedHashMap<>();

    /** Adds {@code name=value} to what every script is told (values are single-quoted, so no quotes allowed). */
    AttackScripts fact(String name, String value) {
        if (value.contains("'")) {
            throw new IllegalArgumentException(name + " must not contain a quote");
        }
        facts.put(name, value);
        return this;
    }

    /** The directive that runs {@code adversarial/<name>.sh} with the agent's shell tool. */
    String step(String name) {
        String exports = facts.entrySet().stream().map(e -> "export " + e.getKey() + "='" + e.getValue() + "'")
                .collect(Collectors.joining("\n", "", "\n"));
        String script = exports + resource(name);
        String encoded = Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8));
        String file = "/tmp/ccx-" + name + ".sh";
        return "@fake bash echo " + encoded + " | base64 -d > " + file + " && bash " + file + " 2>&1";
    }

    /** A prompt that runs the named scripts in order, one tool call each. */
    String prompt(String... names) {
        StringBuilder prompt = new StringBuilder("Security exercise: run these checks and report.\n");
        for (String name : names) {
            prompt.append(step(name)).append('\n');
        }
        return prompt.append("@fake reply attacks done").toString();
    }

    private static String resource(String name) {
        try (InputStream in = AttackScripts.class.getResourceAsStream("/adversarial/" + name + ".sh")) {
            if (in == null) {
                throw new IllegalArgumentException("no attack script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

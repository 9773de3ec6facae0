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

    /**
     * The directive that starts {@code adversarial/<name>.sh} in a session of its own and returns at once, for a
     * script that needs longer than one tool call may take (codex hands a command back after 30 s); its output
     * goes to {@code /tmp/ccx-<name>.out}, and {@code .done} marks its end.
     */
    String start(String name) {
        String file = "/tmp/ccx-" + name;
        return step(name).replace(" && bash " + file + ".sh 2>&1", " && (setsid nohup bash " + file + ".sh > "
                + file + ".out 2>&1 < /dev/null; touch " + file + ".done) > /dev/null 2>&1 < /dev/null & echo started");
    }

    /** The directive that waits up to 28 s for a script begun with {@link #start} and prints what it wrote. */
    String collect(String name) {
        String file = "/tmp/ccx-" + name;
        return "@fake bash for i in $(seq 1 28); do [ -e " + file + ".done ] && break; sleep 1; done; cat " + file
                + ".out";
    }

    /**
     * A prompt that runs the named scripts in order, one tool call each; {@code "start:x"} and {@code "collect:x"}
     * run script {@code x} in the background across the steps between them.
     */
    String prompt(String... names) {
        StringBuilder prompt = new StringBuilder("Security exercise: run these checks and report.\n");
        for (String name : names) {
            String directive = name.startsWith("start:") ? start(name.substring("start:".length()))
                    : name.startsWith("collect:") ? collect(name.substring("collect:".length())) : step(name);
            prompt.append(directive).append('\n');
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

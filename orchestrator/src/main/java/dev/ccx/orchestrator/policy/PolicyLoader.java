package dev.ccx.orchestrator.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ccx.orchestrator.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a policy file (YAML, parsed by Jackson) with its per-user overrides, validating every field and naming
 * the bad ones; a bad policy stops the orchestrator before anything starts.
 */
public final class PolicyLoader {
    static final String BUILT_IN = "policies/default.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private PolicyLoader() {}

    /** Loads {@code file}, or the built-in default policy when empty. */
    public static PolicySet load(Optional<Path> file) {
        String source = file.map(Path::toString).orElse("built-in " + BUILT_IN);
        SeccompSource seccomp = file.<SeccompSource>map(f -> name -> readFile(f.toAbsolutePath().getParent(), name))
                .orElse(PolicyLoader::readResource);
        String text = file.map(PolicyLoader::readPolicyFile).orElseGet(() -> readResource("default.yaml"));
        return parse(text, source, seccomp);
    }

    /** Parses policy text; {@code seccomp} resolves profile file names mentioned in it. */
    public static PolicySet parse(String yaml, String source, SeccompSource seccomp) {
        List<String> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException(List.of("policy " + source + ": not valid YAML: " + firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(List.of("policy " + source + ": must be a YAML mapping"));
        }
        PolicyParser parser = new PolicyParser(problems, seccomp);
        Policy defaults = parser.policy((ObjectNode) root, "");
        List<PolicySet.Override> overrides = new ArrayList<>();
        JsonNode list = root.path("overrides");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            problems.add("overrides: must be a list");
        } else if (list.isArray()) {
            for (int i = 0; i < list.size(); i++) {
                parseOverride(parser, (ObjectNode) root, list.get(i), "overrides[" + i + "]", problems)
                        .ifPresent(overrides::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().map(p -> "policy " + source + ": " + p).toList());
        }
        return new PolicySet(defaults, overrides);
    }

    private static Optional<PolicySet.Override> parseOverride(PolicyParser parser, ObjectNode root, JsonNode entry,
                                                              String path, List<String> problems) {
        if (!entry.isObject() || !entry.path("match").isTextual() || entry.path("match").asText().isEmpty()) {
            problems.add(path + ".match: every override needs a user-id glob in 'match'");
            return Optional.empty();
        }
        ObjectNode merged = root.deepCopy();
        merged.remove("overrides");
        ObjectNode patch = entry.deepCopy();
        patch.remove("match");
        merge(merged, patch);
        List<String> inherited = List.copyOf(problems);
        int before = problems.size();
        Policy policy = parser.policy(merged, path + ".");
        boolean valid = problems.size() == before;
        // a bad default is reported once, not again for every override that inherits it
        problems.subList(before, problems.size()).removeIf(p -> inherited.contains(p.substring(path.length() + 1)));
        return valid ? Optional.of(new PolicySet.Override(entry.get("match").asText(), policy)) : Optional.empty();
    }

    /** Deep-merges {@code patch} into {@code base}: mappings merge, everything else replaces. */
    static void merge(ObjectNode base, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = base.get(field.getKey());
            if (existing instanceof ObjectNode target && field.getValue() instanceof ObjectNode source) {
                merge(target, source);
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }

    private static String readPolicyFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of("policy " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private static String readFile(Path dir, String name) {
        try {
            return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + name + " next to the policy file");
        }
    }

    private static String readResource(String name) {
        try (InputStream in = PolicyLoader.class.getClassLoader().getResourceAsStream("policies/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no built-in policies/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read built-in policies/" + name);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Resolves a seccomp profile file name to its JSON text. */
    @FunctionalInterface
    public interface SeccompSource {
        String read(String name);
    }
}

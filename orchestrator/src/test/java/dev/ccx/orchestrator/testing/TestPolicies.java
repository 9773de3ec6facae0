package dev.ccx.orchestrator.testing;

import dev.ccx.orchestrator.policy.PolicyLoader;
import dev.ccx.orchestrator.policy.PolicySet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Policies written inline in tests, with the shipped runner seccomp profile as their default, as in production. */
public final class TestPolicies {
    private TestPolicies() {}

    /** Parses {@code yaml}; the only seccomp file it may name (or omit) is {@code seccomp-runner.json}. */
    public static PolicySet parse(String yaml) {
        return PolicyLoader.parse(yaml, "test.yaml", name -> {
            if (!name.equals("seccomp-runner.json")) {
                throw new IllegalArgumentException("cannot read " + name + " next to the policy file");
            }
            return runnerProfile();
        });
    }

    private static String runnerProfile() {
        try (InputStream in = TestPolicies.class.getClassLoader().getResourceAsStream("policies/seccomp-runner.json")) {
            if (in == null) {
                throw new IllegalStateException("policies/seccomp-runner.json is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.ccx.orchestrator.policy;

import dev.ccx.orchestrator.auth.UserId;
import java.util.List;

/** The default policy plus ordered per-user/per-tenant overrides (glob on the user id; first match wins). */
public record PolicySet(Policy defaults, List<Override> overrides) {
    public PolicySet {
        overrides = List.copyOf(overrides);
    }

    public Policy forUser(UserId user) {
        for (Override o : overrides) {
            if (ProviderRule.Globs.matches(o.match(), user.value())) {
                return o.policy();
            }
        }
        return defaults;
    }

    /** Whether any user gets a network of their own (the default policy or an override says per-user). */
    public boolean anyPerUserNetwork() {
        return defaults.network() == NetworkMode.PER_USER
                || overrides.stream().anyMatch(o -> o.policy().network() == NetworkMode.PER_USER);
    }

    /** A fully resolved policy for the users whose id matches {@code match}. */
    public record Override(String match, Policy policy) {}
}

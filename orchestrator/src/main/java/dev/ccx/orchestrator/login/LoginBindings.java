package dev.ccx.orchestrator.login;

import dev.ccx.orchestrator.auth.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which user started each login session, for as long as the runner keeps the session, so that a caller acting for
 * another user is told 403 instead of having the request forwarded. In memory: a restart forgets the bindings (the
 * sessions themselves live in each user's own runner, where no other user's request ever arrives).
 */
public final class LoginBindings {
    static final int MAX_ENTRIES = 10_000;

    private record Binding(UserId user, LoginCli cli, Instant expires) {}

    private final Map<String, Binding> bindings = new LinkedHashMap<>();
    private final Clock clock;

    public LoginBindings(Clock clock) {
        this.clock = clock;
    }

    /** Records that {@code user} started session {@code id} of {@code cli}. */
    public synchronized void bind(String id, UserId user, LoginCli cli) {
        sweep();
        if (bindings.size() >= MAX_ENTRIES) {
            Iterator<String> oldest = bindings.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        bindings.put(id, new Binding(user, cli, clock.instant().plus(cli.sessionTtl())));
    }

    /** The user who started session {@code id} of {@code cli}, while it is live. */
    public synchronized Optional<UserId> owner(String id, LoginCli cli) {
        sweep();
        Binding b = bindings.get(id);
        return b == null || b.cli() != cli ? Optional.empty() : Optional.of(b.user());
    }

    /** Forgets session {@code id} (it finished or the runner no longer knows it). */
    public synchronized void forget(String id) {
        bindings.remove(id);
    }

    /** Forgets every session of {@code user} for {@code cli} (its home was purged). */
    public synchronized void forgetUser(UserId user, LoginCli cli) {
        bindings.values().removeIf(b -> b.user().equals(user) && b.cli() == cli);
    }

    private void sweep() {
        Instant now = clock.instant();
        bindings.values().removeIf(b -> !now.isBefore(b.expires()));
    }
}

package dev.ccx.runner.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Login sessions waiting for their second step, by random id. A session expires a fixed time after it was opened
 * (checked on every access, not only when a new one starts) and is used once: {@link #claim} hands it to one
 * caller at a time, {@link #finish} ends it, {@link #release} gives it back after a failed attempt.
 *
 * @param <S> what a session holds
 */
public final class LoginSessions<S> {

    private final Duration ttl;
    private final Clock clock;
    private final Consumer<S> onEnd;
    private final Map<String, Entry<S>> sessions = new LinkedHashMap<>();

    /** {@code onEnd} is called for sessions that expire or are closed (e.g. to stop a login process). */
    public LoginSessions(Duration ttl, Clock clock, Consumer<S> onEnd) {
        this.ttl = ttl;
        this.clock = clock;
        this.onEnd = onEnd;
    }

    private static final class Entry<S> {
        final S session;
        final Instant expires;
        boolean busy;

        Entry(S session, Instant expires) {
            this.session = session;
            this.expires = expires;
        }
    }

    /** Stores {@code session} and returns its new id. */
    public String open(S session) {
        String id = UUID.randomUUID().toString();
        List<S> ended;
        synchronized (this) {
            ended = sweep();
            sessions.put(id, new Entry<>(session, clock.instant().plus(ttl)));
        }
        ended.forEach(onEnd);
        return id;
    }

    /** The live session {@code id}, without claiming it. */
    public Optional<S> peek(String id) {
        return access(id, false);
    }

    /** The live session {@code id}, reserved for the caller; empty when unknown, expired or claimed already. */
    public Optional<S> claim(String id) {
        return access(id, true);
    }

    /** Makes a claimed session usable again (the attempt failed in a way the user can retry). */
    public synchronized void release(String id) {
        Entry<S> e = sessions.get(id);
        if (e != null) {
            e.busy = false;
        }
    }

    /** Ends session {@code id} for good (it succeeded, or can never succeed). */
    public synchronized void finish(String id) {
        sessions.remove(id);
    }

    /** Ends every session, calling {@code onEnd} for each. */
    public void closeAll() {
        List<S> ended;
        synchronized (this) {
            ended = sessions.values().stream().map(e -> e.session).toList();
            sessions.clear();
        }
        ended.forEach(onEnd);
    }

    private Optional<S> access(String id, boolean claim) {
        List<S> ended;
        Optional<S> found = Optional.empty();
        synchronized (this) {
            ended = sweep();
            Entry<S> e = id == null ? null : sessions.get(id);
            if (e != null && !(claim && e.busy)) {
                e.busy |= claim;
                found = Optional.of(e.session);
            }
        }
        ended.forEach(onEnd);
        return found;
    }

    private List<S> sweep() {
        Instant now = clock.instant();
        List<S> ended = new ArrayList<>();
        for (Iterator<Entry<S>> it = sessions.values().iterator(); it.hasNext(); ) {
            Entry<S> e = it.next();
            if (!e.busy && !now.isBefore(e.expires)) {
                it.remove();
                ended.add(e.session);
            }
        }
        return ended;
    }
}

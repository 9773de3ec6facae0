package dev.ccx.runner.http;

import dev.ccx.runner.Ids;
import dev.ccx.runner.cli.Cancellation;
import dev.ccx.runner.error.AgentException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The runs in flight by id, so a caller can cancel a run whose HTTP connection it can no longer use. */
final class RunRegistry {

    static final String HEADER = "X-CCX-Run-Id";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Map<String, Cancellation> runs = new ConcurrentHashMap<>();

    /** Registers a run under the caller's id (or a fresh one); 400 for a malformed or duplicate id. */
    String register(Optional<String> requested, Cancellation cancel) {
        String id = requested.orElseGet(() -> Ids.uuid().toString());
        if (!ID.matcher(id).matches()) {
            throw AgentException.invalid(HEADER + " must match [A-Za-z0-9._-]{1,64}");
        }
        if (runs.putIfAbsent(id, cancel) != null) {
            throw AgentException.invalid(HEADER + " " + id + " is already in use by a running request");
        }
        return id;
    }

    void remove(String id) {
        runs.remove(id);
    }

    /** Cancels run {@code id}; false when no such run is in flight. */
    boolean cancel(String id) {
        Cancellation c = runs.get(id);
        if (c == null) {
            return false;
        }
        c.cancel();
        return true;
    }

    int active() {
        return runs.size();
    }
}

package dev.ccx.fakemodel.script;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failures served for {@code @fake error <status> <count>} so that only the first
 * {@code count} attempts of a conversation fail; keyed by the directive's key or the prompt text.
 */
public final class ErrorBudget {

    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();

    /** Whether this attempt should fail; consumes one failure when it should. */
    public boolean shouldFail(Script.ErrorSpec spec, String scriptText) {
        if (spec.times().isEmpty()) {
            return true;
        }
        String key = spec.key().orElse(scriptText);
        int attempt = served.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return attempt <= spec.times().get();
    }

    /** Forgets all counts, so every keyed error script fails afresh. */
    public void reset() {
        served.clear();
    }
}

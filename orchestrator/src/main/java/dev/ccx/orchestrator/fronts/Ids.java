package dev.ccx.orchestrator.fronts;

import java.util.UUID;

/** Random object ids in the vendors' style ({@code resp_…}, {@code msg_…}). */
final class Ids {
    private Ids() {}

    static String random(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }
}

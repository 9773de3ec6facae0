package dev.ccx.orchestrator.tls;

import java.util.regex.Pattern;

/** Validates the DNS names that go into certificates (slot names, the orchestrator's client name). */
final class DnsNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private DnsNames() {
    }

    /** Returns {@code name} if it is a lowercase DNS name of one or more labels, else throws. */
    static String require(String name) {
        if (name == null || name.isEmpty() || name.length() > 253) {
            throw new IllegalArgumentException("not a DNS-safe name: " + quoted(name));
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("not a DNS-safe name: " + quoted(name));
            }
        }
        return name;
    }

    private static String quoted(String name) {
        if (name == null) {
            return "null";
        }
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return "'" + shown + "'";
    }
}

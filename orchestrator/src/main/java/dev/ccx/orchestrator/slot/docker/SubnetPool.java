package dev.ccx.orchestrator.slot.docker;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carves small IPv4 subnets (/28 by default: the runner, the gateway and the orchestrator fit many times over)
 * for per-user networks out of one configured range, so hundreds of users do not exhaust Docker's default pools.
 * A slot's preferred subnet is derived from its name; {@link #candidate} walks on from there when one is taken.
 */
public final class SubnetPool {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private final long base;
    private final int rangePrefix;
    private final int subnetPrefix;

    public SubnetPool(String cidr, int subnetPrefix) {
        Matcher m = CIDR.matcher(cidr.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an IPv4 CIDR range: " + cidr);
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + cidr);
            }
            address = (address << 8) | octet;
        }
        this.rangePrefix = Integer.parseInt(m.group(5));
        if (rangePrefix < 8 || rangePrefix > subnetPrefix - 2 || subnetPrefix > 29) {
            throw new IllegalArgumentException("range /" + rangePrefix + " must hold at least four /" + subnetPrefix
                    + " subnets");
        }
        this.subnetPrefix = subnetPrefix;
        long mask = (0xffffffffL << (32 - rangePrefix)) & 0xffffffffL;
        this.base = address & mask;
    }

    public int size() {
        return 1 << (subnetPrefix - rangePrefix);
    }

    /** The {@code attempt}-th subnet to try for {@code slotName}, e.g. {@code 10.201.3.48/28}. */
    public String candidate(String slotName, int attempt) {
        int index = Math.floorMod(hash(slotName) + attempt, size());
        long start = base + ((long) index << (32 - subnetPrefix));
        return format(start) + "/" + subnetPrefix;
    }

    private static int hash(String name) {
        int h = 0;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + (b & 0xff);
        }
        return h;
    }

    private static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255);
    }
}

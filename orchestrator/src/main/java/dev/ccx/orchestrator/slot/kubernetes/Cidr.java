package dev.ccx.orchestrator.slot.kubernetes;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in canonical CIDR form (host bits zero), as a NetworkPolicy {@code ipBlock} needs it.
 * Parsing never resolves a name: only address literals are accepted.
 */
public record Cidr(String text, boolean ipv6) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** Parses {@code 10.0.0.0/8} or {@code fc00::/7}; the message of the exception says what is wrong. */
    public static Cidr parse(String raw) {
        int slash = raw.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR (use e.g. 10.0.0.0/8): " + raw);
        }
        String address = raw.substring(0, slash);
        boolean ipv6 = IPV6.matcher(address).matches();
        if (!ipv6 && !IPV4.matcher(address).matches()) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        byte[] bytes = literal(address);
        if (ipv6 && bytes.length != 16) {
            throw new IllegalArgumentException("write IPv4 networks in dotted form: " + raw);
        }
        int prefix = prefix(raw.substring(slash + 1), bytes.length * 8);
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                throw new IllegalArgumentException("host bits are set in " + raw + " (write the network address)");
            }
        }
        return new Cidr(raw, ipv6);
    }

    private static byte[] literal(String address) {
        try {
            return InetAddress.getByName(address).getAddress(); // a literal (checked above): no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }

    private static int prefix(String raw, int bits) {
        try {
            int prefix = Integer.parseInt(raw);
            if (prefix < 1 || prefix > bits) {
                throw new IllegalArgumentException("prefix length must be between 1 and " + bits + ": /" + raw);
            }
            return prefix;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix length: /" + raw, e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}

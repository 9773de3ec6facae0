package dev.ccx.orchestrator.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range ({@code 10.0.0.0/8}, {@code ::1}) that a peer address can be tested against,
 * e.g. to decide which proxies' {@code X-Forwarded-Proto} to believe. Parsing never resolves a name.
 */
public final class IpNetwork {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private final String text;
    private final byte[] network;
    private final int prefix;

    private IpNetwork(String text, byte[] network, int prefix) {
        this.text = text;
        this.network = network;
        this.prefix = prefix;
    }

    /** Parses an address ({@code 192.0.2.7}) or a network ({@code 192.0.2.0/24}); the message says what is wrong. */
    public static IpNetwork parse(String raw) {
        int slash = raw.indexOf('/');
        byte[] address = literal(slash < 0 ? raw : raw.substring(0, slash))
                .orElseThrow(() -> new IllegalArgumentException("not an IP address or network: " + raw));
        int bits = address.length * 8;
        int prefix = slash < 0 ? bits : prefix(raw.substring(slash + 1), bits);
        return new IpNetwork(raw, address, prefix);
    }

    /** Whether {@code address} (a literal such as a request's peer address) lies in this range. */
    public boolean contains(String address) {
        byte[] candidate = literal(address).orElse(null);
        if (candidate == null || candidate.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static Optional<byte[]> literal(String address) {
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        if (!IPV4.matcher(bare).matches() && !IPV6.matcher(bare).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare).getAddress()); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static int prefix(String raw, int bits) {
        try {
            int prefix = Integer.parseInt(raw);
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length must be between 0 and " + bits + ": /" + raw);
            }
            return prefix;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix length: /" + raw, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpNetwork other && prefix == other.prefix && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}

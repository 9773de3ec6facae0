package dev.ccx.runner.files;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One satisfiable byte range of a file ({@code first} to {@code last}, inclusive), from a single-range
 * {@code Range: bytes=a-b | a- | -n} header (RFC 9110 section 14).
 */
public record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,40})-(\\d{0,40})");

    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("bad range " + first + "-" + last);
        }
    }

    /**
     * The range {@code header} asks for in a file of {@code size} bytes: empty when there is no header or it is one
     * the server may ignore (another unit, several ranges, a syntax error: the whole file is sent); a 416
     * {@link AgentException} when it cannot be satisfied.
     */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        Long first = number(m.group(1));
        Long last = number(m.group(2));
        if (first == null) {
            if (last == 0 || size == 0) {
                throw unsatisfiable(size);
            }
            return Optional.of(new ByteRange(Math.max(0, size - last), size - 1));
        }
        if (last != null && last < first) {
            return Optional.empty();
        }
        if (first >= size) {
            throw unsatisfiable(size);
        }
        return Optional.of(new ByteRange(first, last == null ? size - 1 : Math.min(last, size - 1)));
    }

    /** Bytes in the range. */
    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value for a file of {@code size} bytes. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    private static Long number(String digits) {
        if (digits.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static AgentException unsatisfiable(long size) {
        return new AgentException(Reason.RANGE_NOT_SATISFIABLE,
                "the requested range is not satisfiable: the file has " + size + " bytes");
    }
}

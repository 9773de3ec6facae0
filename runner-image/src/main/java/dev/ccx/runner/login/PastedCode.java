package dev.ccx.runner.login;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a user pasted to finish a Claude login, normalised: the bare code, {@code code#state},
 * {@code code&state=…}, or the whole callback URL with {@code code} and {@code state} in its query or fragment.
 *
 * @param code  the authorization code (never empty)
 * @param state the state that came with it, when the paste carried one
 */
public record PastedCode(String code, Optional<String> state) {

    /** Normalises {@code paste}; empty when no code can be found in it. */
    public static Optional<PastedCode> parse(String paste) {
        String s = paste == null ? "" : paste.strip();
        if (s.startsWith("http://") || s.startsWith("https://")) {
            return fromUrl(s);
        }
        int hash = s.indexOf('#');
        if (hash >= 0) {
            return of(s.substring(0, hash).strip(), s.substring(hash + 1).strip());
        }
        int amp = s.indexOf("&state=");
        if (amp >= 0) {
            return of(s.substring(0, amp).strip(), s.substring(amp + "&state=".length()).strip());
        }
        return of(s, "");
    }

    private static Optional<PastedCode> fromUrl(String url) {
        try {
            URI uri = new URI(url);
            String code = param(uri.getRawQuery(), "code");
            String state = param(uri.getRawQuery(), "state");
            if (code.isEmpty()) {
                code = param(uri.getRawFragment(), "code");
                state = state.isEmpty() ? param(uri.getRawFragment(), "state") : state;
            }
            return of(code, state);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String param(String raw, String name) {
        if (raw == null) {
            return "";
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).strip();
            }
        }
        return "";
    }

    /** Never prints the code. */
    @Override
    public String toString() {
        return "PastedCode[state=" + state.isPresent() + "]";
    }

    private static Optional<PastedCode> of(String code, String state) {
        return code.isEmpty() ? Optional.empty()
                : Optional.of(new PastedCode(code, state.isEmpty() ? Optional.empty() : Optional.of(state)));
    }
}

package dev.ccx.runner.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How logins run in this runner: Claude's OAuth endpoints and client id, the issuer Codex's device login talks
 * to, and whether the user must log in personally (then no shared credential reaches a CLI or counts as a login).
 *
 * @param claudeAuthorizeUrl Claude's OAuth consent page
 * @param claudeTokenUrl     Claude's OAuth token endpoint (the exchange happens in the runner)
 * @param claudeClientId     Claude's OAuth client id
 * @param codexIssuer        a non-default auth issuer for {@code codex login} ({@code --experimental_issuer})
 * @param requireUserLogin   drop shared credentials and refuse runs of a CLI the user has not logged in to
 */
public record LoginSettings(String claudeAuthorizeUrl, String claudeTokenUrl, String claudeClientId,
        Optional<String> codexIssuer, boolean requireUserLogin) {

    public static final String DEFAULT_AUTHORIZE_URL = "https://claude.ai/oauth/authorize";
    public static final String DEFAULT_TOKEN_URL = "https://console.anthropic.com/v1/oauth/token";
    public static final String DEFAULT_CLIENT_ID = "9d1c250a-e61b-44d9-88ed-5944d1962f5e";

    /** Variables that carry a shared model credential; with {@code requireUserLogin} none reaches a CLI. */
    public static final List<String> SHARED_CREDENTIALS = List.of("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN",
            "CLAUDE_CODE_OAUTH_TOKEN", "OPENAI_API_KEY", "CODEX_API_KEY", "CODEX_ACCESS_TOKEN");

    private static final Pattern ENV_KEY = Pattern.compile("model_providers\\.[^=]+\\.env_key\\s*=\\s*\"?([A-Za-z_]"
            + "[A-Za-z0-9_]*)\"?\\s*");

    /** Reads {@code CCX_CLAUDE_OAUTH_*}, {@code CCX_CODEX_LOGIN_ISSUER} and {@code CCX_REQUIRE_USER_LOGIN}. */
    static LoginSettings read(EnvReader r) {
        return new LoginSettings(
                url(r, "CCX_CLAUDE_OAUTH_AUTHORIZE_URL", DEFAULT_AUTHORIZE_URL),
                url(r, "CCX_CLAUDE_OAUTH_TOKEN_URL", DEFAULT_TOKEN_URL),
                r.string("CCX_CLAUDE_OAUTH_CLIENT_ID", DEFAULT_CLIENT_ID),
                r.optional("CCX_CODEX_LOGIN_ISSUER").map(v -> url(r, "CCX_CODEX_LOGIN_ISSUER", v)),
                r.bool("CCX_REQUIRE_USER_LOGIN", false));
    }

    /**
     * {@code cli} as this setting allows it: with {@code requireUserLogin}, without the shared credentials and
     * without the variables a Codex provider names as its {@code env_key}; a literal bearer token in the Codex
     * overrides is then a configuration error.
     */
    CliSettings restrict(CliSettings cli, EnvReader r) {
        if (!requireUserLogin) {
            return cli;
        }
        Set<String> dropped = new TreeSet<>(SHARED_CREDENTIALS);
        List<String> codexConfig = new ArrayList<>();
        for (String entry : cli.codexConfig()) {
            Matcher m = ENV_KEY.matcher(entry);
            if (m.matches()) {
                dropped.add(m.group(1));
                continue;
            }
            if (entry.contains("experimental_bearer_token")) {
                r.error("CCX_CODEX_CONFIG: a literal bearer token is a shared credential; not allowed with "
                        + "CCX_REQUIRE_USER_LOGIN=true");
            }
            codexConfig.add(entry);
        }
        Map<String, String> passThrough = new LinkedHashMap<>(cli.passThrough());
        passThrough.keySet().removeAll(dropped);
        return new CliSettings(cli.claudeBin(), cli.codexBin(), cli.path(), cli.lang(), cli.timeZone(), passThrough,
                codexConfig, cli.codexDefaultModel(), cli.codexModels());
    }

    private static String url(EnvReader r, String name, String fallback) {
        String value = r.string(name, fallback);
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                r.error(name + ": must be an absolute http(s) URL, got '" + value + "'");
            }
        } catch (URISyntaxException e) {
            r.error(name + ": not a URL: '" + value + "'");
        }
        return value;
    }
}

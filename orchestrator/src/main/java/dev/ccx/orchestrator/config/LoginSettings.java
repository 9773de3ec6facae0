package dev.ccx.orchestrator.config;

import dev.ccx.orchestrator.auth.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-user logins and the cc-executor-docker compatibility layer: where runners send Claude's OAuth exchange and
 * Codex's device login, whether every user must log in personally (then no shared model credential enters a
 * runner), and which user the predecessor's shared default config directory stands for.
 *
 * @param requireUserLogin   no shared credential enters a runner; runs of a CLI the user has not logged in to get 403
 * @param claudeAuthorizeUrl Claude's OAuth consent page
 * @param claudeTokenUrl     Claude's OAuth token endpoint (called from the runner)
 * @param claudeClientId     Claude's OAuth client id
 * @param codexIssuer        a non-default OpenAI auth issuer for {@code codex login}
 * @param compatDefaultUser  the user behind {@code /root/.claude} / {@code /root/.codex}; empty: refused
 */
public record LoginSettings(boolean requireUserLogin, String claudeAuthorizeUrl, String claudeTokenUrl,
                            String claudeClientId, Optional<String> codexIssuer, Optional<String> compatDefaultUser) {

    public static final LoginSettings DEFAULTS = new LoginSettings(false, "https://claude.ai/oauth/authorize",
            "https://console.anthropic.com/v1/oauth/token", "9d1c250a-e61b-44d9-88ed-5944d1962f5e", Optional.empty(),
            Optional.empty());

    /** Variables that carry a shared model credential; with {@code requireUserLogin} they never enter a runner. */
    public static final List<String> SHARED_CREDENTIALS = List.of("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN",
            "CLAUDE_CODE_OAUTH_TOKEN", "OPENAI_API_KEY", "CODEX_API_KEY", "CODEX_ACCESS_TOKEN");

    private static final Pattern ENV_KEY = Pattern.compile("model_providers\\.[^=]+\\.env_key\\s*=\\s*\"?"
            + "([A-Za-z_][A-Za-z0-9_]*)\"?\\s*");

    /** Reads {@code CCX_REQUIRE_USER_LOGIN}, {@code CCX_CLAUDE_OAUTH_*}, {@code CCX_CODEX_LOGIN_ISSUER}, ... */
    public static LoginSettings read(EnvReader r) {
        Optional<String> defaultUser = r.optional("CCX_COMPAT_DEFAULT_USER");
        defaultUser.map(UserId::problem).ifPresent(p -> r.error("CCX_COMPAT_DEFAULT_USER: " + p));
        return new LoginSettings(r.bool("CCX_REQUIRE_USER_LOGIN", false),
                url(r, "CCX_CLAUDE_OAUTH_AUTHORIZE_URL", DEFAULTS.claudeAuthorizeUrl()),
                url(r, "CCX_CLAUDE_OAUTH_TOKEN_URL", DEFAULTS.claudeTokenUrl()),
                r.string("CCX_CLAUDE_OAUTH_CLIENT_ID", DEFAULTS.claudeClientId()),
                r.optional("CCX_CODEX_LOGIN_ISSUER").map(v -> url(r, "CCX_CODEX_LOGIN_ISSUER", v)),
                defaultUser);
    }

    /** The runner agent's variables for these settings. */
    public Map<String, String> agentEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CCX_REQUIRE_USER_LOGIN", Boolean.toString(requireUserLogin));
        env.put("CCX_CLAUDE_OAUTH_AUTHORIZE_URL", claudeAuthorizeUrl);
        env.put("CCX_CLAUDE_OAUTH_TOKEN_URL", claudeTokenUrl);
        env.put("CCX_CLAUDE_OAUTH_CLIENT_ID", claudeClientId);
        codexIssuer.ifPresent(issuer -> env.put("CCX_CODEX_LOGIN_ISSUER", issuer));
        return env;
    }

    /**
     * With {@code requireUserLogin}, removes from {@code cliEnv} the shared credentials and every variable a Codex
     * provider in {@code codexConfig} reads its key from, so they never enter a runner (whose processes could read
     * the container's environment).
     */
    public void dropSharedCredentials(Map<String, String> cliEnv, List<String> codexConfig) {
        if (!requireUserLogin) {
            return;
        }
        TreeSet<String> dropped = new TreeSet<>(SHARED_CREDENTIALS);
        for (String entry : codexConfig) {
            Matcher m = ENV_KEY.matcher(entry);
            if (m.matches()) {
                dropped.add(m.group(1));
            }
        }
        cliEnv.keySet().removeAll(dropped);
    }

    private static String url(EnvReader r, String name, String fallback) {
        String value = r.string(name, fallback);
        try {
            java.net.URI uri = new java.net.URI(value);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                r.error(name + ": must be an absolute http(s) URL");
            }
        } catch (java.net.URISyntaxException e) {
            r.error(name + ": not a URL");
        }
        return value;
    }
}

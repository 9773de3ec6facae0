package dev.ccx.orchestrator.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.orchestrator.auth.Principal;
import dev.ccx.orchestrator.auth.Role;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.http.ApiException;
import dev.ccx.orchestrator.http.Callers;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Decides which user a request acts for when it may name one the ccx way ({@code X-CCX-User}, or a user token's
 * subject) or the cc-executor-docker way (a config directory in a header or, where the predecessor read it, in the
 * body). Two names that disagree are refused; a request that names nobody acts for the configured default user.
 */
public final class UserSelection {
    private final Callers callers;
    private final Optional<UserId> defaultUser;

    public UserSelection(Callers callers, Optional<UserId> defaultUser) {
        this.callers = callers;
        this.defaultUser = defaultUser;
    }

    /** Authenticates the caller (401) and refuses admin keys (403); call it before reading a body that names the user. */
    public void admit(Context ctx) {
        callers.admitUserCaller(ctx);
    }

    /** The user of a request that may name a {@code dirs} directory in its header or, if given, in {@code body}. */
    public UserId resolve(Context ctx, ConfigDirs dirs, Optional<JsonNode> body) {
        Principal principal = callers.principal(ctx);
        String named = ctx.header(Callers.USER_HEADER);
        Optional<String> dir = dir(ctx, dirs, body);
        if (dir.isPresent()) {
            UserId fromDir = dirs.user(dir.get()).or(() -> defaultUser).orElseThrow(dirs::defaultRefused);
            if (named != null && !named.isEmpty() && !named.equals(fromDir.value())) {
                throw ApiException.badRequest("config_dir_user_mismatch",
                        Callers.USER_HEADER + " names another user than " + dirs.header());
            }
            named = fromDir.value();
        } else if ((named == null || named.isEmpty()) && principal.role() == Role.SERVICE && defaultUser.isPresent()) {
            named = defaultUser.get().value();
        }
        return callers.user(ctx, named);
    }

    /** The user whose directory a purge names (header only, required; the default directory is refused). */
    public UserId forDelete(Context ctx, ConfigDirs dirs) {
        callers.principal(ctx);
        UserId user = dirs.userForDelete(ctx.header(dirs.header()));
        String named = ctx.header(Callers.USER_HEADER);
        if (named != null && !named.isEmpty() && !named.equals(user.value())) {
            throw ApiException.badRequest("config_dir_user_mismatch",
                    Callers.USER_HEADER + " names another user than " + dirs.header());
        }
        return callers.user(ctx, user.value());
    }

    /** The directory a predecessor client would use for {@code user} on this request. */
    public String dirOf(Context ctx, ConfigDirs dirs, UserId user) {
        String header = ctx.header(dirs.header());
        boolean viaDefault = header != null && !header.isEmpty() ? dirs.user(header).isEmpty()
                : ctx.header(Callers.USER_HEADER) == null && defaultUser.filter(user::equals).isPresent();
        return viaDefault ? dirs.root() : dirs.dirOf(user);
    }

    /** The user of a chat request: the Codex directory for a Codex request, the Claude one otherwise. */
    public UserId forChat(Context ctx, JsonNode body) {
        return resolve(ctx, providerOf(body), Optional.of(body));
    }

    /** The user of {@code GET /v1/models}: named by the Codex directory (as before), else the Claude one. */
    public UserId forModels(Context ctx) {
        String codex = ctx.header(ConfigDirs.CODEX.header());
        return resolve(ctx, codex != null && !codex.isEmpty() ? ConfigDirs.CODEX : ConfigDirs.CLAUDE, Optional.empty());
    }

    /** The directory rule of the CLI a chat request runs: as cc-executor-docker inferred the provider. */
    static ConfigDirs providerOf(JsonNode body) {
        JsonNode provider = body.path("provider");
        if (provider.isTextual()) {
            return provider.asText().equals("codex") ? ConfigDirs.CODEX : ConfigDirs.CLAUDE;
        }
        return body.path("model").asText("").startsWith("codex/") ? ConfigDirs.CODEX : ConfigDirs.CLAUDE;
    }

    private static Optional<String> dir(Context ctx, ConfigDirs dirs, Optional<JsonNode> body) {
        String header = ctx.header(dirs.header());
        if (header != null && !header.isEmpty()) {
            return Optional.of(header);
        }
        JsonNode field = body.map(b -> b.get(dirs.bodyField())).orElse(null);
        if (field == null || field.isNull() || field.isTextual() && field.asText().isEmpty()) {
            return Optional.empty();
        }
        if (!field.isTextual()) {
            throw dirs.invalid();
        }
        return Optional.of(field.asText());
    }
}

package dev.ccx.orchestrator.compat;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.http.ApiException;
import java.util.Optional;

/**
 * cc-executor-docker's per-user config directories, read as user names: {@code /root/.claude/users/<id>} and
 * {@code /root/.codex/users/<id>} name user {@code <id>} (a valid ccx user id), the shared directory itself names
 * the default user, and everything else (nested paths, {@code .} or {@code ..} segments, relative paths, the users
 * root, other directories) is refused with the predecessor's 400 message. Nothing touches a filesystem.
 */
public enum ConfigDirs {
    CLAUDE("/root/.claude", "X-Claude-Config-Dir", "claude_config_dir", "invalid CLAUDE_CONFIG_DIR",
            "invalid config dir for delete", "CLAUDE_USER_CONFIG_DIR_REQUIRED"),
    CODEX("/root/.codex", "X-Codex-Config-Dir", "codex_config_dir", "invalid CODEX_HOME",
            "invalid codex config dir for delete", "CODEX_USER_CONFIG_DIR_REQUIRED");

    private final String root;
    private final String header;
    private final String bodyField;
    private final String invalid;
    private final String invalidForDelete;
    private final String defaultRefused;

    ConfigDirs(String root, String header, String bodyField, String invalid, String invalidForDelete,
               String defaultRefused) {
        this.root = root;
        this.header = header;
        this.bodyField = bodyField;
        this.invalid = invalid;
        this.invalidForDelete = invalidForDelete;
        this.defaultRefused = defaultRefused;
    }

    /** The request header that names the directory. */
    public String header() {
        return header;
    }

    /** The body field that names it where the predecessor read the body. */
    public String bodyField() {
        return bodyField;
    }

    /** The shared default directory. */
    public String root() {
        return root;
    }

    /** The directory of {@code user}, as a predecessor client would name it. */
    public String dirOf(UserId user) {
        return root + "/users/" + user.value();
    }

    /** The user {@code dir} names; empty for the shared default directory; 400 otherwise. */
    public Optional<UserId> user(String dir) {
        String path = normalise(dir, invalid);
        if (path.equals(root)) {
            return Optional.empty();
        }
        return Optional.of(userIn(path, invalid));
    }

    /** The user whose directory a purge names; the default directory is refused (400) as before. */
    public UserId userForDelete(String dir) {
        if (dir == null || dir.isEmpty()) {
            throw refused(invalidForDelete);
        }
        return userIn(normalise(dir, invalidForDelete), invalidForDelete);
    }

    /** The predecessor's 400 for a directory this rule does not accept. */
    public ApiException invalid() {
        return refused(invalid);
    }

    /** 400 for a request that selected the default directory while no default user is configured. */
    public ApiException defaultRefused() {
        return new ApiException(400, "invalid_request_error", "config_dir_required", defaultRefused);
    }

    private UserId userIn(String path, String message) {
        String prefix = root + "/users/";
        if (!path.startsWith(prefix)) {
            throw refused(message);
        }
        String id = path.substring(prefix.length());
        if (id.contains("/") || UserId.problem(id) != null) {
            throw refused(message);
        }
        return new UserId(id);
    }

    /** The path without one trailing slash; absolute, printable ASCII, no empty, {@code .} or {@code ..} segment. */
    private static String normalise(String dir, String message) {
        if (dir == null || !dir.startsWith("/") || !dir.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\')) {
            throw refused(message);
        }
        String path = dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw refused(message);
            }
        }
        return path;
    }

    private static ApiException refused(String message) {
        return new ApiException(400, "invalid_request_error", "invalid_config_dir", message);
    }
}

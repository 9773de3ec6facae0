package dev.ccx.fakemodel.script;

import java.util.Optional;

/** Builds the shell command lines the fake asks agents to run when no better tool is offered. */
public final class ShellCommands {

    private ShellCommands() {
    }

    /** Single-quotes {@code s} for POSIX sh. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** A command that writes {@code content} to {@code path} exactly, creating parent directories. */
    public static String writeFile(String path, String content) {
        String p = quote(path);
        return "mkdir -p \"$(dirname -- " + p + ")\" && printf '%s' " + quote(content) + " > " + p;
    }

    /** {@code path} made absolute against {@code cwd} when it is relative and the cwd is known. */
    public static String absolute(String path, Optional<String> cwd) {
        if (path.startsWith("/") || cwd.isEmpty()) {
            return path;
        }
        String base = cwd.get().endsWith("/") ? cwd.get() : cwd.get() + "/";
        return base + (path.startsWith("./") ? path.substring(2) : path);
    }
}

package dev.ccx.runner.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One CLI invocation: explicit argv (no shell), working directory, complete environment, and where stdin comes
 * from (a 0600 prompt file for prompts too large for one argument, else /dev/null).
 *
 * @param argv            the program and its arguments
 * @param cwd             working directory
 * @param env             the whole environment
 * @param stdin           prompt file fed on stdin, empty for /dev/null
 * @param lastMessageFile Codex's {@code --output-last-message} file, empty for Claude
 */
public record CliCommand(List<String> argv, Path cwd, Map<String, String> env, Optional<Path> stdin,
        Optional<Path> lastMessageFile) {

    public CliCommand {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** Leaves out environment values (they may hold keys) and prompt text (logs never carry bodies). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("CliCommand[");
        boolean prompt = false;
        String previous = "";
        for (String arg : argv) {
            boolean hidden = prompt || "--system-prompt".equals(previous);
            s.append(hidden ? "<" + arg.length() + " chars>" : arg.isEmpty() ? "\"\"" : arg).append(' ');
            prompt = prompt || "--".equals(arg);
            previous = arg;
        }
        return s.append("cwd=").append(cwd).append(" env=").append(env.keySet()).append(']').toString();
    }
}

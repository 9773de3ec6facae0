package dev.ccx.runner.login;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two things {@code codex login --device-auth} prints for the user: the verification URL and the one-time
 * code, found in its output after colour escapes are removed.
 *
 * @param url      where the user signs in ({@code https://auth.openai.com/codex/device} by default)
 * @param userCode the code to enter there, e.g. {@code MZHT-0HT0G}
 */
public record DevicePrompt(String url, String userCode) {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern DEVICE_URL = Pattern.compile("https?://\\S+/codex/device\\S*");
    private static final Pattern ANY_URL = Pattern.compile("https?://\\S+");
    private static final Pattern USER_CODE = Pattern.compile("\\b[A-Z0-9]{4}-[A-Z0-9]{5}\\b");

    /** The prompt in {@code output}, once both the URL and the code have appeared. */
    public static Optional<DevicePrompt> find(String output) {
        String text = ANSI.matcher(output).replaceAll("");
        Matcher url = DEVICE_URL.matcher(text);
        Matcher anyUrl = ANY_URL.matcher(text);
        Matcher code = USER_CODE.matcher(text);
        String found = url.find() ? url.group() : anyUrl.find() ? anyUrl.group() : null;
        if (found == null || !code.find()) {
            return Optional.empty();
        }
        return Optional.of(new DevicePrompt(found, code.group()));
    }
}

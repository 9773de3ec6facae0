package dev.ccx.runner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes stand-in CLIs: small sh scripts that print what the real CLI would, for tests without a model. */
public final class StandIn {

    private StandIn() {
    }

    /** An executable {@code #!/bin/sh} script named {@code name} in {@code dir} with {@code body}. */
    public static Path script(Path dir, String name, String body) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, "#!/bin/sh\n" + body);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Claude stream-json success line with {@code result} and the given token counts. */
    public static String claudeResult(String result, int in, int out) {
        return "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"" + result
                + "\",\"usage\":{\"input_tokens\":" + in + ",\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":" + out + "}}";
    }

    /** A Claude stream-json text delta. */
    public static String claudeDelta(String text) {
        return "{\"type\":\"stream_event\",\"event\":{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}}";
    }

    /** {@code echo '<line>'} for a script body. */
    public static String echo(String line) {
        return "echo '" + line + "'\n";
    }
}

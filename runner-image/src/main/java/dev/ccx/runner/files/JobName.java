package dev.ccx.runner.files;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.util.regex.Pattern;

/** A job directory's name, validated like a user id: a short lowercase name that never means anything else. */
public record JobName(String value) {

    private static final Pattern JOB = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public JobName {
        if (value == null || !JOB.matcher(value).matches() || value.contains("..")) {
            throw new AgentException(Reason.INVALID_PATH,
                    "job must match [a-z0-9][a-z0-9._-]{0,63} and must not contain '..'");
        }
    }

    /** True when {@code name} is a valid job name (used to skip other directory entries when listing). */
    public static boolean isValid(String name) {
        return JOB.matcher(name).matches() && !name.contains("..");
    }

    @Override
    public String toString() {
        return value;
    }
}

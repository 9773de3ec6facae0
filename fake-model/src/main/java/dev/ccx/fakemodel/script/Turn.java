package dev.ccx.fakemodel.script;

import java.util.Objects;
import java.util.Optional;

/** What the fake model answers in one model turn. */
public sealed interface Turn {

    /** Ask the agent to run one tool. */
    record ToolUse(ToolInvocation call, Optional<String> thinking) implements Turn {
        public ToolUse {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(thinking, "thinking");
        }
    }

    /** Finish with a text answer, optionally paced as a slow stream. */
    record Answer(String text, Optional<String> thinking, Optional<Script.StreamPacing> pacing) implements Turn {
        public Answer {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(thinking, "thinking");
            Objects.requireNonNull(pacing, "pacing");
        }
    }

    /** Fail the HTTP request with {@code status} in the provider's error shape. */
    record Failure(int status, String message) implements Turn {
        public Failure {
            Objects.requireNonNull(message, "message");
        }
    }
}

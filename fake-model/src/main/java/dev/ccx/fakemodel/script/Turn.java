package dev.ccx.fakemodel.script;

import java.util.Objects;
import java.util.Optional;

/** What the fake model answers in one model turn. */
public sealed interface Turn {

    /** Ask the agent to run one tool, optionally saying {@code text} first in the same turn. */
    record ToolUse(ToolInvocation call, Optional<String> thinking, Optional<String> text) implements Turn {
        public ToolUse {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(thinking, "thinking");
            Objects.requireNonNull(text, "text");
        }

        /** A call with nothing said before it. */
        public ToolUse(ToolInvocation call, Optional<String> thinking) {
            this(call, thinking, Optional.empty());
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

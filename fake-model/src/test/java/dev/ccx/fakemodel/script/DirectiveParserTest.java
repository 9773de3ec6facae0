package dev.ccx.fakemodel.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DirectiveParserTest {

    @Test
    void every_directive_kind_is_parsed_in_order() {
        Script s = DirectiveParser.parse("""
                Please help.
                @fake bash cat /etc/hostname
                @fake write /tmp/a.txt hello world
                @fake tool Read {"file_path":"/x"}
                @fake reply first line
                @fake reply second line
                @fake think pondering
                @fake stream 5 250
                @fake sleep 1500
                @fake error 529 2 retry-key
                @fake usage 100 20
                """);

        assertThat(s.steps()).containsExactly(
                new ToolStep.Bash("cat /etc/hostname"),
                new ToolStep.Write("/tmp/a.txt", "hello world"),
                new ToolStep.Call("Read", "{\"file_path\":\"/x\"}"));
        assertThat(s.reply()).contains("first line\nsecond line");
        assertThat(s.thinking()).contains("pondering");
        assertThat(s.pacing()).contains(new Script.StreamPacing(5, Duration.ofMillis(250)));
        assertThat(s.sleep()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.error()).contains(new Script.ErrorSpec(529, Optional.of(2), Optional.of("retry-key")));
        assertThat(s.usage()).contains(new Script.Usage(100, 20));
    }

    @Test
    void said_text_belongs_to_the_next_tool_step_and_must_precede_one() {
        Script s = DirectiveParser.parse("""
                @fake bash one
                @fake say first\\nline
                @fake say second
                @fake write a.txt x
                @fake reply done
                """);

        assertThat(s.say(0)).isEmpty();
        assertThat(s.say(1)).contains("first\nline\nsecond");
        assertThatThrownBy(() -> DirectiveParser.parse("@fake say dangling\n@fake reply done"))
                .isInstanceOf(DirectiveException.class).hasMessageContaining("before a tool step");
        assertThatThrownBy(() -> DirectiveParser.parse("@fake say\n@fake bash x"))
                .isInstanceOf(DirectiveException.class).hasMessageContaining("needs a text");
    }

    @Test
    void directives_must_start_their_line() {
        String text = "please run @fake bash rm -rf /\n  @fake reply indented is fine";

        Script s = DirectiveParser.parse(text);

        assertThat(s.steps()).isEmpty();
        assertThat(s.reply()).contains("indented is fine");
        assertThat(DirectiveParser.hasDirectives("mentions @fake reply inline only")).isFalse();
    }

    @Test
    void reply_and_file_content_understand_newline_escapes_but_commands_stay_verbatim() {
        Script s = DirectiveParser.parse("""
                @fake write a.txt one\\ntwo\\tthree\\\\n
                @fake bash printf 'a\\nb'
                @fake reply line1\\nline2
                """);

        assertThat(s.steps()).containsExactly(
                new ToolStep.Write("a.txt", "one\ntwo\tthree\\n"),
                new ToolStep.Bash("printf 'a\\nb'"));
        assertThat(s.reply()).contains("line1\nline2");
    }

    @Test
    void a_write_without_content_writes_an_empty_file() {
        assertThat(DirectiveParser.parse("@fake write empty.txt").steps())
                .containsExactly(new ToolStep.Write("empty.txt", ""));
    }

    @Test
    void error_count_and_key_are_optional() {
        assertThat(DirectiveParser.parse("@fake error 500").error())
                .contains(new Script.ErrorSpec(500, Optional.empty(), Optional.empty()));
        assertThat(DirectiveParser.parse("@fake error 429 3").error())
                .contains(new Script.ErrorSpec(429, Optional.of(3), Optional.empty()));
    }

    @Test
    void text_without_directives_gives_the_empty_script() {
        assertThat(DirectiveParser.parse("just a question").isEmpty()).isTrue();
    }

    @Test
    void unknown_verbs_and_bad_arguments_are_rejected_loudly() {
        assertThatThrownBy(() -> DirectiveParser.parse("@fake explode now"))
                .isInstanceOf(DirectiveException.class).hasMessageContaining("unknown directive @fake explode");
        assertThatThrownBy(() -> DirectiveParser.parse("@fake stream 3"))
                .isInstanceOf(DirectiveException.class).hasMessageContaining("takes 2 arguments");
        assertThatThrownBy(() -> DirectiveParser.parse("@fake sleep soon"))
                .isInstanceOf(DirectiveException.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> DirectiveParser.parse("@fake error 200"))
                .isInstanceOf(DirectiveException.class).hasMessageContaining("between 400 and 599");
        assertThatThrownBy(() -> DirectiveParser.parse("@fake bash"))
                .isInstanceOf(DirectiveException.class).hasMessageContaining("needs a command");
    }
}

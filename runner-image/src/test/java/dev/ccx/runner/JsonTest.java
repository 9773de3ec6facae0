package dev.ccx.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Json} reads and writes what the Jackson mapper it replaced (configured as below) read and wrote. */
class JsonTest {

    /** The agent's mapper before {@link Json} went without one. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static final List<String> DOCUMENTS = List.of(
            "{}", "[]", "null", "true", "0", "-7", "\"x\"", "1.5e300", "-0.0", "2147483648", "-9223372036854775809",
            "123456789012345678901234567890", "{\"model\":\"sonnet\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"h\\u00e9llo \\\"q\\\" \\n \\ud83d\\ude00\"}]}],"
                    + "\"max_tokens\":16,\"temperature\":0.25,\"n\":null,\"stop\":[],\"meta\":{\"a\":{\"b\":[1,[2,[3]]]}}}",
            "  [1, 2.0, \"3\", false, null, {\"k\": {}} ]  ");

    @Test
    void parses_the_same_trees_as_the_mapper_and_writes_the_same_bytes() throws IOException {
        for (String doc : DOCUMENTS) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            JsonNode ours = Json.parse(bytes);
            JsonNode theirs = MAPPER.readTree(bytes);
            assertThat(ours).as(doc).isEqualTo(theirs);
            assertThat(ours.getNodeType()).as(doc).isEqualTo(theirs.getNodeType());
            if (ours.isNumber()) {
                assertThat(ours.numberType()).as(doc).isEqualTo(theirs.numberType());
            }
            assertThat(Json.bytes(ours)).as(doc).isEqualTo(MAPPER.writeValueAsBytes(theirs));
            assertThat(Json.compact(ours)).as(doc).isEqualTo(new String(Json.bytes(ours), StandardCharsets.UTF_8));
        }
    }

    @Test
    void refuses_what_the_mapper_refused() {
        for (String bad : List.of("{\"a\":1,\"a\":2}", "{} {}", "[1] x", "NaN", "[Infinity]", "{\"a\":", "[1,]",
                "{'a':1}", "{a:1}", "\"unterminated", "[\"\u0001\"]")) {
            byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> Json.parse(bytes)).as(bad).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> MAPPER.readTree(bytes)).as(bad).isInstanceOf(IOException.class);
        }
    }

    @Test
    void empty_input_is_a_missing_node_as_with_the_mapper() throws IOException {
        assertThat(Json.parse(new byte[0]).isMissingNode()).isTrue();
        assertThat(Json.parse("  \n".getBytes(StandardCharsets.UTF_8)).isMissingNode()).isTrue();
        assertThat(MAPPER.readTree(new byte[0]).isMissingNode()).isTrue();
    }

    @Test
    void deep_nesting_is_an_error_not_a_stack_overflow() {
        byte[] deep = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(IOException.class).hasMessageContaining("depth");
    }

    @Test
    void cli_lines_parse_only_when_they_are_one_json_object() {
        assertThat(Json.parseLine("  {\"type\":\"result\",\"n\":1}\n")).contains(Json.object().put("type", "result")
                .put("n", 1));
        assertThat(Json.parseLine("")).isEmpty();
        assertThat(Json.parseLine("[1]")).isEmpty();
        assertThat(Json.parseLine("warning: {not json}")).isEmpty();
        assertThat(Json.parseLine("{\"a\":1} trailing")).isEmpty();
        assertThat(Json.parseLine("{\"a\":")).isEmpty();
    }

    @Test
    void text_nodes_are_null_for_null_and_big_numbers_survive_a_round_trip() throws IOException {
        assertThat(Json.text(null).isNull()).isTrue();
        assertThat(Json.text("a").textValue()).isEqualTo("a");
        ObjectNode built = Json.object().put("big", new BigInteger("98765432109876543210")).put("f", 0.1f)
                .put("l", Long.MIN_VALUE).putNull("none");
        built.set("t", Json.text(null));
        assertThat(Json.bytes(built)).isEqualTo(MAPPER.writeValueAsBytes(built));
        assertThat(Json.parse(Json.bytes(built)).get("big").bigIntegerValue())
                .isEqualTo(new BigInteger("98765432109876543210"));
    }
}

package dev.ccx.orchestrator.fronts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.http.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code messages} written with single quotes, which the tables below use to stay readable. */
    private static JsonNode messages(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    private static ApiException refusal(String singleQuoted) {
        return catchThrowableOfType(ApiException.class, () -> ChatMessages.check(messages(singleQuoted)));
    }

    @ParameterizedTest(name = "{1} is refused: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "[{'role':'user','content':'weather?'},{'role':'tool','tool_call_id':'c1','content':'sunny'}] | messages[1]",
            "[{'role':'user','content':'weather?'},{'role':'function','name':'f','content':'sunny'}]      | messages[1]",
            "[{'role':'user','content':'q'},{'role':'assistant','content':null,'tool_calls':[{'id':'c1','type':'function','function':{'name':'f','arguments':'{}'}}]},{'role':'user','content':'go on'}] | messages[1].tool_calls",
            "[{'role':'assistant','content':'x','function_call':{'name':'f','arguments':'{}'}},{'role':'user','content':'q'}] | messages[0].function_call",
            "[{'role':'user','content':[{'type':'text','text':'what is this?'},{'type':'image_url','image_url':{'url':'u'}}]}] | messages[0].content[1]",
            "[{'role':'user','content':[{'type':'input_audio','input_audio':{'data':'','format':'wav'}}]}] | messages[0].content[0]",
            "[{'role':'user','content':[{'type':'file','file':{'file_id':'f'}}]}]                          | messages[0].content[0]",
            "[{'role':'assistant','content':[{'type':'refusal','refusal':'no'}]},{'role':'user','content':'q'}] | messages[0].content[0]",
            "[{'role':'system','content':[{'type':'image_url','image_url':{'url':'u'}}]},{'role':'user','content':'q'}] | messages[0].content[0]"})
    void what_the_clis_cannot_take_is_400_unsupported_content_naming_the_field(String messages, String field) {
        ApiException e = refusal(messages);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.type()).isEqualTo("invalid_request_error");
        assertThat(e.code()).isEqualTo("unsupported_content");
        assertThat(e.param()).contains(field);
        assertThat(e.publicMessage()).startsWith(field + ":").contains("not supported");
    }

    @ParameterizedTest(name = "{1} {2}: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "[{'content':'no role'},{'role':'user','content':'q'}]              | messages[0].role       | invalid_messages",
            "[{'role':null,'content':'x'},{'role':'user','content':'q'}]        | messages[0].role       | invalid_messages",
            "[{'role':5,'content':'x'},{'role':'user','content':'q'}]           | messages[0].role       | invalid_messages",
            "[{'role':'user','content':'q'},{'role':'critic','content':'bad'}]  | messages[1].role       | invalid_messages",
            "[{'role':'','content':'x'}]                                         | messages[0].role       | invalid_messages",
            "[{'role':'user','content':[{'text':'untyped'}]}]                    | messages[0].content[0] | invalid_content",
            "[{'role':'user','content':[{'type':null,'text':'x'}]}]              | messages[0].content[0] | invalid_content",
            "[{'role':'user','content':['bare string']}]                         | messages[0].content[0] | invalid_content",
            "[{'role':'user','content':[{'type':'text'}]}]                       | messages[0].content[0].text | invalid_content",
            "[{'role':'user','content':null}]                                    | messages[0].content    | invalid_content",
            "[{'role':'user'}]                                                   | messages[0].content    | invalid_content",
            "[{'role':'system','content':5},{'role':'user','content':'q'}]       | messages[0].content    | invalid_content",
            "[{'role':'user','content':'q'},7]                                   | messages[1]            | invalid_messages"})
    void a_missing_or_unknown_role_and_a_malformed_part_are_400_naming_the_field(String messages, String field,
                                                                                 String code) {
        ApiException e = refusal(messages);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.param()).contains(field);
        assertThat(e.publicMessage()).startsWith(field);
    }

    @Test
    void an_unknown_role_is_named_in_the_message_and_a_long_one_is_shortened() {
        assertThat(refusal("[{'role':'critic','content':'x'}]").publicMessage())
                .isEqualTo("messages[0].role must be system, developer, user or assistant, not 'critic'");
        assertThat(refusal("[{'role':'" + "r".repeat(5000) + "','content':'x'}]").publicMessage())
                .hasSizeLessThan(200);
    }

    @Test
    void text_conversations_with_system_developer_and_empty_assistant_turns_pass() {
        ChatMessages.check(messages("""
                [{'role':'system','content':'S'},{'role':'developer','content':[{'type':'text','text':'D'}]},
                 {'role':'system','content':null},{'role':'user','content':'Hi'},
                 {'role':'assistant','content':null},{'role':'assistant','content':'A','tool_calls':[],
                  'function_call':null,'name':'bot'},
                 {'role':'user','content':[{'type':'text','text':'a'},{'type':'text','text':'b'}],'name':'ann'}]"""));
    }
}

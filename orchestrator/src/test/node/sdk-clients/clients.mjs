// The official OpenAI and Anthropic SDKs as real clients of a running ccx orchestrator.
// Usage: CCX_BASE_URL=http://127.0.0.1:8080 CCX_KEY=<service key> CCX_USER=alice node clients.mjs
// Prints one JSON object: for each case either what the SDK returned or the error it raised. FrontsSdkIT asserts
// on it; every case runs even when an earlier one fails, so one run shows everything that is wrong.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

const base = process.env.CCX_BASE_URL;
const headers = { 'X-CCX-User': process.env.CCX_USER };
const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: process.env.CCX_KEY, defaultHeaders: headers, maxRetries: 0 });
const anthropic = new Anthropic({ baseURL: base, apiKey: process.env.CCX_KEY, defaultHeaders: headers, maxRetries: 0 });

function failure(e) {
  return {
    threw: e?.constructor?.name ?? typeof e,
    status: e?.status ?? null,
    message: e?.message ?? String(e),
    code: e?.code ?? null,
    param: e?.param ?? null,
    type: e?.type ?? e?.error?.error?.type ?? null,
  };
}

const cases = {
  async responsesCreate() {
    const r = await openai.responses.create({
      model: 'claude-sonnet-4-5', instructions: 'Be brief.', input: '@fake reply sdk responses plain',
    });
    return { id: r.id, status: r.status, outputText: r.output_text, usage: r.usage };
  },

  async responsesCreateStream() {
    const stream = await openai.responses.create({
      model: 'gpt-5.5', input: [{ role: 'user', content: [{ type: 'input_text', text: '@fake reply sdk responses streamed' }] }],
      stream: true,
    });
    const types = [];
    let deltas = '';
    let completed = null;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') deltas += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    return { types, deltas, status: completed?.status, usage: completed?.usage };
  },

  async responsesStreamHelper() {
    const stream = openai.responses.stream({
      model: 'claude-haiku-4-5', input: '@fake stream 4 100\n@fake reply sdk responses helper',
    });
    let deltas = 0;
    stream.on('response.output_text.delta', () => { deltas += 1; });
    const final = await stream.finalResponse();
    // the helper's final response is the accumulated snapshot; it has no output_text convenience field
    const text = final.output.filter((o) => o.type === 'message').flatMap((o) => o.content).map((c) => c.text).join('');
    return { deltas, text, status: final.status };
  },

  async responsesBadModel() {
    try {
      await openai.responses.create({ model: 'gpt-nope', input: 'hi' });
      return { threw: null };
    } catch (e) {
      return failure(e);
    }
  },

  async responsesUnsupportedTools() {
    try {
      await openai.responses.create({
        model: 'sonnet', input: 'hi', tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }],
      });
      return { threw: null };
    } catch (e) {
      return failure(e);
    }
  },

  async responsesFailsMidStream() {
    try {
      const stream = await openai.responses.create({ model: 'sonnet', input: '@fake error 400', stream: true });
      const types = [];
      for await (const event of stream) types.push(event.type);
      return { threw: null, types };
    } catch (e) {
      return failure(e);
    }
  },

  async chatCompletionsStream() {
    const stream = await openai.chat.completions.create({
      model: 'sonnet', messages: [{ role: 'user', content: '@fake reply sdk chat streamed' }], stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    return { text, usage };
  },

  async messagesCreate() {
    const m = await anthropic.messages.create({
      model: 'claude-sonnet-4-5-20250929', max_tokens: 256,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: '@fake reply sdk messages plain' }] }],
    });
    return { id: m.id, type: m.type, role: m.role, text: m.content[0]?.text, stopReason: m.stop_reason, usage: m.usage };
  },

  async messagesStream() {
    const stream = anthropic.messages.stream({
      model: 'claude-sonnet-4-5', max_tokens: 256,
      messages: [{ role: 'user', content: '@fake stream 5 100\n@fake reply sdk messages streamed' }],
    });
    let deltas = 0;
    stream.on('text', () => { deltas += 1; });
    const final = await stream.finalMessage();
    return { deltas, text: final.content[0]?.text, stopReason: final.stop_reason, usage: final.usage };
  },

  async messagesCodexProvider() {
    const m = await anthropic.messages.create({
      model: 'gpt-5.5', max_tokens: 256, messages: [{ role: 'user', content: '@fake reply sdk messages via codex' }],
    });
    return { text: m.content[0]?.text, usage: m.usage };
  },

  async messagesBadModel() {
    try {
      await anthropic.messages.create({ model: 'gpt-nope', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
      return { threw: null };
    } catch (e) {
      return failure(e);
    }
  },

  async messagesUnsupportedImage() {
    try {
      await anthropic.messages.create({
        model: 'claude-sonnet-4-5', max_tokens: 16,
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] }],
      });
      return { threw: null };
    } catch (e) {
      return failure(e);
    }
  },

  async messagesFailsMidStream() {
    try {
      const stream = anthropic.messages.stream({
        model: 'sonnet', max_tokens: 16, messages: [{ role: 'user', content: '@fake error 400' }],
      });
      await stream.finalMessage();
      return { threw: null };
    } catch (e) {
      return failure(e);
    }
  },

  async countTokens() {
    const r = await anthropic.messages.countTokens({
      model: 'claude-sonnet-4-5', system: 'abcd', messages: [{ role: 'user', content: 'efghijkl' }],
    });
    return { inputTokens: r.input_tokens };
  },
};

const results = {};
for (const [name, run] of Object.entries(cases)) {
  try {
    results[name] = await run();
  } catch (e) {
    results[name] = { unexpected: failure(e) };
  }
}
process.stdout.write(JSON.stringify(results) + '\n');

// Drives the agent during the CDS training run over mutual TLS: waits for /health, then exercises each endpoint.
'use strict';
const https = require('https');
const fs = require('fs');
const [host, port, dir] = process.argv.slice(2);
const tls = {
  ca: fs.readFileSync(`${dir}/ca.crt`), cert: fs.readFileSync(`${dir}/client.crt`),
  key: fs.readFileSync(`${dir}/client.key`), servername: 'localhost', rejectUnauthorized: true,
};

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = https.request({ host, port, method, path, ...tls, agent: false,
      headers: body ? { 'content-type': 'application/json' } : {} }, res => {
      let data = '';
      res.on('data', c => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode, data }));
    });
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

async function main() {
  const until = Date.now() + 60000;
  for (;;) {
    try { if ((await call('GET', '/health')).status === 200) break; } catch (e) { /* not up yet */ }
    if (Date.now() > until) throw new Error('agent did not become ready');
    await new Promise(r => setTimeout(r, 100));
  }
  const user = [{ role: 'system', content: 'train' }, { role: 'user', content: 'hello' }];
  const checks = [
    ['GET', '/v1/models', null, 200],
    ['GET', '/v1/auth/status', null, 200],
    ['GET', '/nope', null, 404],
    ['POST', '/v1/chat/completions', { messages: [] }, 400],
    ['POST', '/v1/chat/completions', { model: 'sonnet', messages: user }, 200],
    ['POST', '/v1/chat/completions', { model: 'codex/default', messages: user, stream: true,
      stream_options: { include_usage: true } }, 200],
    ['POST', '/v1/chat/completions', { model: 'opus', messages: user, stream: true, job: 'train',
      allowed_tools: ['Read'] }, 200],
    ['POST', '/v1/chat/completions', { model: 'haiku', messages: user, output_files: true }, 200],
  ];
  for (const [method, path, body, want] of checks) {
    const r = await call(method, path, body);
    if (r.status !== want) throw new Error(`${method} ${path}: ${r.status} ${r.data}`);
  }
}

main().catch(e => { console.error(e.message); process.exit(1); });

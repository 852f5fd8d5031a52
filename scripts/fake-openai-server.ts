/**
 * The tests' fake OpenAI-compatible server (test/helpers/fake-openai.ts) as a
 * process, for CI and local runs of the openai provider without a key or a
 * network: it listens on 127.0.0.1, answers every chat completion with the
 * tags given by --reply (each with a short reason), and records the requests.
 *
 *   node scripts/fake-openai-server.ts --reply database,cli --url-file url.txt [--log requests.jsonl] [--port 0]
 *
 * The base URL (http://127.0.0.1:PORT/v1) is written to --url-file once the
 * server listens, and printed. Runs until it is killed (SIGTERM or SIGINT).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startFakeOpenAI, tagsReply } from '../test/helpers/fake-openai.ts';

const { values } = parseArgs({
  options: {
    reply: { type: 'string' },
    'url-file': { type: 'string' },
    log: { type: 'string' },
  },
});
const names = (values.reply ?? '')
  .split(',')
  .map((n) => n.trim())
  .filter(Boolean);
if (names.length === 0) {
  process.stderr.write('fake-openai-server: give the tags to answer with, e.g. --reply database,cli\n');
  process.exit(2);
}

const USAGE = { prompt_tokens: 900, completion_tokens: 40, total_tokens: 940 };
const server = await startFakeOpenAI((request) => {
  // One JSON line per request: what was asked, never the headers (the API key is in them).
  if (values.log) {
    const messages = Array.isArray(request.body?.messages) ? request.body.messages : [];
    appendFileSync(
      values.log,
      `${JSON.stringify({ method: request.method, path: request.path, model: request.body?.model ?? null, messages: messages.length, userChars: String(messages.at(-1)?.content ?? '').length })}\n`,
    );
  }
  return tagsReply(names, { usage: USAGE });
});
if (values['url-file']) writeFileSync(values['url-file'], `${server.baseURL}\n`);
process.stdout.write(`fake OpenAI-compatible server at ${server.baseURL}, answering ${names.join(', ')}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

/**
 * A real HTTP server on 127.0.0.1 playing the OpenAI chat completions API.
 * Records every request (method, path, headers, parsed body) and answers
 * each from a script: status, headers (Retry-After...), body, a delay before
 * answering (for timeouts), or a dropped connection.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJsonBody } from './http.ts';

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Destroy the connection instead of answering. */
  drop?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (the raw text when it was not JSON). */
  body: any;
  /** Milliseconds since the server started. */
  at: number;
}

export interface FakeOpenAI {
  /** Base URL to give the classifier: http://127.0.0.1:PORT/v1 */
  baseURL: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

type Script = ScriptedReply[] | ((request: RecordedRequest, index: number) => ScriptedReply);

/** Replies in order from a list (a 500 saying so once it runs out), or from a function of the request. */
export async function startFakeOpenAI(script: Script): Promise<FakeOpenAI> {
  const started = Date.now();
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readJsonBody(req);
    const recorded: RecordedRequest = { method: req.method ?? '', path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname, headers: req.headers, body, at: Date.now() - started };
    const index = requests.push(recorded) - 1;
    const reply =
      typeof script === 'function' ? script(recorded, index) : (script[index] ?? { status: 500, body: apiError(`fake-openai: no scripted reply for request ${index + 1}`, { type: 'server_error' }) });
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.drop) {
      req.socket.destroy();
      return;
    }
    const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    if (res.destroyed) return;
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface CompletionOptions {
  /** `completion_tokens_details.reasoning_tokens` is how OpenAI reports hidden reasoning (counted in completion_tokens). */
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens?: number; completion_tokens_details?: { reasoning_tokens?: number } } | null;
  finishReason?: string;
  model?: string;
  refusal?: string;
}

/** A 200 chat completion whose message content is `content` (an object is sent as JSON text, as structured outputs do). */
export function completion(content: unknown, options: CompletionOptions = {}): ScriptedReply {
  const usage = options.usage === undefined ? { prompt_tokens: 1234, completion_tokens: 56 } : options.usage;
  return {
    body: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: options.model ?? 'gpt-5.4-nano-2026-03-17',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: typeof content === 'string' || content === null ? content : JSON.stringify(content), refusal: options.refusal ?? null },
          finish_reason: options.finishReason ?? 'stop',
        },
      ],
      ...(usage ? { usage: { ...usage, total_tokens: usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens } } : {}),
    },
  };
}

/** A reply naming these tags with short reasons. */
export function tagsReply(names: string[], options: CompletionOptions = {}): ScriptedReply {
  return completion({ tags: names.map((name) => ({ name, reason: `the README talks about ${name}` })) }, options);
}

/** OpenAI's error body. */
export function apiError(message: string, fields: { type?: string; code?: string | null; param?: string | null } = {}) {
  return { error: { message, type: fields.type ?? 'invalid_request_error', param: fields.param ?? null, code: fields.code ?? null } };
}

export function failure(status: number, message: string, fields: Parameters<typeof apiError>[1] & { headers?: Record<string, string> } = {}): ScriptedReply {
  const { headers, ...rest } = fields;
  return { status, headers, body: apiError(message, rest) };
}

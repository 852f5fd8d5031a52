/**
 * The openai provider end to end: the bundled CLI (dist/cli/index.js) and the
 * bundled action (node dist/index.js, run as the runner runs it) against a
 * real HTTP server on 127.0.0.1 playing the OpenAI API, and for the action a
 * second one playing the GitHub API.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeWorkspace, runAction, runCli } from './helpers/action.ts';
import { startFakeGitHub, type FakeGitHub } from './helpers/github-server.ts';
import { completion, failure, startFakeOpenAI, tagsReply, type FakeOpenAI, type ScriptedReply } from './helpers/fake-openai.ts';

const KEY = 'sk-e2e-abcdef0123456789';
const VOCAB = JSON.stringify([
  { id: 47, name: 'database' },
  { id: 86, name: 'serverless' },
  { id: 70, name: 'storage' },
  { id: 4, name: 'cli' },
  { id: 22, name: 'game' },
]);
const README = `# Tidebase

Tidebase is a serverless Postgres database with separated storage and compute.

## Installation

\`\`\`sh
cargo build --release
\`\`\`

Run make install-deps before anything else.
`;
const USAGE = { prompt_tokens: 812, completion_tokens: 47, total_tokens: 859 };
/** 5xx replies that ask for a short wait, so exhausting the retries takes milliseconds. */
const busy = (): ScriptedReply => failure(500, 'The server had an error while processing your request.', { type: 'server_error', headers: { 'retry-after-ms': '10' } });

const servers: FakeOpenAI[] = [];
async function serve(script: ScriptedReply[] | ((req: any, i: number) => ScriptedReply)): Promise<FakeOpenAI> {
  const server = await startFakeOpenAI(script);
  servers.push(server);
  return server;
}
after(() => Promise.all(servers.map((s) => s.close())));

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rt-openai-')), name);
  writeFileSync(path, content);
  return path;
}

describe('CLI with --provider openai (dist/cli/index.js)', () => {
  it('prints the result line, sends the README cleaned and delimited, and explains reasons and usage on stderr', async () => {
    const ai = await serve([tagsReply(['database', 'serverless'], { usage: USAGE })]);
    const run = await runCli([
      'classify',
      tempFile('README.md', README),
      '--tags',
      tempFile('tags.json', VOCAB),
      '--id',
      '2090',
      '--provider',
      'openai',
      '--api-key',
      KEY,
      '--base-url',
      ai.baseURL,
      '--model',
      'gpt-test-mini',
      '--explain',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '{"id":"2090","tags":["database","serverless"]}\n');
    assert.match(run.stderr, /database: the README talks about database/);
    assert.match(run.stderr, /"promptTokens":812,"completionTokens":47,"totalTokens":859/);
    assert.ok(!run.stderr.includes(KEY));
    assert.equal(ai.requests.length, 1);
    const body = ai.requests[0].body;
    assert.equal(ai.requests[0].headers.authorization, `Bearer ${KEY}`);
    assert.equal(body.model, 'gpt-test-mini');
    assert.deepEqual(body.response_format.json_schema.schema.properties.tags.items.properties.name.enum, ['database', 'serverless', 'storage', 'cli', 'game']);
    assert.equal(body.response_format.json_schema.schema.properties.tags.maxItems, 3);
    const user = body.messages[1].content as string;
    assert.match(user, /^<readme>\n[\s\S]*serverless Postgres database[\s\S]*\n<\/readme>\n/);
    assert.ok(!/cargo build|install-deps|Installation/.test(user), user);
  });

  it('takes the key from OPENAI_API_KEY and the default model when auto sees a key', async () => {
    const ai = await serve([tagsReply(['game'])]);
    const run = await runCli(['classify', '-', '--tags', 'game,cli', '--base-url', ai.baseURL], { input: '# Pixel Quest\n\nA retro platformer game.\n', env: { OPENAI_API_KEY: KEY } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '{"tags":["game"]}\n');
    assert.equal(ai.requests[0].body.model, 'gpt-5.6-luna');
    assert.equal(ai.requests[0].body.reasoning_effort, 'none');
    assert.equal(ai.requests[0].headers.authorization, `Bearer ${KEY}`);
  });

  it('sends --reasoning-effort as reasoning_effort and explains the reasoning tokens the API reported', async () => {
    const ai = await serve([tagsReply(['game'], { usage: { prompt_tokens: 700, completion_tokens: 260, completion_tokens_details: { reasoning_tokens: 220 } } })]);
    const run = await runCli(['classify', '-', '--tags', 'game,cli', '--provider', 'openai', '--api-key', KEY, '--base-url', ai.baseURL, '--reasoning-effort', 'low', '--explain'], {
      input: '# Pixel Quest\n\nA retro platformer game.\n',
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(ai.requests[0].body.reasoning_effort, 'low');
    assert.match(run.stderr, /usage: \{"promptTokens":700,"completionTokens":260,"totalTokens":960,"reasoningTokens":220\}/);
  });

  it('refuses a --reasoning-effort it does not know with exit status 2, listing the valid ones, before any request', async () => {
    const ai = await serve([]);
    const run = await runCli(['classify', '-', '--tags', 'game,cli', '--provider', 'openai', '--api-key', KEY, '--base-url', ai.baseURL, '--reasoning-effort', 'max'], {
      input: '# Pixel Quest\n\nA retro platformer game.\n',
    });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /--reasoning-effort must be one of none, low, medium, high, default .*got "max"/);
    assert.equal(ai.requests.length, 0);
  });

  it('fails with a non-zero status, nothing on stdout and a message naming the key when the key is refused', async () => {
    const ai = await serve(() => failure(401, 'Incorrect API key provided.', { code: 'invalid_api_key' }));
    const run = await runCli(['classify', '-', '--tags', 'game,cli', '--provider', 'openai', '--api-key', KEY, '--base-url', ai.baseURL], { input: '# Pixel Quest\n\nA retro platformer game.\n' });
    assert.notEqual(run.code, 0);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /API key was rejected \(401 Unauthorized\)[\s\S]*api-key/);
    assert.ok(!run.stderr.includes(KEY));
    assert.equal(ai.requests.length, 1);
  });

  it('runs a batch through the model, keeping input order, and reports the total tokens', async () => {
    const ai = await serve((req) => {
      const user = req.body.messages[1].content as string;
      if (user.includes('Broken')) return failure(404, 'The model does not exist', { code: 'model_not_found' });
      return tagsReply(user.includes('platformer') ? ['game'] : ['database'], { usage: { prompt_tokens: 100, completion_tokens: 10 } });
    });
    const items = [
      { id: 'a', readme: '# Pixel Quest\n\nA retro platformer game.' },
      { id: 'b', readme: '# Tidebase\n\nA serverless Postgres database.' },
      { id: 'c', readme: '# Broken\n\nThis one hits a missing deployment.' },
      { id: 'd', readme: '# Pixel Quest 2\n\nAnother platformer game.' },
    ];
    const input = tempFile('items.jsonl', items.map((i) => JSON.stringify(i)).join('\n'));
    const out = join(mkdtempSync(join(tmpdir(), 'rt-openai-out-')), 'out.jsonl');
    const run = await runCli([
      'batch',
      '--tags',
      tempFile('tags.json', VOCAB),
      '--input',
      input,
      '--output',
      out,
      '--provider',
      'openai',
      '--api-key',
      KEY,
      '--base-url',
      ai.baseURL,
      '--concurrency',
      '2',
    ]);
    assert.notEqual(run.code, 0, 'one item failed');
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(lines.slice(0, 2), [
      { id: 'a', tags: ['game'] },
      { id: 'b', tags: ['database'] },
    ]);
    assert.equal(lines[2].id, 'c');
    assert.match(lines[2].error, /was not found \(404\)/);
    assert.deepEqual(lines[3], { id: 'd', tags: ['game'] });
    assert.match(run.stderr, /tokens: 300 prompt \+ 30 completion = 330/);
  });
});

describe('action with provider openai (node dist/index.js)', () => {
  let gh: FakeGitHub;
  before(async () => {
    gh = await startFakeGitHub({
      'octo/tagged': { topics: ['rust'], description: 'Serverless Postgres' },
      'octo/busy': { topics: ['rust'] },
      'octo/badkey': { topics: ['rust'] },
      'octo/nomodel': { topics: ['rust'] },
      'octo/invented': { topics: ['rust'] },
    });
  });
  after(() => gh.close());

  const inputs = (ai: FakeOpenAI, extra: Record<string, string> = {}) => ({
    tags: VOCAB,
    provider: 'openai',
    'api-key': KEY,
    'base-url': ai.baseURL,
    model: 'gpt-test-mini',
    topics: 'merge',
    ...extra,
  });
  const putsFor = (repo: string) => gh.puts().filter((r) => r.path === `/repos/${repo}/topics`);

  it('sets provider, model and usage outputs, writes the topics, and shows model, tokens and reasons in the summary', async () => {
    const ai = await serve([
      completion(
        {
          tags: [
            { name: 'database', reason: 'a serverless Postgres database' },
            { name: 'serverless', reason: 'serverless Postgres' },
          ],
        },
        { usage: USAGE },
      ),
    ]);
    const run = await runAction({
      apiUrl: gh.url,
      repository: 'octo/tagged',
      workspace: makeWorkspace({ 'README.md': README }),
      inputs: inputs(ai, { instructions: 'Prefer the most specific tag.' }),
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.provider, 'openai');
    assert.equal(run.outputs.model, 'gpt-test-mini');
    assert.deepEqual(JSON.parse(run.outputs.usage), { promptTokens: 812, completionTokens: 47, totalTokens: 859 });
    assert.equal(run.outputs.tags, 'database,serverless');
    assert.deepEqual(JSON.parse(run.outputs['tag-ids']), [47, 86]);
    assert.deepEqual(
      putsFor('octo/tagged').map((r) => r.body),
      [{ names: ['rust', 'database', 'serverless'] }],
    );
    assert.match(run.summary, /gpt-test-mini/);
    assert.match(run.summary, /812 prompt \+ 47 completion/);
    assert.match(run.summary, /a serverless Postgres database/);

    const body = ai.requests[0].body;
    assert.equal(body.model, 'gpt-test-mini');
    assert.match(body.messages[0].content, /Guidance from the workflow owner[^\n]*\nPrefer the most specific tag\.$/);
    assert.match(body.messages[1].content, /^<readme>\nRepository: octo\/tagged\nDescription: Serverless Postgres\n\n# Tidebase/);
    assert.ok(!/cargo build|install-deps/.test(body.messages[1].content));
    for (const line of run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'))) assert.ok(!line.includes(KEY), line);
    assert.ok(run.stdout.includes(`::add-mask::${KEY}`), 'the key is masked as soon as it is read');
  });

  it('fails after 500s until the retries are used up, leaving the topics untouched', async () => {
    const ai = await serve(busy);
    const run = await runAction({ apiUrl: gh.url, repository: 'octo/busy', workspace: makeWorkspace({ 'README.md': README }), inputs: inputs(ai) });
    assert.notEqual(run.code, 0);
    assert.match(run.stdout, /::error::.*failed \(500\).*after 4 attempts/);
    assert.equal(ai.requests.length, 4, 'one call and three retries');
    assert.deepEqual(putsFor('octo/busy'), [], 'topics untouched');
    assert.equal(run.outputs.tags, undefined);
  });

  it('fails on a refused key naming api-key, after one call, leaving the topics untouched', async () => {
    const ai = await serve(() => failure(401, 'Incorrect API key provided.', { code: 'invalid_api_key' }));
    const run = await runAction({ apiUrl: gh.url, repository: 'octo/badkey', workspace: makeWorkspace({ 'README.md': README }), inputs: inputs(ai) });
    assert.notEqual(run.code, 0);
    assert.match(run.stdout, /::error::.*API key was rejected \(401 Unauthorized\).*api-key input/);
    assert.equal(ai.requests.length, 1);
    assert.deepEqual(putsFor('octo/badkey'), [], 'topics untouched');
  });

  it('fails on a missing model or deployment naming model and base-url, leaving the topics untouched', async () => {
    const ai = await serve(() => failure(404, 'The API deployment for this resource does not exist.', { code: 'DeploymentNotFound' }));
    const run = await runAction({ apiUrl: gh.url, repository: 'octo/nomodel', workspace: makeWorkspace({ 'README.md': README }), inputs: inputs(ai) });
    assert.notEqual(run.code, 0);
    assert.match(run.stdout, /::error::.*Model "gpt-test-mini" was not found \(404\).*model input.*base-url/);
    assert.deepEqual(putsFor('octo/nomodel'), [], 'topics untouched');
  });

  it('fails when both replies name only tags outside the vocabulary, leaving the topics untouched', async () => {
    const ai = await serve(() => tagsReply(['kubernetes']));
    const run = await runAction({ apiUrl: gh.url, repository: 'octo/invented', workspace: makeWorkspace({ 'README.md': README }), inputs: inputs(ai) });
    assert.notEqual(run.code, 0);
    assert.match(run.stdout, /::error::.*no usable tags in two replies/);
    assert.equal(ai.requests.length, 2);
    assert.deepEqual(putsFor('octo/invented'), [], 'topics untouched');
  });

  it('picks openai under provider auto when a key is given, and says why', async () => {
    const ai = await serve([tagsReply(['database'])]);
    const run = await runAction({ apiUrl: gh.url, repository: 'octo/tagged', workspace: makeWorkspace({ 'README.md': README }), inputs: { ...inputs(ai), provider: 'auto', topics: 'off' } });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.provider, 'openai');
    assert.match(run.stdout, /Provider: openai \(gpt-test-mini\), because provider is auto and an API key was given/);
  });

  it('fails before any call when provider is openai and no key is given, naming api-key', async () => {
    const ai = await serve([]);
    const run = await runAction({ apiUrl: gh.url, repository: 'octo/tagged', workspace: makeWorkspace({ 'README.md': README }), inputs: { ...inputs(ai), 'api-key': '' } });
    assert.notEqual(run.code, 0);
    assert.match(run.stdout, /::error::.*api-key/);
    assert.equal(ai.requests.length, 0);
  });
});

describe('action: model and reasoning effort (node dist/index.js)', () => {
  let gh: FakeGitHub;
  before(async () => {
    gh = await startFakeGitHub({ 'octo/luna': { topics: ['rust'] }, 'octo/cutoff': { topics: ['rust'] } });
  });
  after(() => gh.close());

  const run = (ai: FakeOpenAI, extra: Record<string, string> = {}, repository = 'octo/luna') =>
    runAction({ apiUrl: gh.url, repository, workspace: makeWorkspace({ 'README.md': README }), inputs: { tags: VOCAB, 'api-key': KEY, 'base-url': ai.baseURL, ...extra } });

  it("sends gpt-5.6-luna with reasoning_effort none and temperature 0 with action.yml's defaults", async () => {
    const ai = await serve([tagsReply(['database'])]);
    const result = await run(ai);
    assert.equal(result.code, 0, result.stdout);
    const { body } = ai.requests[0];
    assert.equal(body.model, 'gpt-5.6-luna');
    assert.equal(body.reasoning_effort, 'none');
    assert.equal(body.temperature, 0);
    assert.equal(result.outputs.model, 'gpt-5.6-luna');
  });

  it('keeps another model one input away', async () => {
    const ai = await serve([tagsReply(['database'])]);
    const result = await run(ai, { model: 'gpt-5.4-nano' });
    assert.equal(result.code, 0, result.stdout);
    assert.equal(ai.requests[0].body.model, 'gpt-5.4-nano');
    assert.equal(ai.requests[0].body.reasoning_effort, 'none');
  });

  it('sends no reasoning_effort with reasoning-effort: default', async () => {
    const ai = await serve([tagsReply(['database'])]);
    const result = await run(ai, { 'reasoning-effort': 'default' });
    assert.equal(result.code, 0, result.stdout);
    assert.ok(!('reasoning_effort' in ai.requests[0].body), JSON.stringify(ai.requests[0].body));
  });

  it('sends high with a larger completion cap, and shows the reasoning tokens in usage and the summary', async () => {
    const reasoned = { prompt_tokens: 812, completion_tokens: 1547, total_tokens: 2359, completion_tokens_details: { reasoning_tokens: 1500 } };
    const ai = await serve([tagsReply(['database']), tagsReply(['database'], { usage: reasoned })]);
    const none = await run(ai, { 'reasoning-effort': 'none' });
    const high = await run(ai, { 'reasoning-effort': 'high' });
    assert.equal(none.code, 0, none.stdout);
    assert.equal(high.code, 0, high.stdout);
    const [a, b] = ai.requests.map((r) => r.body);
    assert.equal(b.reasoning_effort, 'high');
    assert.ok(b.max_completion_tokens > a.max_completion_tokens * 10, `${b.max_completion_tokens} vs ${a.max_completion_tokens}`);
    assert.deepEqual(JSON.parse(high.outputs.usage), { promptTokens: 812, completionTokens: 1547, totalTokens: 2359, reasoningTokens: 1500 });
    assert.match(high.summary, /812 prompt \+ 1547 completion tokens \(1500 of them reasoning\)/);
    assert.ok(!('reasoningTokens' in JSON.parse(none.outputs.usage)), 'absent when the API did not report it');
  });

  it('retries once without reasoning_effort when the model rejects it, and the log says so', async () => {
    const ai = await serve((req) =>
      'reasoning_effort' in req.body
        ? failure(400, "Unsupported parameter: 'reasoning_effort' is not supported with this model.", { param: 'reasoning_effort', code: 'unsupported_parameter' })
        : tagsReply(['database']),
    );
    const result = await run(ai, { model: 'gpt-4.1-nano' });
    assert.equal(result.code, 0, result.stdout);
    assert.equal(result.outputs.tags, 'database');
    assert.deepEqual(
      ai.requests.map((r) => r.body.reasoning_effort ?? null),
      ['none', null],
    );
    assert.match(result.stdout, /gpt-4\.1-nano does not accept reasoning_effort "none"; retrying without it/);
  });

  it('fails on a reply cut off at the completion cap, naming reasoning-effort and the cap, and leaves the topics untouched', async () => {
    const ai = await serve((req) =>
      completion(null, {
        finishReason: 'length',
        usage: { prompt_tokens: 812, completion_tokens: req.body.max_completion_tokens, completion_tokens_details: { reasoning_tokens: req.body.max_completion_tokens } },
      }),
    );
    const result = await run(ai, { 'reasoning-effort': 'medium', topics: 'merge' }, 'octo/cutoff');
    assert.notEqual(result.code, 0);
    const [first, second] = ai.requests.map((r) => r.body.max_completion_tokens as number);
    assert.equal(second, first * 4);
    assert.match(result.stdout, new RegExp(`::warning::.*cut off at the completion cap \\(${first} output tokens, ${first} of them reasoning\\).*asking once more with a cap of ${second}`));
    assert.match(result.stdout, new RegExp(`::error::.*cut off at the completion cap \\(${second} output tokens.*reasoning-effort is medium.*set the reasoning-effort input`));
    assert.deepEqual(gh.puts(), [], 'topics untouched');
  });

  it('fails on a reasoning-effort it does not know, naming the input and the valid values, before any request', async () => {
    const ai = await serve([]);
    const result = await run(ai, { 'reasoning-effort': 'extreme' });
    assert.notEqual(result.code, 0);
    assert.match(result.stdout, /::error::Input "reasoning-effort" must be one of none, low, medium, high, default .*got "extreme"/);
    assert.equal(ai.requests.length, 0);
  });
});

/**
 * Fleet mode end to end: the bundled action (dist/index.js) and CLI
 * (dist/cli/index.js) against the fake GitHub on 127.0.0.1, whose GraphQL
 * is checked against GitHub's published schema.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, runCli, type ActionRun } from './helpers/action.ts';
import { startFakeOpenAI, tagsReply } from './helpers/fake-openai.ts';
import { makeFleet, startFakeFleetGitHub, type FakeFleetGitHub, type FleetRepo } from './helpers/fake-github-fleet.ts';
import type { RepoOutcome } from '../src/fleet/report.ts';

const TAGS = 'database, cli, game, testing, storage, serverless';

/** One line of the report, as reportLine writes it: a RepoOutcome without `classified`. */
type Line = Omit<RepoOutcome, 'classified'>;

function fleet(): FleetRepo[] {
  return [
    ...makeFleet({ owner: 'acme', size: 60, archivedEvery: 10, forkEvery: 9, readOnlyEvery: 8, noReadmeEvery: 7, elsewhereEvery: 6 }),
    { owner: 'acme', name: 'legacy-app', files: { 'README.md': '# Old\n\nA database.' } },
    { owner: 'acme', name: 'zz-disabled', disabled: true, files: { 'README.md': '# x\n\nA serverless database.' } },
    { owner: 'acme', name: 'zz-locked', locked: true, files: { 'README.md': '# x\n\nA serverless database.' } },
    { owner: 'user-jo', name: 'dotfiles', files: { 'README.md': '# dotfiles\n\nA command-line tool: run `dot sync` in your terminal.' }, topics: ['mine'] },
  ];
}

const NEVER_WRITE = (r: FleetRepo) => Boolean(r.archived || r.fork || r.disabled || r.locked || r.permission === 'READ');

function lines(run: ActionRun): Line[] {
  return readFileSync(run.outputs.report, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

function countsOf(report: Line[]): Record<string, number> {
  const counts: Record<string, number> = { changed: 0, 'would-change': 0, unchanged: 0, skipped: 0, failed: 0, pending: 0, repositories: report.length };
  for (const l of report) counts[l.status]++;
  return counts;
}

async function fleetRun(gh: FakeFleetGitHub, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({ apiUrl: gh.url, inputs: { tags: TAGS, repositories: 'acme/*, !acme/legacy-*\nuser-jo/dotfiles', topics: 'merge', ...inputs } });
}

describe('fleet mode (dist/index.js) end to end', () => {
  let gh: FakeFleetGitHub | undefined;
  afterEach(async () => {
    await gh?.close();
    gh = undefined;
  });

  it('writes nothing in a dry run, reports every matched repository once, and the counts agree with the report', async () => {
    gh = await startFakeFleetGitHub(fleet());
    const run = await fleetRun(gh, { 'dry-run': 'true' });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(gh.count('topics-put'), 0);
    const report = lines(run);
    assert.equal(report.length, 63, '62 of acme (legacy-app excluded), plus user-jo/dotfiles');
    assert.equal(new Set(report.map((l) => l.repository)).size, 63);
    assert.ok(!report.some((l) => l.repository === 'acme/legacy-app'));
    assert.deepEqual(JSON.parse(run.outputs.counts), countsOf(report));
    assert.ok(countsOf(report)['would-change'] > 20);
    const would = report.find((l) => l.status === 'would-change')!;
    assert.deepEqual(would.after, [...would.before, ...would.added]);
    assert.equal(run.outputs.changed, 'false');
    const json = JSON.parse(run.outputs.json) as Array<{ id: string; tags: string[] }>;
    assert.ok(
      json.some((r) => r.id === 'user-jo/dotfiles' && r.tags.includes('cli')),
      run.outputs.json,
    );
    assert.match(run.summary, /\| would-change \| \d+ \|/);
    assert.match(run.summary, /### Would change/);
    assert.match(run.summary, /### Skipped/);
    assert.match(run.summary, /GitHub requests: \d+ reads, 0 writes/);
    assert.match(run.summary, /rate limit left: REST \d+\/5000, GraphQL 4999\/5000/, 'the token budget left');
    const archived = report.filter((l) => l.reason === 'archived').length;
    assert.ok(archived > 0);
    assert.match(run.summary, new RegExp(`\\| archived \\| ${archived} \\| acme/svc-0009, `), 'skips grouped by reason');
  });

  it('tags forks too with include-forks', async () => {
    gh = await startFakeFleetGitHub(fleet());
    const skipsForks = lines(await fleetRun(gh, { repositories: 'acme/svc-000*', 'dry-run': 'true' }));
    assert.equal(skipsForks.find((l) => l.repository === 'acme/svc-0008')!.reason, 'fork');
    const run = await fleetRun(gh, { repositories: 'acme/svc-000*', 'dry-run': 'true', 'include-forks': 'true' });
    assert.equal(run.code, 0, run.stdout);
    const fork = lines(run).find((l) => l.repository === 'acme/svc-0008')!;
    assert.equal(fork.status, 'would-change', JSON.stringify(fork));
    assert.ok(fork.tags.length > 0);
    assert.match(run.stdout, /forks included/);
  });

  it('leaves json empty with a warning naming the report when it would pass 1 MB, and the report still has every tag', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `t${String(i).padStart(2, '0')}-${'x'.repeat(46)}`);
    gh = await startFakeFleetGitHub(makeFleet({ owner: 'acme', size: 1000 }));
    const llm = await startFakeOpenAI(() => tagsReply(names));
    try {
      const run = await runAction({
        apiUrl: gh.url,
        inputs: { tags: names.join(','), repositories: 'acme/*', topics: 'merge', 'dry-run': 'true', 'max-tags': '20', 'api-key': 'sk-fleet-test-key', 'base-url': llm.baseURL },
        timeoutMs: 120_000,
      });
      assert.equal(run.code, 0, run.stdout.slice(-2000));
      assert.equal(run.outputs.json, '');
      assert.match(run.stdout, /::warning::The "json" output would pass GitHub's 1 MB output limit, so it is empty: read the "report" output \(.+\.jsonl\) instead\./);
      const report = lines(run);
      assert.equal(report.length, 1000);
      assert.ok(report.every((l) => l.tags.length === 20));
      assert.ok(Buffer.byteLength(JSON.stringify(report.map((l) => ({ id: l.repository, tags: l.tags })))) > 1_000_000, 'the results would indeed pass 1 MB');
    } finally {
      await llm.close();
    }
  });

  it('merges without losing a topic, touches no never-write repository, writes one at a time, and writes nothing the second time', async () => {
    const repos = fleet();
    gh = await startFakeFleetGitHub(repos);
    const before = new Map([...gh.repos].map(([k, r]) => [k, [...r.topics!]]));
    const run = await fleetRun(gh, { 'max-writes': '0' });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const report = lines(run);
    const written = gh.requests.filter((r) => r.kind === 'topics-put').map((r) => r.path.split('/').slice(2, 4).join('/').toLowerCase());
    assert.equal(written.length, countsOf(report).changed);
    assert.ok(written.length > 20);
    for (const name of written) assert.ok(!NEVER_WRITE(gh.repos.get(name)!), `${name} must not be written`);
    assert.ok(!written.includes('acme/legacy-app'), 'an excluded repository is not written');
    assert.deepEqual(gh.repos.get('acme/legacy-app')!.topics, []);
    for (const r of repos.filter(NEVER_WRITE)) assert.equal(report.find((l) => l.repository === `${r.owner}/${r.name}`)?.status, 'skipped');
    assert.equal(gh.maxConcurrentWrites(), 1);
    for (const [name, topics] of before) for (const t of topics) assert.ok(gh.repos.get(name)!.topics!.includes(t), `${name} kept ${t}`);
    assert.ok(gh.repos.get('user-jo/dotfiles')!.topics!.includes('mine'));
    assert.equal(run.outputs.changed, 'true');
    assert.match(run.summary, /### Changed/);
    const changed = report.find((l) => l.status === 'changed' && l.added.length)!;
    assert.ok(run.summary.includes(`| ${changed.repository} | ${changed.tags.join(', ')} | ${changed.added.map((t) => `<code>${t}</code>`).join(' ')} |`), 'a changed row shows the topics added');

    gh.reset();
    const again = await fleetRun(gh, { 'max-writes': '0' });
    assert.equal(again.code, 0, again.stdout);
    assert.equal(gh.count('topics-put'), 0, 'the second run writes nothing');
    assert.equal(again.outputs.changed, 'false');
    assert.equal(JSON.parse(again.outputs.counts).changed, 0);
  });

  it('removes only vocabulary topics when syncing', async () => {
    gh = await startFakeFleetGitHub([
      { owner: 'acme', name: 'db', files: { 'README.md': '# Tidebase\n\nTidebase is a serverless Postgres database with separated storage and compute.' }, topics: ['game', 'hacktoberfest', 'rust'] },
    ]);
    const run = await fleetRun(gh, { repositories: 'acme/db', topics: 'sync' });
    assert.equal(run.code, 0, run.stdout);
    const [line] = lines(run);
    assert.deepEqual(line.removed, ['game']);
    assert.ok(gh.repos.get('acme/db')!.topics!.includes('hacktoberfest'));
    assert.ok(gh.repos.get('acme/db')!.topics!.includes('rust'));
    assert.ok(gh.repos.get('acme/db')!.topics!.includes('database'));
  });

  it('keeps to max-writes and reports the rest pending', async () => {
    gh = await startFakeFleetGitHub(fleet());
    const run = await fleetRun(gh, { 'max-writes': '5' });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(gh.count('topics-put'), 5);
    const counts = JSON.parse(run.outputs.counts);
    assert.equal(counts.changed, 5);
    assert.ok(counts.pending > 10, run.outputs.counts);
    assert.deepEqual(counts, countsOf(lines(run)));
    for (const l of lines(run).filter((x) => x.status === 'pending')) assert.match(l.reason!, /max-writes \(5\) reached/);
    assert.match(run.summary, /### Pending/);
  });

  it('fails the step when one write is refused, after writing the others', async () => {
    const repos = fleet();
    repos.find((r) => r.name === 'svc-0001')!.putStatus = 422;
    gh = await startFakeFleetGitHub(repos);
    const run = await fleetRun(gh, { 'max-writes': '0' });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /::error::1 of 63 repositories failed; the others were done\./);
    const report = lines(run);
    const failed = report.filter((l) => l.status === 'failed');
    assert.deepEqual(
      failed.map((l) => l.repository),
      ['acme/svc-0001'],
    );
    assert.match(failed[0].error!, /HTTP 422/);
    assert.ok(report.filter((l) => l.status === 'changed').length > 20);
    assert.match(run.summary, /### Failed/);
  });

  it('waits out a secondary limit on a write with no request during the wait', async () => {
    gh = await startFakeFleetGitHub(fleet(), { secondaryLimitOnWrite: 3, retryAfterSeconds: 1 });
    const run = await fleetRun(gh, { 'max-writes': '6' });
    assert.equal(run.code, 0, run.stdout);
    const i = gh.requests.findIndex((r) => r.status === 403);
    assert.ok(i > 0);
    assert.ok(gh.requests[i + 1].at - gh.requests[i].doneAt >= 950, 'nothing during the wait');
    assert.equal(JSON.parse(run.outputs.counts).changed, 6);
    assert.match(run.summary, /waited \d+\.\d s on rate limits/);
  });

  it('classifies with the LLM four at a time and sums the tokens', async () => {
    gh = await startFakeFleetGitHub(makeFleet({ owner: 'acme', size: 12 }));
    let inFlight = 0;
    let most = 0;
    const llm = await startFakeOpenAI(() => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => inFlight--, 150);
      return { ...tagsReply(['database'], { usage: { prompt_tokens: 1000, completion_tokens: 50 } }), delayMs: 150 };
    });
    try {
      const run = await fleetRun(gh, { repositories: 'acme/*', 'dry-run': 'true', 'api-key': 'sk-fleet-test-key', 'base-url': llm.baseURL });
      assert.equal(run.code, 0, run.stdout);
      assert.equal(llm.requests.length, 12);
      assert.equal(most, 4, 'the concurrency of batch');
      assert.deepEqual(JSON.parse(run.outputs.usage), { promptTokens: 12_000, completionTokens: 600, totalTokens: 12_600 });
      assert.equal(run.outputs.provider, 'openai');
      assert.match(run.summary, /LLM tokens: 12000 prompt \+ 600 completion = 12600/);
      assert.ok(!run.stdout.split('\n').some((l) => !l.startsWith('::add-mask::') && l.includes('sk-fleet-test-key')), 'the key is never logged');
    } finally {
      await llm.close();
    }
  });

  it('reads a fleet of a few hundred at about one GraphQL request per 25 repositories', async () => {
    gh = await startFakeFleetGitHub(makeFleet({ owner: 'acme', size: 300, archivedEvery: 17, forkEvery: 13, readOnlyEvery: 11, noReadmeEvery: 19, elsewhereEvery: 7 }));
    const run = await fleetRun(gh, { repositories: 'acme/*', 'dry-run': 'true' });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(lines(run).length, 300);
    assert.equal(gh.count('graphql'), 12);
    const viaRest = lines(run).filter((l) => l.reason === 'no README').length + lines(run).filter((l) => l.status !== 'skipped').length;
    assert.ok(gh.count('readme') < 60, `${gh.count('readme')} REST README reads of ${viaRest}`);
    assert.equal(gh.count('topics-put') + gh.count('topics-get') + gh.count('other'), 0);
  });

  it('stops cleanly with the rest pending when a rate limit would outlast the run, or the token expires', async () => {
    gh = await startFakeFleetGitHub(fleet(), { primaryLimitOnRequest: 4, primaryResetSeconds: 7200 });
    const started = Date.now();
    const run = await fleetRun(gh, { 'max-writes': '0' });
    assert.ok(Date.now() - started < 30_000);
    assert.equal(run.code, 0, run.stdout);
    const counts = JSON.parse(run.outputs.counts);
    assert.ok(counts.pending > 0, run.outputs.counts);
    assert.match(run.stdout, /::warning::The run stopped early: GitHub's primary rate limit asks to wait \d+ s, which would outlast this run/);
    assert.match(run.summary, /The run stopped early/);
    await gh.close();

    gh = await startFakeFleetGitHub(fleet(), { unauthorizedAfter: 5 });
    const expired = await fleetRun(gh, { 'max-writes': '0' });
    assert.equal(expired.code, 0, expired.stdout);
    assert.ok(JSON.parse(expired.outputs.counts).pending > 0);
    assert.match(expired.stdout, /it may have expired/);
  });
});

describe('fleet mode (dist/index.js) when the API stops answering, and on GitHub Enterprise Server', () => {
  let gh: FakeFleetGitHub | undefined;
  afterEach(async () => {
    await gh?.close();
    gh = undefined;
  });

  it('stops within a bound when the API stops answering mid-run: the rest pending, nothing written after, the step failed naming the URL', async () => {
    // GraphQL 1 and 2: the first page and its re-read before writing; 3: the second page; from the 4th (its re-read) nothing is answered.
    // A 2.5 s timeout (README_TAGGER_GITHUB_TIMEOUT_MS) instead of 30 s keeps the test short, and long enough for a loaded machine.
    gh = await startFakeFleetGitHub(fleet(), { hangAfterGraphql: 3 });
    const before = new Map([...gh.repos].map(([k, r]) => [k, [...r.topics!]]));
    const started = Date.now();
    const run = await runAction({
      apiUrl: gh.url,
      inputs: { tags: TAGS, repositories: 'acme/*, !acme/legacy-*\nuser-jo/dotfiles', topics: 'merge', 'max-writes': '0' },
      env: { README_TAGGER_GITHUB_TIMEOUT_MS: '2500' },
    });
    assert.ok(Date.now() - started < 60_000, 'stops within a minute, not after every repository timed out');
    assert.equal(run.code, 1, run.stdout);
    const report = lines(run);
    assert.deepEqual(JSON.parse(run.outputs.counts), countsOf(report), 'counts agree with the report');
    const pending = report.filter((l) => l.status === 'pending');
    assert.ok(pending.length > 5, run.outputs.counts);
    for (const l of pending) assert.match(l.reason!, /^the run stopped: GitHub stopped answering: 2 requests in a row timed out \(the last: POST http:\/\/127\.0\.0\.1:\d+\/graphql timed out/);
    assert.match(run.stdout, /::error::The run stopped because GitHub stopped answering \(.*POST http:\/\/127\.0\.0\.1:\d+\/graphql timed out.*\); \d+ repositories are pending/);
    assert.match(run.summary, /The run stopped early/);
    const stall = gh.requests.find((r) => r.status === 0)!;
    const puts = gh.requests.filter((r) => r.kind === 'topics-put');
    assert.ok(puts.length > 5 && puts.length === countsOf(report).changed, 'the first page was written');
    assert.ok(
      puts.every((r) => r.doneAt <= stall.at),
      'no write after the API stopped answering',
    );
    for (const l of pending) assert.deepEqual(gh.repos.get(l.repository.toLowerCase())!.topics, before.get(l.repository.toLowerCase()), `${l.repository} untouched`);
    assert.equal(gh.requests.filter((r) => r.status === 0).length, 2, 'the stalled request, tried once more, then nothing');
  });

  for (const graphql of ['derived', 'given'] as const) {
    it(`tags a fleet on GitHub Enterprise Server (GITHUB_API_URL .../api/v3, GraphQL URL ${graphql})`, async () => {
      gh = await startFakeFleetGitHub(fleet());
      const run = await runAction({
        apiUrl: gh.ghesUrl,
        inputs: { tags: TAGS, repositories: 'acme/svc-000*', topics: 'merge' },
        env: { GITHUB_GRAPHQL_URL: graphql === 'given' ? gh.ghesGraphqlUrl : '' },
      });
      assert.equal(run.code, 0, run.stdout);
      assert.ok(JSON.parse(run.outputs.counts).changed > 3, run.outputs.counts);
      assert.ok(gh.requests.some((r) => r.rawPath === '/api/graphql'));
      assert.ok(
        gh.requests.every((r) => r.rawPath === '/api/graphql' || r.rawPath.startsWith('/api/v3/')),
        gh.requests.map((r) => r.rawPath).join(' '),
      );
      assert.ok(gh.requests.filter((r) => r.kind === 'topics-put').length > 3);
    });
  }
});

describe('readme-tagger repos (dist/cli/index.js) end to end', () => {
  let gh: FakeFleetGitHub | undefined;
  afterEach(async () => {
    await gh?.close();
    gh = undefined;
  });
  const env = (g: FakeFleetGitHub, extra: Record<string, string> = {}) => ({ GITHUB_API_URL: g.url, GITHUB_GRAPHQL_URL: g.graphqlUrl, GH_TOKEN: 'ghs_cli_token_1234', ...extra });

  it('prints the report on stdout and progress on stderr in a dry run', async () => {
    gh = await startFakeFleetGitHub(fleet());
    const run = await runCli(['repos', 'acme/svc-00*', '!acme/svc-000*', '--tags', TAGS, '--topics', 'merge', '--dry-run'], { env: env(gh) });
    assert.equal(run.code, 0, run.stderr);
    const report = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    assert.equal(report.length, 50);
    assert.equal(gh.count('topics-put'), 0);
    assert.match(run.stderr, /50 repositories: 0 changed, \d+ would change/);
    assert.match(run.stderr, /rate limit left REST \d+\/5000 GraphQL 4999\/5000/);
    assert.match(run.stderr, /done: 50 repositories/);
    assert.ok(!gh.requests.some((r) => r.authorization !== 'token ghs_cli_token_1234'), 'GH_TOKEN is used');
  });

  it('writes the report to --output, derives the GraphQL URL, and exits 1 when a repository failed', async () => {
    const repos = fleet();
    repos.find((r) => r.name === 'svc-0002')!.putStatus = 422;
    gh = await startFakeFleetGitHub(repos);
    const dir = mkdtempSync(join(tmpdir(), 'fleet-cli-'));
    const output = join(dir, 'report.jsonl');
    const run = await runCli(['repos', 'acme/svc-000*', '--tags', TAGS, '--topics', 'merge', '--output', output], {
      env: env(gh, { GH_TOKEN: '', GITHUB_TOKEN: 'ghs_other_token_1234', GITHUB_GRAPHQL_URL: '' }),
    });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, '');
    const report = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    assert.equal(report.length, 10);
    assert.equal(report.find((l) => l.repository === 'acme/svc-0002')!.status, 'failed');
    assert.ok(report.filter((l) => l.status === 'changed').length >= 3);
    assert.ok(
      gh.requests.some((r) => r.path === '/graphql'),
      'GraphQL URL derived from GITHUB_API_URL',
    );
    assert.ok(
      gh.requests.every((r) => r.authorization === 'token ghs_other_token_1234'),
      'GITHUB_TOKEN is used',
    );
  });

  it('refuses a bad GitHub setting with exit 2 before it opens --output, so no empty report is left', async () => {
    gh = await startFakeFleetGitHub(fleet());
    const output = join(mkdtempSync(join(tmpdir(), 'repos-bad-')), 'report.jsonl');
    const run = await runCli(['repos', 'acme/*', '--tags', TAGS, '--output', output], { env: env(gh, { README_TAGGER_GITHUB_TIMEOUT_MS: '2s' }) });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /README_TAGGER_GITHUB_TIMEOUT_MS must be a whole number of milliseconds/);
    assert.equal(existsSync(output), false, 'no report file is created');
    assert.equal(gh.requests.length, 0);
  });

  it('stops when the API stops answering mid-run: exit 1, the rest pending, nothing written after', async () => {
    gh = await startFakeFleetGitHub(fleet(), { hangAfterGraphql: 3 });
    const started = Date.now();
    const run = await runCli(['repos', 'acme/*', '!acme/legacy-*', 'user-jo/dotfiles', '--tags', TAGS, '--topics', 'merge', '--max-writes', '0'], {
      env: env(gh, { README_TAGGER_GITHUB_TIMEOUT_MS: '2500' }),
    });
    assert.ok(Date.now() - started < 60_000);
    assert.equal(run.code, 1, run.stderr);
    const report = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    const c = countsOf(report);
    assert.ok(c.pending > 5);
    assert.match(
      run.stderr,
      new RegExp(`done: ${c.repositories} repositories in [\\d.]+ s: ${c.changed} changed, 0 would change, ${c.unchanged} unchanged, ${c.skipped} skipped, 0 failed, ${c.pending} pending`),
    );
    assert.match(run.stderr, /the run stopped early: GitHub stopped answering: 2 requests in a row timed out \(the last: POST http:\/\/127\.0\.0\.1:\d+\/graphql timed out/);
    const stall = gh.requests.find((r) => r.status === 0)!;
    assert.ok(gh.requests.filter((r) => r.kind === 'topics-put').every((r) => r.doneAt <= stall.at));
    assert.equal(gh.requests.filter((r) => r.kind === 'topics-put').length, c.changed);
  });

  it('keeps to --max-writes with the rest pending, and tags forks with --include-forks', async () => {
    gh = await startFakeFleetGitHub(fleet());
    const run = await runCli(['repos', 'acme/svc-00*', '--tags', TAGS, '--topics', 'merge', '--max-writes', '2', '--include-forks'], { env: env(gh) });
    assert.equal(run.code, 0, run.stderr);
    const report = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    assert.equal(gh.count('topics-put'), 2);
    assert.equal(countsOf(report).changed, 2);
    assert.ok(countsOf(report).pending > 10);
    for (const l of report.filter((x) => x.status === 'pending')) assert.match(l.reason!, /max-writes \(2\) reached/);
    assert.ok(!report.some((l) => l.reason === 'fork'), 'forks are not skipped');
    assert.equal(report.find((l) => l.repository === 'acme/svc-0008')!.status, 'pending', 'a fork waits its turn like the others');
  });

  it('tags a fleet on GitHub Enterprise Server, the GraphQL URL derived from GITHUB_API_URL or given', async () => {
    for (const graphql of ['', 'given']) {
      gh = await startFakeFleetGitHub(fleet());
      const run = await runCli(['repos', 'acme/svc-000*', '--tags', TAGS, '--topics', 'merge'], {
        env: env(gh, { GITHUB_API_URL: gh.ghesUrl, GITHUB_GRAPHQL_URL: graphql && gh.ghesGraphqlUrl }),
      });
      assert.equal(run.code, 0, run.stderr);
      assert.ok(gh.requests.some((r) => r.rawPath === '/api/graphql'));
      assert.ok(gh.requests.every((r) => r.rawPath === '/api/graphql' || r.rawPath.startsWith('/api/v3/')));
      assert.ok(
        countsOf(
          run.stdout
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Line),
        ).changed > 3,
      );
      await gh.close();
      gh = undefined;
    }
  });

  it('exits 2 naming the entry for a bad pattern, and without a token', async () => {
    const bad = await runCli(['repos', 'acme', '--tags', TAGS], { env: { GH_TOKEN: 'x1234' } });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /PATTERN: entry "acme" must be owner\/name/);
    const none = await runCli(['repos', 'acme/*', '--tags', TAGS]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /GITHUB_TOKEN or GH_TOKEN/);
  });
});

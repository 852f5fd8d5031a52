/**
 * The fleet pipeline in-process, with the offline classifier, against the
 * fake GitHub: the never-write rules, re-reading before a write, max-writes,
 * and the report.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClassifier } from '../src/classify/index.ts';
import { silentLogger, type Classifier } from '../src/classify/types.ts';
import { parsePatterns } from '../src/fleet/patterns.ts';
import { FleetReport, MAX_SUMMARY_BYTES, renderSummary, reportLine, type RepoOutcome } from '../src/fleet/report.ts';
import { runFleet, type FleetOptions } from '../src/fleet/run.ts';
import { parseVocabulary } from '../src/tags.ts';
import { parseReadme } from '../src/readme.ts';
import type { ClassifyRequest } from '../src/classify/types.ts';
import { escapeCell } from '../src/summary-text.ts';
import { fleetOctokit, makeFleet, startFakeFleetGitHub, type FakeFleetGitHub } from './helpers/fake-github-fleet.ts';

const vocabulary = parseVocabulary('database, cli, game, testing, storage, serverless, internal', 'x').tags;

function options(gh: FakeFleetGitHub, overrides: Partial<FleetOptions> = {}): FleetOptions & { lines: RepoOutcome[] } {
  const lines: RepoOutcome[] = [];
  return {
    client: fleetOctokit(gh),
    graphqlUrl: gh.graphqlUrl,
    patterns: parsePatterns('acme/*', 'x'),
    vocabulary,
    maxTags: 2,
    classifier: createClassifier({ provider: 'offline' }),
    topics: 'merge',
    dryRun: false,
    includeForks: false,
    maxWrites: 0,
    logger: silentLogger,
    onOutcome: (o) => lines.push(o),
    lines,
    ...overrides,
  };
}

describe('fleet/run.ts', () => {
  let gh: FakeFleetGitHub;
  before(async () => {
    gh = await startFakeFleetGitHub([
      ...makeFleet({ owner: 'acme', size: 40, archivedEvery: 10, forkEvery: 9, readOnlyEvery: 8, noReadmeEvery: 7, elsewhereEvery: 6 }),
      { owner: 'acme', name: 'zz-disabled', disabled: true, files: { 'README.md': '# x\n\nA database.' } },
      { owner: 'acme', name: 'zz-locked', locked: true, files: { 'README.md': '# x\n\nA database.' } },
      { owner: 'acme', name: 'zz-empty', empty: true },
      { owner: 'acme', name: 'zz-blank', files: { 'README.md': '```\ncode only\n```\n' } },
    ]);
  });
  after(() => gh.close());

  it('skips every never-write repository with its reason, before any write', async () => {
    const initial = new Map([...gh.repos].map(([k, r]) => [k, [...r.topics!]]));
    const o = options(gh, { dryRun: true });
    const result = await runFleet(o);
    assert.equal(gh.count('topics-put'), 0, 'a dry run writes nothing');
    const reasons = new Map(o.lines.map((l) => [l.repository, l.reason]));
    assert.equal(reasons.get('acme/svc-0009'), 'archived');
    assert.equal(reasons.get('acme/svc-0008'), 'fork');
    assert.equal(reasons.get('acme/svc-0007'), 'no permission to change topics (READ; needs ADMIN or MAINTAIN)');
    assert.equal(reasons.get('acme/svc-0006'), 'no README');
    assert.equal(reasons.get('acme/zz-disabled'), 'disabled');
    assert.equal(reasons.get('acme/zz-locked'), 'locked');
    assert.equal(reasons.get('acme/zz-empty'), 'empty repository');
    assert.equal(reasons.get('acme/zz-blank'), 'README has no text');
    assert.equal(o.lines.length, 44);
    assert.equal(result.report.counts.repositories, 44);
    assert.ok(result.report.counts['would-change'] > 10, JSON.stringify(result.report.counts));
    for (const [k, r] of gh.repos) assert.deepEqual(r.topics, initial.get(k));
    gh.reset();
  });

  it('writes serially, keeps every topic when merging, and writes nothing the second time', async () => {
    const before = new Map([...gh.repos].map(([k, r]) => [k, [...r.topics!]]));
    const o = options(gh);
    const first = await runFleet(o);
    assert.equal(gh.maxConcurrentWrites(), 1);
    assert.ok(first.report.counts.changed > 10);
    assert.equal(gh.count('topics-put'), first.report.counts.changed);
    for (const line of o.lines.filter((l) => l.status === 'changed')) {
      const now = gh.repos.get(line.repository.toLowerCase())!.topics!;
      for (const t of before.get(line.repository.toLowerCase())!) assert.ok(now.includes(t), `${line.repository} kept ${t}`);
      assert.deepEqual(now, line.after);
    }
    gh.reset();
    const second = await runFleet(options(gh));
    assert.equal(gh.count('topics-put'), 0);
    assert.equal(second.report.counts.changed, 0);
    assert.equal(second.report.counts.unchanged, first.report.counts.changed + first.report.counts.unchanged);
    gh.reset();
  });

  it('keeps a topic a person added between the listing and the write', async () => {
    const repo = gh.repos.get('acme/svc-0001')!;
    repo.topics = [];
    const inner = createClassifier({ provider: 'offline' });
    const classifier: Classifier = {
      provider: inner.provider,
      model: inner.model,
      classify: async (request) => {
        if (request.repository === 'acme/svc-0001') repo.topics = ['added-by-hand'];
        return inner.classify(request);
      },
    };
    const o = options(gh, { patterns: parsePatterns('acme/svc-0001', 'x'), classifier });
    await runFleet(o);
    assert.equal(o.lines[0].status, 'changed');
    assert.ok(repo.topics!.includes('added-by-hand'), repo.topics!.join());
    assert.ok(repo.topics!.includes('cli'), repo.topics!.join());
    gh.reset();
  });

  it('fails a repository whose classification failed, writes nothing to it, and does the others', async () => {
    const fresh = await startFakeFleetGitHub(makeFleet({ owner: 'acme', size: 8 }));
    try {
      const inner = createClassifier({ provider: 'offline' });
      const classifier: Classifier = {
        provider: 'openai',
        classify: async (request) => {
          if (request.repository === 'acme/svc-0001') throw new Error('the model answered 500');
          return inner.classify(request);
        },
      };
      const o = options(fresh, { classifier });
      const result = await runFleet(o);
      const failed = o.lines.filter((l) => l.status === 'failed');
      assert.deepEqual(
        failed.map((l) => [l.repository, l.error]),
        [['acme/svc-0001', 'classification failed: the model answered 500']],
      );
      const written = fresh.requests.filter((r) => r.kind === 'topics-put').map((r) => r.path);
      assert.ok(!written.includes('/repos/acme/svc-0001/topics'));
      assert.equal(written.length, result.report.counts.changed);
      assert.ok(result.report.counts.changed >= 5, JSON.stringify(result.report.counts));
    } finally {
      await fresh.close();
    }
  });

  it('hands the classifier each README parsed once: the request carries the parse of its text', async () => {
    const inner = createClassifier({ provider: 'offline' });
    const seen: ClassifyRequest[] = [];
    const classifier: Classifier = {
      provider: 'offline',
      classify: async (request) => {
        seen.push(request);
        return inner.classify(request);
      },
    };
    const o = options(gh, { classifier, dryRun: true });
    await runFleet(o);
    assert.ok(seen.length >= 20, `${seen.length} classified`);
    for (const request of seen) assert.deepEqual(request.doc, parseReadme(request.readme), `${request.repository} has its parsed README`);
    gh.reset();
  });

  it("gives the classifier each repository's primary language as GitHub reports it, as the action does", async () => {
    const readme = '# Sieve\n\nSieve is a command-line tool that finds duplicate files.\n';
    const fresh = await startFakeFleetGitHub([
      { owner: 'acme', name: 'sieve', language: 'Python', files: { 'README.md': readme } },
      { owner: 'acme', name: 'sieve-go', language: 'Go', files: { 'README.md': readme } },
      { owner: 'acme', name: 'sieve-none', files: { 'README.md': readme } },
    ]);
    try {
      const seen = new Map<string, string | undefined>();
      const inner = createClassifier({ provider: 'offline' });
      const classifier: Classifier = {
        provider: 'offline',
        classify: async (request) => {
          seen.set(request.repository!, request.language);
          return inner.classify(request);
        },
      };
      const o = options(fresh, { classifier, dryRun: true, vocabulary: parseVocabulary('cli, python, go', 'x').tags });
      await runFleet(o);
      assert.deepEqual(Object.fromEntries(seen), { 'acme/sieve': 'Python', 'acme/sieve-go': 'Go', 'acme/sieve-none': undefined });
      const tags = new Map(o.lines.map((l) => [l.repository, l.tags]));
      assert.ok(tags.get('acme/sieve')!.includes('python') && !tags.get('acme/sieve')!.includes('go'), JSON.stringify([...tags]));
      assert.ok(!tags.get('acme/sieve-none')!.includes('python'), JSON.stringify([...tags]));
    } finally {
      await fresh.close();
    }
  });

  it('reads through REST a README that GraphQL cut at 512 KB, instead of classifying the cut text', async () => {
    const long = `# Tidebase\n\nA serverless Postgres database.\n\n${'Storage and compute are separate. '.repeat(20_000)}`;
    const fresh = await startFakeFleetGitHub([{ owner: 'acme', name: 'big', files: { 'README.md': long } }]);
    try {
      const o = options(fresh, { dryRun: true });
      await runFleet(o);
      assert.equal(fresh.count('readme'), 1, 'one REST read for the truncated blob');
      assert.equal(o.lines[0].status, 'would-change');
      assert.ok(o.lines[0].tags.includes('database'), o.lines[0].tags.join());
    } finally {
      await fresh.close();
    }
  });

  it('writes at most max-writes and reports the rest pending', async () => {
    for (const r of gh.repos.values()) r.topics = [];
    const o = options(gh, { maxWrites: 3 });
    const result = await runFleet(o);
    assert.equal(gh.count('topics-put'), 3);
    assert.equal(result.report.counts.changed, 3);
    const pending = o.lines.filter((l) => l.status === 'pending');
    assert.ok(pending.length > 5);
    for (const p of pending) assert.match(p.reason!, /^max-writes \(3\) reached/);
    gh.reset();
  });

  it('removes only vocabulary topics when syncing', async () => {
    const repo = gh.repos.get('acme/svc-0000')!;
    repo.topics = ['game', 'hacktoberfest', 'database'];
    const o = options(gh, { topics: 'sync', patterns: parsePatterns('acme/svc-0000', 'x') });
    await runFleet(o);
    assert.deepEqual(o.lines[0].removed, ['game']);
    assert.ok(repo.topics.includes('hacktoberfest') && repo.topics.includes('database') && !repo.topics.includes('game'), repo.topics.join());
    gh.reset();
  });

  it('leaves the topics alone when syncing and none of the chosen tags can be a topic, as the single-repository run does', async () => {
    const repo = gh.repos.get('acme/svc-0000')!;
    repo.topics = ['game', 'database'];
    const withCpp = parseVocabulary('database, game, c++', 'x').tags;
    const classifier: Classifier = { provider: 'openai', model: 'm', classify: async () => ({ tags: [{ name: 'c++' }], provider: 'openai', warnings: [] }) };
    const o = options(gh, { classifier, vocabulary: withCpp, topics: 'sync', patterns: parsePatterns('acme/svc-0000', 'x') });
    await runFleet(o);
    assert.equal(o.lines[0].status, 'unchanged');
    assert.deepEqual(o.lines[0].tags, ['c++']);
    assert.deepEqual(o.lines[0].removed, []);
    assert.deepEqual(repo.topics, ['game', 'database']);
    assert.equal(gh.count('topics-put'), 0);
    gh.reset();
  });

  it('fails one repository on a 422 and writes the others', async () => {
    for (const r of gh.repos.values()) r.topics = [];
    gh.repos.get('acme/svc-0002')!.putStatus = 422;
    const o = options(gh, { patterns: parsePatterns('acme/svc-000*', 'x') });
    const result = await runFleet(o);
    const failed = o.lines.filter((l) => l.status === 'failed');
    assert.deepEqual(
      failed.map((l) => l.repository),
      ['acme/svc-0002'],
    );
    assert.match(failed[0].error!, /HTTP 422/);
    assert.ok(result.report.counts.changed >= 3);
    delete gh.repos.get('acme/svc-0002')!.putStatus;
    gh.reset();
  });

  it('sums the tokens of the classifications', async () => {
    const classifier: Classifier = {
      provider: 'openai',
      model: 'm',
      classify: async () => ({ tags: [{ name: 'database' }], provider: 'openai', warnings: [], usage: { promptTokens: 100, completionTokens: 10, totalTokens: 110 } }),
    };
    const result = await runFleet(options(gh, { classifier, topics: 'off', patterns: parsePatterns('acme/svc-000*', 'x') }));
    const classified = result.report.results.length;
    assert.ok(classified >= 5);
    assert.deepEqual(result.report.usage, { promptTokens: 100 * classified, completionTokens: 10 * classified, totalTokens: 110 * classified });
    gh.reset();
  });
});

describe('fleet/report.ts', () => {
  it('writes the report line with the keys the issue names, in order', () => {
    const line = reportLine({ repository: 'a/b', status: 'skipped', tags: [], before: ['x'], after: ['x'], added: [], removed: [], reason: 'archived', classified: false });
    assert.equal(line, '{"repository":"a/b","status":"skipped","tags":[],"before":["x"],"after":["x"],"added":[],"removed":[],"reason":"archived"}');
  });

  it('keeps the job summary under 1 MiB for 20,000 repositories with long errors', () => {
    const report = new FleetReport();
    const statuses = ['changed', 'failed', 'pending', 'skipped'] as const;
    for (let i = 0; i < 20_000; i++) {
      const status = statuses[i % 4];
      report.add({
        repository: `acme/repo-${i}`,
        status,
        tags: ['database'],
        before: [],
        after: ['database'],
        added: ['database'],
        removed: [],
        error: status === 'failed' ? 'x'.repeat(5000) : undefined,
        reason: status === 'skipped' ? `reason ${i % 500}` : status === 'pending' ? 'max-writes' : undefined,
        classified: true,
      });
    }
    const text = renderSummary({ report, topics: 'merge', dryRun: false, provider: 'offline', requests: { reads: 1, writes: 1 }, waitedMs: 0, rateLimit: {}, errors: [], seconds: 1 });
    assert.ok(Buffer.byteLength(text) < MAX_SUMMARY_BYTES, `${Buffer.byteLength(text)} bytes`);
    assert.match(text, /\| changed \| 5000 \|/);
    assert.match(text, /and 4800 more in the report/);
    assert.equal(report.counts.repositories, 20_000);
  });

  it('escapes outside text in the summary with the single-repository summary escaping (escapeCell)', () => {
    const report = new FleetReport();
    const error = 'GitHub said <img src=x onerror=alert(1)> | [click](https://evil.example) _now_';
    report.add({ repository: 'acme/a', status: 'failed', tags: [], before: [], after: [], added: [], removed: [], error });
    const text = renderSummary({ report, topics: 'merge', dryRun: false, provider: 'openai', model: 'gpt_`x`', requests: { reads: 1, writes: 0 }, waitedMs: 0, rateLimit: {}, errors: [], seconds: 1 });
    assert.ok(text.includes(`| acme/a | ${escapeCell(error)} |`), text);
    assert.ok(text.includes(`model <code>${escapeCell('gpt_`x`')}</code>`), text);
    assert.ok(!text.includes('<img') && !text.includes('](https://evil'));
  });

  it('leaves the json output empty once it would pass 1 MB', () => {
    const report = new FleetReport();
    for (let i = 0; i < 30_000; i++)
      report.add({ repository: `acme/a-rather-long-repository-name-${i}`, status: 'unchanged', tags: ['database', 'serverless'], before: [], after: [], added: [], removed: [], classified: true });
    assert.equal(report.resultsTooLarge, true);
    assert.equal(report.results.length, 0);
  });
});

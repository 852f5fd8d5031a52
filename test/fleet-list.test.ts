/**
 * Listing a fleet against the fake GitHub (GraphQL checked against GitHub's
 * schema), through the real gate: request counts, README probes, fallbacks,
 * and the faults GitHub can answer with.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GitHubGate, StopRun, type FleetClient } from '../src/fleet/gate.ts';
import { fleetClient } from '../src/github.ts';
import { fleetReadmeApi, listOwner, readTopics, repoReadme, type ListContext, type ListedItem, type ListedRepo } from '../src/fleet/list.ts';
import { parsePatterns } from '../src/fleet/patterns.ts';
import { loadReadme } from '../src/readme-load.ts';
import { fleetOctokit, makeFleet, startFakeFleetGitHub, type FakeFleetGitHub } from './helpers/fake-github-fleet.ts';

const HOUR = 3_600_000;

function context(gh: FakeFleetGitHub, gate = new GitHubGate({ deadline: Date.now() + HOUR })): ListContext {
  return { client: fleetOctokit(gh), gate, graphqlUrl: gh.graphqlUrl };
}

async function collect(ctx: ListContext, patterns: string, owner: string): Promise<ListedItem[]> {
  const items: ListedItem[] = [];
  for await (const page of listOwner(ctx, parsePatterns(patterns, 'x'), owner)) items.push(...page);
  return items;
}

const repos = (items: ListedItem[]) => items.flatMap((i) => ('repo' in i ? [i.repo] : []));

describe('fleet/list.ts', () => {
  let gh: FakeFleetGitHub;
  before(async () => {
    gh = await startFakeFleetGitHub([
      ...makeFleet({ owner: 'acme', size: 200, archivedEvery: 17, forkEvery: 13, readOnlyEvery: 11, noReadmeEvery: 19, elsewhereEvery: 7 }),
      { owner: 'octo', name: 'one', files: { 'README.md': '# One\n\nA database.' }, topics: ['x'] },
      { owner: 'octo', name: 'dotgithub', files: { '.github/README.md': '# Profile readme', 'README.md': '# Root readme' } },
      { owner: 'octo', name: 'empty', empty: true },
    ]);
  });
  after(() => gh.close());

  it('reads 200 repositories with their README text in 8 GraphQL requests', async () => {
    gh.reset();
    const items = await collect(context(gh), 'acme/*', 'acme');
    assert.equal(repos(items).length, 200);
    assert.equal(gh.count('graphql'), 8);
    assert.equal(gh.count(), 8);
    const byName = new Map(repos(items).map((r) => [r.name, r]));
    assert.match(byName.get('svc-0000')!.readme!.text, /^# Tidebase/);
    assert.equal(byName.get('svc-0000')!.readme!.path, 'README.md');
    assert.deepEqual(byName.get('svc-0000')!.topics, ['internal']);
    assert.equal(byName.get('svc-0016')!.isArchived, true);
    assert.equal(byName.get('svc-0012')!.isFork, true);
    assert.equal(byName.get('svc-0010')!.viewerPermission, 'READ');
    assert.equal(byName.get('svc-0006')!.readme, null, 'README elsewhere: left to REST');
    assert.equal(byName.get('svc-0018')!.readme, null, 'no README');
  });

  it('filters by glob and exclusion, and reports a named repository it cannot find', async () => {
    gh.reset();
    const items = await collect(context(gh), 'acme/svc-00*, !acme/svc-001*, acme/nope', 'acme');
    assert.deepEqual(
      repos(items)
        .map((r) => r.name)
        .slice(0, 11),
      ['svc-0000', 'svc-0001', 'svc-0002', 'svc-0003', 'svc-0004', 'svc-0005', 'svc-0006', 'svc-0007', 'svc-0008', 'svc-0009', 'svc-0020'],
    );
    assert.equal(repos(items).length, 90);
    assert.deepEqual(
      items.filter((i) => 'missing' in i),
      [{ missing: 'acme/nope', error: 'acme/nope was not found, or the token cannot see it. Check the name, and that the token can read the repository.' }],
    );
  });

  it('reads named repositories without listing their owner, in one request', async () => {
    gh.reset();
    const items = await collect(context(gh), 'octo/one, octo/dotgithub, octo/empty, octo/ghost', 'octo');
    assert.equal(gh.count('graphql'), 1);
    const [one, dot, empty, ghost] = items;
    assert.deepEqual((one as { repo: ListedRepo }).repo.topics, ['x']);
    assert.equal((dot as { repo: ListedRepo }).repo.readme!.path, '.github/README.md', 'GitHub shows .github/README.md first');
    assert.equal((empty as { repo: ListedRepo }).repo.isEmpty, true);
    assert.equal((ghost as { missing: string }).missing, 'octo/ghost');
  });

  it('reads a README the probes cannot reach through REST, and null when there is none', async () => {
    gh.reset();
    const ctx = context(gh);
    const rest = (name: string) => loadReadme({ api: fleetReadmeApi(ctx, { owner: 'acme', name }) });
    assert.equal((await rest('svc-0006'))!.source, 'docs/README.md');
    assert.equal((await rest('svc-0013'))!.source, '.github/README.md');
    assert.equal((await rest('svc-0020'))!.source, 'README.rst');
    assert.equal(await rest('svc-0018'), null);
    assert.equal(gh.count('readme'), 4);
  });

  it('takes the README a probe already read without asking REST again', async () => {
    gh.reset();
    const ctx = context(gh);
    const [first] = repos(await collect(ctx, 'octo/one', 'octo'));
    gh.reset();
    const loaded = await repoReadme(ctx, first);
    assert.equal(loaded!.source, first.readme!.path);
    assert.equal(loaded!.text, first.readme!.text);
    assert.equal(gh.count('readme'), 0);
  });

  it('leaves to REST a repository whose .github/ holds a README under another name, which GitHub shows before the root README.md', async () => {
    const fresh = await startFakeFleetGitHub([
      { owner: 'octo', name: 'lower', files: { '.github/readme.md': '# From .github\n\nThe README GitHub shows.', 'README.md': '# Root\n\nNot shown.' } },
      { owner: 'octo', name: 'workflows', files: { '.github/workflows/ci.yml': 'on: push', 'README.md': '# Root\n\nShown.' } },
    ]);
    try {
      const ctx = context(fresh);
      const [lower, workflows] = repos(await collect(ctx, 'octo/*', 'octo'));
      assert.equal(lower.readme, null, 'the root README.md probe is not taken');
      assert.equal(workflows.readme!.path, 'README.md', 'a .github/ without a README does not cost a REST read');
      const loaded = await repoReadme(ctx, lower);
      assert.equal(loaded!.source, '.github/readme.md');
      assert.match(loaded!.text, /^# From \.github/);
      assert.equal(fresh.count('readme'), 1);
    } finally {
      await fresh.close();
    }
  });

  it('halves the page after a 502 and still reads every repository', async () => {
    gh.reset();
    gh.faults = { badGatewayOverPageSize: 10 };
    const items = await collect(context(gh), 'acme/*', 'acme');
    assert.equal(repos(items).length, 200);
    assert.equal(gh.requests.filter((r) => r.status === 502).length, 2, 'pages of 25 and 12 were refused');
    assert.equal(gh.count('graphql'), 2 + Math.ceil(200 / 6), 'then pages of 6');
  });

  it('waits out a secondary limit as retry-after says, with no request during the wait', async () => {
    gh.reset();
    gh.faults = { secondaryLimitOnRequest: 2, retryAfterSeconds: 1 };
    const gate = new GitHubGate({ deadline: Date.now() + HOUR });
    const items = await collect(context(gh, gate), 'acme/*', 'acme');
    assert.equal(repos(items).length, 200);
    const limited = gh.requests[1];
    assert.equal(limited.status, 403);
    const next = gh.requests[2];
    assert.ok(next.at - limited.doneAt >= 950, `next request ${next.at - limited.doneAt} ms after the limit`);
    assert.ok(gate.waitedMs >= 950);
  });

  it('waits out a primary limit until x-ratelimit-reset', async () => {
    gh.reset();
    gh.faults = { primaryLimitOnRequest: 1, primaryResetSeconds: 1 };
    const gate = new GitHubGate({ deadline: Date.now() + HOUR });
    const items = await collect(context(gh, gate), 'octo/one', 'octo');
    assert.equal(repos(items).length, 1);
    assert.ok(gate.waitedMs >= 1000, `waited ${gate.waitedMs} ms`);
  });

  it('stops the run when the wait would outlast it', async () => {
    gh.reset();
    gh.faults = { primaryLimitOnRequest: 2, primaryResetSeconds: 3600 };
    const started = Date.now();
    await assert.rejects(collect(context(gh), 'acme/*', 'acme'), (e: Error) => e instanceof StopRun && /primary rate limit asks to wait \d+ s, which would outlast this run/.test(e.message));
    assert.ok(Date.now() - started < 5000);
  });

  it('stops the run when GitHub stops answering, instead of hanging', async () => {
    gh.reset();
    gh.faults = { hangAfter: 1 };
    // The per-request timeout is the client's (github.ts fleetClient), not the gate's: 2 s, so that the first page
    // (answered) is not timed out too on a loaded machine, which would leave one request fewer than counted below.
    const ctx: ListContext = {
      client: fleetClient({ token: 'ghs_fleet_test_token', urls: { apiUrl: gh.url, graphqlUrl: gh.graphqlUrl }, requestTimeoutMs: 2000 }) as unknown as FleetClient,
      gate: new GitHubGate({ deadline: Date.now() + HOUR }),
    };
    const started = Date.now();
    await assert.rejects(
      collect(ctx, 'acme/*', 'acme'),
      (e: Error) =>
        e instanceof StopRun &&
        e.stalled &&
        /GitHub stopped answering: 2 requests in a row timed out \(the last: POST http:\/\/127\.0\.0\.1:\d+\/graphql timed out: no answer within 2 s/.test(e.message),
    );
    assert.ok(Date.now() - started < 10_000);
    assert.equal(gh.count(), 3, 'the first page, then one request tried twice');
  });

  it('stops the run when the token is rejected mid-run, and fails at once when it is rejected from the start', async () => {
    gh.reset();
    gh.faults = { unauthorizedAfter: 2 };
    await assert.rejects(collect(context(gh), 'acme/*', 'acme'), (e: Error) => e instanceof StopRun && /may have expired/.test(e.message));
    gh.reset();
    gh.faults = { unauthorizedAfter: 0 };
    await assert.rejects(collect(context(gh), 'acme/*', 'acme'), (e: Error) => !(e instanceof StopRun) && /GitHub rejected the token \(401: Bad credentials\)\. Pass a valid token/.test(e.message));
  });

  it('reads 1,000 repositories with root READMEs in at most 60 requests', async () => {
    const big = await startFakeFleetGitHub(makeFleet({ owner: 'big', size: 1000 }));
    try {
      const items = await collect(context(big), 'big/*', 'big');
      assert.equal(repos(items).length, 1000);
      assert.ok(repos(items).every((r) => r.readme?.text.startsWith('# ')));
      assert.ok(big.count() <= 60, `${big.count()} requests`);
      assert.equal(big.count(), 40);
    } finally {
      await big.close();
    }
  });

  it('re-reads the topics of a batch of repositories in one request', async () => {
    gh.reset();
    gh.repos.get('octo/one')!.topics = ['x', 'added-by-hand'];
    const topics = await readTopics(context(gh), [
      { owner: 'octo', name: 'one' },
      { owner: 'acme', name: 'svc-0000' },
      { owner: 'octo', name: 'gone' },
    ]);
    assert.equal(gh.count(), 1);
    assert.deepEqual(topics.get('octo/one'), ['x', 'added-by-hand']);
    assert.deepEqual(topics.get('acme/svc-0000'), ['internal']);
    assert.equal(topics.get('octo/gone'), null);
  });
});

/**
 * The bundled action (dist/index.js) against a GitHub API that refuses,
 * fails, rate-limits, never answers, or sits behind a proxy: exactly one
 * topics write per intended write on any 4xx, 5xx retried, rate limits
 * waited out or reported with their reset, a silent API failing the step
 * within the bound, and proxy settings honoured as @actions/github does.
 */
import { describe, it } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { ACTION_ENTRY, CLI_ENTRY, makeWorkspace, runAction, type ActionRun } from './helpers/action.ts';
import { startFakeGitHub, type FakeGitHub, type Intercept } from './helpers/github-server.ts';

const TOKEN = 'ghs_hostileGitHubToken_0123456789abcdef';
const VOCAB = 'database, serverless, storage, cli, testing, game';
const README = `# Tidebase

Tidebase is a serverless Postgres database with separated storage and compute.
It branches a database like code and scales storage to zero.
`;

/** One run of the action that merges topics into octo/widget (README from the workspace), against `github`. */
function runMerge(github: { url: string }, extra: { env?: Record<string, string>; timeoutMs?: number; repository?: string; apiUrl?: string } = {}) {
  return runAction({
    apiUrl: extra.apiUrl ?? github.url,
    token: TOKEN,
    repository: extra.repository,
    workspace: makeWorkspace({ 'README.md': README }),
    inputs: { tags: VOCAB, topics: 'merge' },
    env: extra.env,
    timeoutMs: extra.timeoutMs,
  });
}

function errorLines(run: ActionRun): string[] {
  return run.stdout.split('\n').filter((l) => l.startsWith('::error'));
}

/** Nothing the API sent can become a workflow command, and the token is nowhere but in the runner's mask command. */
function assertClean(run: ActionRun): void {
  const log = run.stdout
    .split('\n')
    .filter((l) => l !== `::add-mask::${TOKEN}`)
    .join('\n');
  for (const text of [log, run.stderr, run.summary, JSON.stringify(run.outputs)]) {
    assert.ok(!text.includes(TOKEN), 'the token never appears');
  }
  assert.ok(!run.stdout.split('\n').some((l) => l.startsWith('::error::injected')), 'no injected workflow command');
}

async function withGitHub(intercept: Intercept, body: (github: FakeGitHub) => Promise<void>): Promise<void> {
  const github = await startFakeGitHub({ 'octo/widget': { topics: ['keep-me'] }, 'octo/remote': { readme: README, topics: [] } }, { intercept });
  try {
    await body(github);
  } finally {
    await github.close();
  }
}

const puts = (github: FakeGitHub) => github.requests.filter((r) => r.method === 'PUT');

describe('hostile GitHub API (dist/index.js)', { concurrency: true }, () => {
  it('leaves @actions/github out of both bundles: the one client is @octokit/rest, built in src/github.ts', () => {
    for (const entry of [CLI_ENTRY, ACTION_ENTRY]) {
      // The CLI's GitHub client is a chunk beside its entry (NNN.index.js), loaded by `repos` only.
      const chunks = readdirSync(dirname(entry)).filter((f) => /^\d+\.index\.js$/.test(f));
      const bundle = [entry, ...chunks.map((f) => join(dirname(entry), f))].map((f) => readFileSync(f, 'utf8')).join('\n');
      // getOctokitOptions is @actions/github's own code (lib/utils.js): a comment naming the package does not count.
      assert.ok(!bundle.includes('getOctokitOptions'), `${entry} carries @actions/github`);
      assert.ok(bundle.includes('@octokit/plugin-throttling'), `${entry} lacks the throttling plugin`);
    }
  });

  for (const status of [401, 403, 404, 422]) {
    it(`sends exactly one topics write on HTTP ${status}, says what to do and leaves the topics alone`, async () => {
      await withGitHub(
        (r) => (r.method === 'PUT' ? { status, body: { message: `refused: ${String(r.headers.authorization)}\n::error::injected` } } : undefined),
        async (github) => {
          const run = await runMerge(github);
          assert.equal(run.code, 1);
          assert.equal(puts(github).length, 1, 'one PUT, never repeated');
          assert.deepEqual(github.repos.get('octo/widget')?.topics, ['keep-me']);
          const [line] = errorLines(run);
          assert.ok(line, run.stdout);
          assert.match(line, /topics of octo\/widget/);
          assert.match(line, /topics were left as they were/);
          if (status === 403 || status === 404) assert.match(line, /Administration: write/);
          if (status === 401) assert.match(line, /token in "github-token" was rejected/);
          if (status === 422) assert.match(line, /answered HTTP 422: refused: token \*\*\*%250A::error::injected\./);
          assertClean(run);
        },
      );
    });
  }

  it('repeats a topics write after a 502 and writes once successfully', async () => {
    let failures = 1;
    await withGitHub(
      (r) => (r.method === 'PUT' && failures-- > 0 ? { status: 502, body: { message: 'Bad gateway' } } : undefined),
      async (github) => {
        const run = await runMerge(github);
        assert.equal(run.code, 0, run.stdout);
        assert.equal(puts(github).length, 2);
        assert.equal(run.outputs.changed, 'true');
        assert.deepEqual(github.repos.get('octo/widget')?.topics, ['keep-me', 'database', 'serverless', 'storage']);
        assertClean(run);
      },
    );
  });

  it('waits out a secondary rate limit as retry-after says, then writes', async () => {
    let limited = 1;
    const times: number[] = [];
    await withGitHub(
      (r) => {
        if (r.method !== 'PUT') return undefined;
        times.push(Date.now());
        return limited-- > 0
          ? { status: 403, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } }
          : undefined;
      },
      async (github) => {
        const run = await runMerge(github);
        assert.equal(run.code, 0, run.stdout);
        assert.equal(puts(github).length, 2);
        assert.ok(times[1] - times[0] >= 950, `waited ${times[1] - times[0]} ms before repeating`);
        assert.match(run.stdout, /::warning::GitHub's secondary rate limit was hit on PUT .*waiting 1 s as retry-after says/);
        assert.equal(run.outputs.changed, 'true');
        assertClean(run);
      },
    );
  });

  it('fails promptly on a primary rate limit that resets in an hour, naming the limit and the reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    await withGitHub(
      () => ({
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': String(reset), 'x-ratelimit-resource': 'core' },
        body: { message: 'API rate limit exceeded for installation ID 1.' },
      }),
      async (github) => {
        const started = Date.now();
        const run = await runMerge(github);
        assert.ok(Date.now() - started < 20_000, 'no waiting for the reset');
        assert.equal(run.code, 1);
        const topicReads = github.requests.filter((r) => r.path.endsWith('/topics'));
        assert.equal(topicReads.length, 1, 'no hammering');
        assert.ok(github.requests.length <= 2, `requests: ${github.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
        const [line] = errorLines(run);
        assert.match(line, /primary rate limit for this token is used up/);
        assert.ok(line.includes(new Date(reset * 1000).toISOString()), line);
        assert.equal(puts(github).length, 0);
        assertClean(run);
      },
    );
  });

  it('fails within the bound, naming the API URL, when the API accepts connections but never answers', async () => {
    await withGitHub(
      () => 'silent',
      async (github) => {
        const started = Date.now();
        const run = await runMerge(github, { timeoutMs: 170_000 });
        const took = Date.now() - started;
        assert.ok(took < 120_000, `took ${took} ms: more than 2 minutes`);
        assert.equal(run.code, 1, run.stdout);
        const [line] = errorLines(run);
        assert.ok(line?.includes(github.url), line);
        assert.match(line, /did not answer GET .*\/repos\/octo\/widget\/topics in time: the GitHub part of the run has a deadline of 60 s/);
        assert.equal(puts(github).length, 0);
        assertClean(run);
      },
    );
  });

  it('goes through HTTP_PROXY, and HTTPS_PROXY for an https API, but not for a host NO_PROXY covers', async () => {
    await withGitHub(
      () => undefined,
      async (github) => {
        const proxy = await startProxy(new URL(github.url).port);
        try {
          const apiUrl = `http://api.github.test:${new URL(github.url).port}`;
          const viaProxy = await runMerge(github, { apiUrl, env: { HTTP_PROXY: proxy.url } });
          assert.equal(viaProxy.code, 0, viaProxy.stdout);
          assert.ok(proxy.seen.length >= 1);
          assert.deepEqual([...new Set(proxy.seen)], [`CONNECT api.github.test:${new URL(github.url).port}`]);
          assert.deepEqual(
            github.requests.map((r) => `${r.method} ${r.path}`),
            ['GET /repos/octo/widget', 'GET /repos/octo/widget/topics', 'PUT /repos/octo/widget/topics'],
          );
          assert.equal(viaProxy.outputs.changed, 'true');
          assertClean(viaProxy);

          proxy.seen.length = 0;
          const [bypassed, tunnelled] = await Promise.all([
            runMerge(github, { apiUrl, repository: 'octo/remote', env: { HTTP_PROXY: proxy.url, NO_PROXY: 'github.test' } }),
            runMerge(github, { apiUrl: 'https://api.github.test', repository: 'octo/remote', env: { HTTPS_PROXY: proxy.url } }),
          ]);
          // NO_PROXY: straight to api.github.test, which does not resolve (the README is the workspace's); the proxy sees nothing of it.
          assert.equal(bypassed.code, 1);
          assert.match(
            errorLines(bypassed)[0],
            /GET http:\/\/api\.github\.test:\d+\/repos\/octo\/remote\/topics failed before GitHub answered: getaddrinfo ENOTFOUND api\.github\.test \(3 attempts\)\./,
          );
          // HTTPS_PROXY: a CONNECT tunnel to port 443 is asked for (this proxy refuses it: no TLS here).
          assert.equal(tunnelled.code, 1);
          assert.ok(proxy.seen.length >= 1);
          assert.ok(
            proxy.seen.every((s) => s === 'CONNECT api.github.test:443'),
            proxy.seen.join(', '),
          );
          assertClean(bypassed);
          assertClean(tunnelled);
        } finally {
          await proxy.close();
        }
      },
    );
  });
});

/**
 * A proxy on loopback, as undici's ProxyAgent (the one @actions/http-client
 * picks) uses it: a CONNECT tunnel for every target. Records each CONNECT,
 * tunnels the fake GitHub's port to it, refuses anything else.
 */
async function startProxy(targetPort: string): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<import('node:stream').Duplex>();
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(405).end();
  });
  server.on('connect', (req, socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const port = /:(\d+)$/.exec(req.url ?? '')?.[1];
    if (port !== targetPort) return void socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const upstream = connect(Number(targetPort), '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

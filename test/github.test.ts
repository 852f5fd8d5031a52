import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createGitHubClient,
  DO_NOT_RETRY,
  getTopics,
  gitHubUrls,
  GITHUB_DEADLINE_MS,
  GITHUB_REQUEST_TIMEOUT_MS,
  MAX_RATE_LIMIT_WAIT_MS,
  proxyDispatcherFor,
  putTopics,
  requestTimeoutFromEnv,
  TIMEOUT_ENV,
  type GitHubClientOptions,
} from '../src/github.ts';
import { readFileSync } from 'node:fs';
import { MAX_TIMEOUTS_IN_A_ROW } from '../src/fleet/gate.ts';
import { RUN_BUDGET_MS } from '../src/fleet/run.ts';
import { startFakeGitHub, type FakeGitHub, type Intercept } from './helpers/github-server.ts';

const ref = { owner: 'octo', repo: 'widget' };
const TOKEN = 'ghs_unitTestToken0123456789';

/** A fake GitHub with one repository, a client on it with short timings, and the fault to inject. */
async function setup(intercept?: Intercept, options: Partial<GitHubClientOptions> = {}) {
  const github = await startFakeGitHub({ 'octo/widget': { topics: ['keep-me'], readme: '# Widget' } }, { intercept });
  const warnings: string[] = [];
  const client = createGitHubClient({
    token: TOKEN,
    urls: { apiUrl: github.url, graphqlUrl: `${github.url}/graphql` },
    logger: { info() {}, debug() {}, warning: (m) => warnings.push(m) },
    requestTimeoutMs: 2_000,
    deadlineMs: 30_000,
    retryBaseMs: 10,
    ...options,
  });
  return { github, client, warnings };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected the call to fail');
}

const puts = (github: FakeGitHub) => github.requests.filter((r) => r.method === 'PUT').length;

describe('github.ts gitHubUrls', () => {
  const cases: Array<[string, Record<string, string>, { apiUrl: string; graphqlUrl: string }]> = [
    ['defaults to GitHub.com', {}, { apiUrl: 'https://api.github.com', graphqlUrl: 'https://api.github.com/graphql' }],
    [
      'derives GitHub Enterprise Server GraphQL from /api/v3',
      { GITHUB_API_URL: 'https://ghe.example.com/api/v3' },
      { apiUrl: 'https://ghe.example.com/api/v3', graphqlUrl: 'https://ghe.example.com/api/graphql' },
    ],
    ['ignores a trailing slash', { GITHUB_API_URL: 'https://ghe.example.com/api/v3/' }, { apiUrl: 'https://ghe.example.com/api/v3', graphqlUrl: 'https://ghe.example.com/api/graphql' }],
    ['derives GHE.com GraphQL at /graphql', { GITHUB_API_URL: 'https://api.acme.ghe.com' }, { apiUrl: 'https://api.acme.ghe.com', graphqlUrl: 'https://api.acme.ghe.com/graphql' }],
    [
      'takes GITHUB_GRAPHQL_URL as given',
      { GITHUB_API_URL: 'https://ghe.example.com/api/v3', GITHUB_GRAPHQL_URL: 'https://gql.example.com/custom' },
      { apiUrl: 'https://ghe.example.com/api/v3', graphqlUrl: 'https://gql.example.com/custom' },
    ],
    ['treats an empty GITHUB_API_URL as unset', { GITHUB_API_URL: ' ', GITHUB_GRAPHQL_URL: '' }, { apiUrl: 'https://api.github.com', graphqlUrl: 'https://api.github.com/graphql' }],
  ];
  for (const [name, env, expected] of cases) {
    it(name, () => assert.deepEqual(gitHubUrls(env), expected));
  }

  it('rejects a GITHUB_API_URL that is not an http(s) URL, naming the variable', () => {
    assert.throws(() => gitHubUrls({ GITHUB_API_URL: 'ftp://x' }), /GITHUB_API_URL must be an http\(s\) URL/);
    assert.throws(() => gitHubUrls({ GITHUB_GRAPHQL_URL: 'not a url' }), /GITHUB_GRAPHQL_URL must be an http\(s\) URL/);
  });

  it('has the documented defaults', () => {
    assert.equal(GITHUB_REQUEST_TIMEOUT_MS, 30_000);
    assert.ok(GITHUB_DEADLINE_MS < 120_000, 'a silent API fails the step within 2 minutes');
    assert.equal(MAX_RATE_LIMIT_WAIT_MS, 120_000);
    for (const status of [400, 401, 403, 404, 422, 429]) assert.ok(DO_NOT_RETRY.includes(status as never), `${status} is never repeated`);
  });

  it('uses the documented timeout and budgets unless README_TAGGER_GITHUB_TIMEOUT_MS says otherwise', () => {
    assert.equal(requestTimeoutFromEnv({}), GITHUB_REQUEST_TIMEOUT_MS);
    assert.equal(requestTimeoutFromEnv({ [TIMEOUT_ENV]: '1500' }), 1500);
    assert.throws(() => requestTimeoutFromEnv({ [TIMEOUT_ENV]: '2s' }), /README_TAGGER_GITHUB_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000 \(default 30000\); got "2s"/);
    assert.throws(() => requestTimeoutFromEnv({ [TIMEOUT_ENV]: '50' }), /from 100 to 600000/);
    assert.equal(RUN_BUDGET_MS, 50 * 60_000);
    assert.equal(MAX_TIMEOUTS_IN_A_ROW, 2);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    assert.match(readme, new RegExp(`per-request timeout\\*\\* \\(${GITHUB_REQUEST_TIMEOUT_MS / 1000} s\\)`));
    assert.match(readme, new RegExp(`\\*\\*whole-run budget\\*\\* is the client's ${GITHUB_DEADLINE_MS / 1000} s`));
    assert.match(readme, new RegExp(`the fleet's own ${RUN_BUDGET_MS / 60_000} minutes`));
    assert.match(readme, /budget of 50 minutes/);
    assert.match(readme, new RegExp(`\`${TIMEOUT_ENV}\` \\(milliseconds, 100 to 600000\\)`));
  });
});

describe('github.ts proxyDispatcherFor', () => {
  const saved: Record<string, string | undefined> = {};
  const names = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
  before(() => {
    for (const n of names) saved[n] = process.env[n];
  });
  after(() => {
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  });
  const setEnv = (env: Record<string, string>) => {
    for (const n of names) delete process.env[n];
    Object.assign(process.env, env);
  };

  it('goes through HTTPS_PROXY for an https API and HTTP_PROXY for an http one', () => {
    setEnv({ HTTPS_PROXY: 'http://proxy.example:3128', HTTP_PROXY: 'http://proxy.example:3129' });
    assert.equal(proxyDispatcherFor('https://api.github.com/repos')?.constructor.name, 'ProxyAgent');
    assert.equal(proxyDispatcherFor('http://ghe.example.com/api/v3')?.constructor.name, 'ProxyAgent');
  });

  it('goes direct when NO_PROXY covers the host, for loopback, and without a proxy', () => {
    setEnv({ HTTPS_PROXY: 'http://proxy.example:3128', NO_PROXY: 'example.com,.corp' });
    assert.equal(proxyDispatcherFor('https://ghe.example.com/api/v3'), undefined);
    assert.equal(proxyDispatcherFor('https://git.corp/api/v3'), undefined);
    assert.equal(proxyDispatcherFor('https://127.0.0.1:8443/'), undefined);
    assert.equal(proxyDispatcherFor('https://api.github.com/')?.constructor.name, 'ProxyAgent');
    setEnv({});
    assert.equal(proxyDispatcherFor('https://api.github.com/'), undefined);
  });
});

describe('github.ts createGitHubClient', { concurrency: true }, () => {
  it('sends GraphQL queries to the GraphQL URL', async () => {
    const { github, client } = await setup((r) => (r.path === '/custom-graphql' ? { status: 200, body: { data: { viewer: { login: 'octocat' } } } } : undefined), {});
    try {
      const custom = createGitHubClient({ token: TOKEN, urls: { apiUrl: `${github.url}/api/v3`, graphqlUrl: `${github.url}/custom-graphql` } });
      const data = await custom.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
      assert.equal(data.viewer.login, 'octocat');
      assert.deepEqual(
        github.requests.map((r) => `${r.method} ${r.path}`),
        ['POST /custom-graphql'],
      );
      assert.equal(github.requests[0].headers.authorization, `token ${TOKEN}`);
      void client;
    } finally {
      await github.close();
    }
  });

  for (const status of [401, 403, 404, 422]) {
    it(`writes topics exactly once on HTTP ${status} and says what to do`, async () => {
      const { github, client } = await setup((r) => (r.method === 'PUT' ? { status, body: { message: `refused ${status}` } } : undefined));
      try {
        const error = await failure(putTopics(client, ref, ['keep-me', 'cli']));
        assert.equal(puts(github), 1);
        assert.match(error.message, /Could not write the topics of octo\/widget|GitHub refused to change the topics of octo\/widget/);
        assert.match(error.message, /topics were left as they were/);
        if (status === 403 || status === 404) assert.match(error.message, /Administration: write/);
        if (status === 401) assert.match(error.message, /token in "github-token" was rejected/);
        if (status === 422) assert.match(error.message, /octo\/widget: PUT http:\/\/127\.0\.0\.1:\d+\/repos\/octo\/widget\/topics answered HTTP 422: refused 422\. GitHub rejected the list/);
        assert.deepEqual(github.repos.get('octo/widget')?.topics, ['keep-me']);
      } finally {
        await github.close();
      }
    });
  }

  it('repeats a topics write after a 502 and writes once successfully', async () => {
    let failures = 1;
    const { github, client } = await setup((r) => (r.method === 'PUT' && failures-- > 0 ? { status: 502, body: { message: 'Bad gateway' } } : undefined));
    try {
      assert.deepEqual(await putTopics(client, ref, ['keep-me', 'cli']), ['keep-me', 'cli']);
      assert.equal(puts(github), 2);
      assert.deepEqual(github.repos.get('octo/widget')?.topics, ['keep-me', 'cli']);
    } finally {
      await github.close();
    }
  });

  it('gives up after two repeats of a 5xx, saying the write is safe to run again', async () => {
    const { github, client } = await setup((r) => (r.method === 'PUT' ? { status: 503, body: { message: 'Unavailable' } } : undefined));
    try {
      const error = await failure(putTopics(client, ref, ['cli']));
      assert.equal(puts(github), 3);
      assert.match(error.message, /answered HTTP 503: Unavailable \(3 attempts\)/);
      assert.match(error.message, /running again is safe/);
    } finally {
      await github.close();
    }
  });

  it('repeats a request whose connection was dropped, then reports the network error', async () => {
    const { github, client } = await setup(() => 'drop');
    try {
      const error = await failure(getTopics(client, ref));
      assert.equal(github.requests.length, 3);
      assert.match(error.message, /GET http:\/\/127\.0\.0\.1:\d+\/repos\/octo\/widget\/topics failed before GitHub answered: .*\(3 attempts\)/);
    } finally {
      await github.close();
    }
  });

  it('waits out a secondary rate limit as retry-after says, then repeats the write', async () => {
    let limited = 1;
    const { github, client, warnings } = await setup((r) =>
      r.method === 'PUT' && limited-- > 0
        ? { status: 403, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } }
        : undefined,
    );
    try {
      const started = Date.now();
      await putTopics(client, ref, ['keep-me', 'cli']);
      const waited = Date.now() - started;
      assert.ok(waited >= 950, `waited ${waited} ms, at least the 1 s retry-after`);
      assert.equal(puts(github), 2);
      assert.match(warnings.join('\n'), /secondary rate limit was hit on PUT .*waiting 1 s as retry-after says/);
    } finally {
      await github.close();
    }
  });

  it('fails at once on a secondary rate limit whose retry-after is longer than it waits', async () => {
    const { github, client } = await setup(() => ({ status: 429, headers: { 'retry-after': '5' }, body: { message: 'You have exceeded a secondary rate limit.' } }), { maxRateLimitWaitMs: 1_000 });
    try {
      const started = Date.now();
      const error = await failure(getTopics(client, ref));
      assert.ok(Date.now() - started < 3_000, 'no 5 s wait');
      assert.equal(github.requests.length, 1);
      assert.match(error.message, /secondary rate limit stopped the request \(HTTP 429; retry-after says 5 s, and readme-tagger waits at most 1 s/);
    } finally {
      await github.close();
    }
  });

  it('fails at once, naming the primary limit and its reset, when the reset is far away', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const { github, client } = await setup(() => ({
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': String(reset), 'x-ratelimit-resource': 'core' },
      body: { message: 'API rate limit exceeded for installation ID 1.' },
    }));
    try {
      const started = Date.now();
      const error = await failure(getTopics(client, ref));
      assert.ok(Date.now() - started < 2_000, 'no waiting for an hour-away reset');
      assert.equal(github.requests.length, 1, 'no hammering');
      assert.match(error.message, /primary rate limit for this token is used up \("core" resource\)/);
      assert.ok(error.message.includes(new Date(reset * 1000).toISOString()), error.message);
      assert.match(error.message, /in (59|60) min/);
    } finally {
      await github.close();
    }
  });

  it('waits for a primary limit that resets within the bound, then goes on', async () => {
    let limited = 1;
    const { github, client, warnings } = await setup(() =>
      limited-- > 0 ? { status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) }, body: { message: 'API rate limit exceeded' } } : undefined,
    );
    try {
      assert.deepEqual(await getTopics(client, ref), ['keep-me']);
      assert.equal(github.requests.length, 2);
      assert.match(warnings.join('\n'), /primary rate limit was hit on GET .*x-ratelimit-reset/);
    } finally {
      await github.close();
    }
  });

  it('times out each attempt of a request that gets no answer, naming the URL', async () => {
    const { github, client } = await setup(() => 'silent', { requestTimeoutMs: 300 });
    try {
      const started = Date.now();
      const error = await failure(getTopics(client, ref));
      assert.ok(Date.now() - started < 5_000);
      assert.equal(github.requests.length, 3);
      assert.match(error.message, /GET http:\/\/127\.0\.0\.1:\d+\/repos\/octo\/widget\/topics timed out: no answer within 0\.3 s \(3 attempts\)/);
    } finally {
      await github.close();
    }
  });

  it('times out a reply whose body stalls, instead of reading it as an empty list of topics', async () => {
    const { github, client } = await setup(undefined, { requestTimeoutMs: 300 });
    const { createServer } = await import('node:http');
    const stalling = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"names":["kee');
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(stalling.address() as { port: number }).port}`;
    try {
      const stalled = createGitHubClient({ token: TOKEN, urls: { apiUrl: url, graphqlUrl: `${url}/graphql` }, requestTimeoutMs: 300, retryBaseMs: 10 });
      const error = await failure(getTopics(stalled, ref));
      assert.match(error.message, /timed out: no answer within 0\.3 s/);
      void client;
    } finally {
      stalling.closeAllConnections();
      stalling.close();
      await github.close();
    }
  });

  it('stops at the deadline of the GitHub part of the run, and refuses further calls', async () => {
    const { github, client } = await setup(() => 'silent', { requestTimeoutMs: 60_000, deadlineMs: 500 });
    try {
      const started = Date.now();
      const error = await failure(getTopics(client, ref));
      assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
      assert.match(error.message, /the GitHub API at http:\/\/127\.0\.0\.1:\d+ did not answer GET http:\/\/127\.0\.0\.1:\d+\/repos\/octo\/widget\/topics in time: .*deadline of 0\.5 s/);
      const count = github.requests.length;
      const again = await failure(putTopics(client, ref, ['cli']));
      assert.match(again.message, /deadline of 0\.5 s/);
      assert.equal(github.requests.length, count, 'nothing sent after the deadline');
    } finally {
      await github.close();
    }
  });

  it('never puts the token in an error, even when the server quotes it', async () => {
    const { github, client } = await setup((r) => ({ status: 401, body: { message: `Bad credentials: ${String(r.headers.authorization)}\n::error::injected` } }));
    try {
      const error = await failure(getTopics(client, ref));
      assert.ok(!error.message.includes(TOKEN), error.message);
      assert.ok(!error.message.includes('\n'), 'one line');
      assert.match(error.message, /Bad credentials: token \*\*\*%0A::error::injected/);
      assert.equal(github.requests.length, 1);
    } finally {
      await github.close();
    }
  });
});

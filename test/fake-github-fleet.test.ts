/**
 * The fleet tests' fake GitHub holds to GitHub's rules: GraphQL is checked
 * against the published schema and GitHub's pagination and node limits, so
 * the fleet code's queries are tested against what real GitHub accepts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fleetOctokit, makeFleet, startFakeFleetGitHub, type FakeFleetGitHub } from './helpers/fake-github-fleet.ts';

describe('test/helpers/fake-github-fleet.ts', () => {
  let gh: FakeFleetGitHub;
  let octokit: ReturnType<typeof fleetOctokit>;
  before(async () => {
    gh = await startFakeFleetGitHub(makeFleet({ owner: 'acme', size: 30, elsewhereEvery: 5 }));
    octokit = fleetOctokit(gh);
  });
  after(() => gh.close());

  it('answers a query that is valid against GitHub schema', async () => {
    const data = (await octokit.graphql(
      `query($login: String!) { repositoryOwner(login: $login) { login repositories(first: 10) { totalCount nodes { nameWithOwner viewerPermission object(expression: "HEAD:README.md") { ... on Blob { byteSize } } } } } }`,
      { login: 'acme' },
    )) as { repositoryOwner: { repositories: { totalCount: number; nodes: unknown[] } } };
    assert.equal(data.repositoryOwner.repositories.totalCount, 30);
    assert.equal(data.repositoryOwner.repositories.nodes.length, 10);
  });

  it('rejects a field that GitHub schema does not have', async () => {
    await assert.rejects(octokit.graphql(`query { repositoryOwner(login: "acme") { repositories(first: 1) { nodes { readmeText } } } }`), /Cannot query field "readmeText" on type "Repository"/);
  });

  it('rejects a connection without first or last, and a page over 100', async () => {
    await assert.rejects(octokit.graphql(`query { repositoryOwner(login: "acme") { repositories { totalCount } } }`), /must provide a `first` or `last`/);
    await assert.rejects(octokit.graphql(`query { repositoryOwner(login: "acme") { repositories(first: 101) { totalCount } } }`), /exceeds the `first` limit of 100/);
  });

  it('rejects a query over the node limit', async () => {
    await assert.rejects(
      octokit.graphql(`query { repositoryOwner(login: "acme") { repositories(first: 100) { nodes { issues(first: 100) { nodes { labels(first: 100) { totalCount } } } } } } }`),
      /exceeds the maximum limit of 500000/,
    );
  });

  it('serves the README GitHub would show over REST and counts requests by kind', async () => {
    gh.reset();
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/readme', { owner: 'acme', repo: 'svc-0004' });
    assert.equal(data.path, 'docs/README.md');
    await assert.rejects(octokit.request('GET /repos/{owner}/{repo}/readme', { owner: 'acme', repo: 'nope' }), (e: { status?: number }) => e.status === 404);
    assert.equal(gh.count('readme'), 2);
    assert.equal(gh.count('graphql'), 0);
  });

  it('injects a 502 on pages larger than asked, and a secondary limit with retry-after', async () => {
    gh.reset();
    gh.faults = { badGatewayOverPageSize: 5, secondaryLimitOnRequest: 2, retryAfterSeconds: 7 };
    await assert.rejects(octokit.graphql(`query { repositoryOwner(login: "acme") { repositories(first: 10) { totalCount } } }`), (e: { status?: number }) => e.status === 502);
    await assert.rejects(
      octokit.request('PUT /repos/{owner}/{repo}/topics', { owner: 'acme', repo: 'svc-0000', names: ['x'] }),
      (e: { status?: number; response?: { headers: Record<string, string> } }) => e.status === 403 && e.response?.headers['retry-after'] === '7',
    );
    gh.reset();
  });

  it('serves REST under /api/v3 and GraphQL at /api/graphql like GitHub Enterprise Server, and no GraphQL at /api/v3/graphql', async () => {
    gh.reset();
    const ghes = fleetOctokit({ url: gh.ghesUrl });
    const { data } = await ghes.request('GET /repos/{owner}/{repo}/readme', { owner: 'acme', repo: 'svc-0004' });
    assert.equal(data.path, 'docs/README.md');
    const page = (await ghes.graphql(`query { repositoryOwner(login: "acme") { repositories(first: 2) { totalCount } } }`)) as {
      repositoryOwner: { repositories: { totalCount: number } };
    };
    assert.equal(page.repositoryOwner.repositories.totalCount, 30);
    await assert.rejects(ghes.request('POST /graphql', { query: 'query { viewer { login } }' }), (e: { status?: number }) => e.status === 404);
    assert.deepEqual(
      gh.requests.map((r) => [r.kind, r.rawPath]),
      [
        ['readme', '/api/v3/repos/acme/svc-0004/readme'],
        ['graphql', '/api/graphql'],
        ['other', '/api/v3/graphql'],
      ],
    );
  });
});

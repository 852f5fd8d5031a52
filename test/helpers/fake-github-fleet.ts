/**
 * A loopback GitHub for fleet tests: REST (README, topics) and GraphQL on
 * 127.0.0.1. GraphQL requests are parsed, validated and executed against
 * GitHub's published schema (@octokit/graphql-schema), so a query real
 * GitHub would reject fails here too; connection fields also get GitHub's
 * pagination rules (`first`/`last` required, at most 100) and its node limit.
 *
 * Faults can be injected (and changed between runs): a secondary rate limit
 * with retry-after, a primary limit with x-ratelimit-reset, a 422 on one
 * write, a 502 on a large page, a 401 (expired token) and an API that stops
 * answering. Every request is recorded with its kind, so tests and the
 * benchmark can count reads and writes.
 *
 * Like GitHub Enterprise Server, it also serves REST under `/api/v3` (`ghesUrl`)
 * and GraphQL at `/api/graphql`; `/api/v3/graphql` is not GraphQL there (404).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { schema as githubSchema } from '@octokit/graphql-schema';
import { buildClientSchema, graphql, parse, Kind, type GraphQLSchema, type DocumentNode, type SelectionSetNode } from 'graphql';
import { Octokit } from '@octokit/rest';
import { readJsonBody } from './http.ts';

export type Permission = 'ADMIN' | 'MAINTAIN' | 'WRITE' | 'TRIAGE' | 'READ' | null;

export interface FleetRepo {
  owner: string;
  name: string;
  archived?: boolean;
  fork?: boolean;
  disabled?: boolean;
  locked?: boolean;
  /** The token's permission on the repository (default ADMIN). */
  permission?: Permission;
  description?: string | null;
  /** The primary language (GraphQL `primaryLanguage { name }`), e.g. `Python`; none by default. */
  language?: string;
  topics?: string[];
  /** Files of the default branch: path -> text ('README.md', 'docs/README.md', ...). */
  files?: Record<string, string>;
  /** No commits at all: no default branch, every object probe is null. */
  empty?: boolean;
  /** Status for PUT /topics (default 200); 422 answers GitHub's validation error. */
  putStatus?: number;
}

export interface Faults {
  /** The nth PUT /topics (1-based) is answered 403 "secondary rate limit" with retry-after. */
  secondaryLimitOnWrite?: number;
  /** The nth request of any kind (1-based) is answered with a secondary limit. */
  secondaryLimitOnRequest?: number;
  retryAfterSeconds?: number;
  /** The nth request (1-based) is answered as an exhausted primary limit, reset in `primaryResetSeconds`. */
  primaryLimitOnRequest?: number;
  primaryResetSeconds?: number;
  /** A repositories page asking for more than this many nodes is answered 502 (GitHub's timeout on heavy queries). */
  badGatewayOverPageSize?: number;
  /** Requests after the nth are answered 401 Bad credentials (the token expired). */
  unauthorizedAfter?: number;
  /** Requests after the nth are never answered. */
  hangAfter?: number;
  /** From the first GraphQL request after the nth on, no request is answered (the API stops mid-run). */
  hangAfterGraphql?: number;
}

export type RequestKind = 'graphql' | 'readme' | 'topics-get' | 'topics-put' | 'other';

export interface FleetRequest {
  kind: RequestKind;
  method: string;
  /** The path without GHES's `/api/v3` prefix (GraphQL: as requested). */
  path: string;
  /** The path as requested. */
  rawPath: string;
  body: unknown;
  status: number;
  /** Milliseconds since the server started, when the request arrived and when it was answered. */
  at: number;
  doneAt: number;
  authorization?: string;
}

export interface FakeFleetGitHub {
  url: string;
  graphqlUrl: string;
  /** GitHub Enterprise Server style: REST at `/api/v3`, GraphQL at `/api/graphql`. */
  ghesUrl: string;
  ghesGraphqlUrl: string;
  requests: FleetRequest[];
  faults: Faults;
  /** Current state, by lowercase `owner/name`. */
  repos: Map<string, FleetRepo>;
  count(kind?: RequestKind): number;
  /** The largest number of PUT /topics in flight at once. */
  maxConcurrentWrites(): number;
  /** Forget recorded requests and faults (the repositories keep their topics). */
  reset(): void;
  close(): Promise<void>;
}

/** GitHub's limits on GraphQL queries. */
export const MAX_CONNECTION_PAGE = 100;
export const MAX_NODES = 500_000;
/** Blob.text is cut at this size (isTruncated true). */
export const BLOB_TEXT_LIMIT = 512 * 1024;

let cachedSchema: GraphQLSchema | undefined;
function schema(): GraphQLSchema {
  // The introspection form: the SDL file repeats a few fields, which buildSchema rejects.
  return (cachedSchema ??= buildClientSchema(githubSchema.json as Parameters<typeof buildClientSchema>[0]));
}

export async function startFakeFleetGitHub(repos: FleetRepo[], faults: Faults = {}): Promise<FakeFleetGitHub> {
  const state = new Map(repos.map((r) => [`${r.owner}/${r.name}`.toLowerCase(), { ...r, topics: [...(r.topics ?? [])] }]));
  const owners = new Map<string, { login: string; type: 'Organization' | 'User' }>();
  for (const r of repos) {
    if (!owners.has(r.owner.toLowerCase())) owners.set(r.owner.toLowerCase(), { login: r.owner, type: r.owner.startsWith('user-') ? 'User' : 'Organization' });
  }
  const started = Date.now();
  const requests: FleetRequest[] = [];
  let inFlightWrites = 0;
  let maxInFlightWrites = 0;
  let writes = 0;
  let graphqlRequests = 0;
  let stalled = false;
  const fake: FakeFleetGitHub = {
    url: '',
    graphqlUrl: '',
    ghesUrl: '',
    ghesGraphqlUrl: '',
    requests,
    faults,
    repos: state,
    count: (kind) => (kind ? requests.filter((r) => r.kind === kind).length : requests.length),
    maxConcurrentWrites: () => maxInFlightWrites,
    reset() {
      requests.length = 0;
      fake.faults = {};
      writes = 0;
      graphqlRequests = 0;
      stalled = false;
      maxInFlightWrites = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const server: Server = createServer(async (req, res) => {
    const body = await readJsonBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawPath = url.pathname;
    // GHES serves REST under /api/v3; GraphQL is /graphql or /api/graphql, nothing else.
    if (rawPath.startsWith('/api/v3/')) url.pathname = rawPath.slice('/api/v3'.length);
    const kind = rawPath === '/graphql' || rawPath === '/api/graphql' ? 'graphql' : kindOf(req.method ?? '', url.pathname === '/graphql' ? '/not-graphql' : url.pathname);
    const record: FleetRequest = { kind, method: req.method ?? '', path: url.pathname, rawPath, body, status: 0, at: Date.now() - started, doneAt: 0, authorization: req.headers.authorization };
    requests.push(record);
    const n = requests.length;
    const f = fake.faults;
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      record.doneAt = Date.now() - started;
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', ...headers });
      res.end(JSON.stringify(data));
    };
    if (kind === 'graphql' && f.hangAfterGraphql !== undefined && ++graphqlRequests > f.hangAfterGraphql) stalled = true;
    if (stalled || (f.hangAfter !== undefined && n > f.hangAfter)) return; // never answered
    if (f.unauthorizedAfter !== undefined && n > f.unauthorizedAfter) {
      return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
    if (kind === 'topics-put') writes++;
    if (f.secondaryLimitOnRequest === n || (kind === 'topics-put' && f.secondaryLimitOnWrite === writes)) {
      return send(
        403,
        {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
        { 'retry-after': String(f.retryAfterSeconds ?? 1) },
      );
    }
    if (f.primaryLimitOnRequest === n) {
      const reset = String(Math.ceil(Date.now() / 1000) + (f.primaryResetSeconds ?? 1));
      const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset };
      if (kind === 'graphql') {
        return send(200, { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for installation.' }] }, headers);
      }
      return send(403, { message: 'API rate limit exceeded for installation.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }, headers);
    }
    try {
      if (kind === 'graphql') return await serveGraphql(body, send);
      if (kind === 'topics-put') {
        inFlightWrites++;
        maxInFlightWrites = Math.max(maxInFlightWrites, inFlightWrites);
        try {
          await new Promise((r) => setImmediate(r));
          return serveRest(req, res, url, body, send);
        } finally {
          inFlightWrites--;
        }
      }
      return serveRest(req, res, url, body, send);
    } catch (error) {
      return send(500, { message: `fake-github-fleet: ${(error as Error).message}` });
    }
  });

  function serveRest(req: IncomingMessage, _res: ServerResponse, url: URL, body: unknown, send: (s: number, d: unknown, h?: Record<string, string>) => void) {
    const match = /^\/repos\/([^/]+)\/([^/]+)\/(readme|topics)$/.exec(url.pathname);
    const repo = match ? state.get(`${match[1]}/${match[2]}`.toLowerCase()) : undefined;
    if (!match || !repo) return send(404, { message: 'Not Found' });
    if (match[3] === 'readme' && req.method === 'GET') {
      const found = githubReadme(repo);
      if (!found) return send(404, { message: 'Not Found' });
      const bytes = Buffer.from(repo.files![found], 'utf8');
      return send(200, { type: 'file', name: found.split('/').pop(), path: found, size: bytes.length, encoding: 'base64', content: bytes.toString('base64') });
    }
    if (match[3] === 'topics' && req.method === 'GET') return send(200, { names: repo.topics });
    if (match[3] === 'topics' && req.method === 'PUT') {
      if (repo.putStatus === 422) {
        return send(422, {
          message: 'Validation Failed',
          errors: [{ resource: 'Repository', field: 'topics', code: 'invalid' }],
          documentation_url: 'https://docs.github.com/rest/repos/repos#replace-all-repository-topics',
        });
      }
      if (repo.putStatus && repo.putStatus !== 200) return send(repo.putStatus, { message: 'Resource not accessible by integration' });
      if (repo.archived) return send(403, { message: 'Repository was archived so is read-only.' });
      const names = ((body as { names?: string[] })?.names ?? []).map((t) => t.toLowerCase());
      repo.topics = [...new Set(names)];
      return send(200, { names: repo.topics });
    }
    return send(404, { message: 'Not Found' });
  }

  async function serveGraphql(body: unknown, send: (s: number, d: unknown, h?: Record<string, string>) => void) {
    const { query, variables } = (body ?? {}) as { query?: string; variables?: Record<string, unknown> };
    if (typeof query !== 'string') return send(400, { message: 'Problems parsing JSON' });
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return send(200, { errors: [{ message: (error as Error).message }] });
    }
    const pageSizes: number[] = [];
    const limitError = checkLimits(document, variables ?? {}, pageSizes);
    if (limitError) return send(200, { errors: [{ type: 'MAX_NODE_LIMIT_EXCEEDED', message: limitError }] });
    if (fake.faults.badGatewayOverPageSize !== undefined && pageSizes.some((size) => size > fake.faults.badGatewayOverPageSize!)) {
      return send(502, { message: 'Server Error' });
    }
    const result = await graphql({ schema: schema(), source: query, variableValues: variables, rootValue: root });
    const out: Record<string, unknown> = {};
    if (result.errors?.length) {
      out.errors = result.errors.map((e) => ({ type: /Could not resolve/.test(e.message) ? 'NOT_FOUND' : undefined, message: e.message, path: e.path, locations: e.locations }));
    }
    if (result.data !== undefined) out.data = result.data;
    return send(200, out);
  }

  const root = {
    repositoryOwner: ({ login }: { login: string }) => {
      const owner = owners.get(login.toLowerCase());
      if (!owner) return null;
      return { __typename: owner.type, login: owner.login, id: `O_${owner.login}`, repositories: (args: ConnectionArgs) => repositoriesOf(owner.login, args) };
    },
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = state.get(`${owner}/${name}`.toLowerCase());
      if (!repo) throw new Error(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
      return repoNode(repo);
    },
    rateLimit: () => ({ cost: 1, limit: 5000, nodeCount: 0, remaining: 4999, used: 1, resetAt: new Date(Date.now() + 3600_000).toISOString() }),
  };

  interface ConnectionArgs {
    first?: number;
    after?: string;
    isFork?: boolean;
    isArchived?: boolean;
  }

  function repositoriesOf(login: string, args: ConnectionArgs) {
    requirePage('repositories', args);
    const all = [...state.values()]
      .filter((r) => r.owner.toLowerCase() === login.toLowerCase())
      .filter((r) => args.isFork === undefined || Boolean(r.fork) === args.isFork)
      .filter((r) => args.isArchived === undefined || Boolean(r.archived) === args.isArchived)
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    const start = args.after ? Number(Buffer.from(args.after, 'base64').toString('utf8').replace('cursor:', '')) : 0;
    const page = all.slice(start, start + (args.first ?? 0));
    const end = start + page.length;
    return {
      totalCount: all.length,
      pageInfo: { hasNextPage: end < all.length, endCursor: page.length ? Buffer.from(`cursor:${end}`).toString('base64') : null, hasPreviousPage: start > 0, startCursor: null },
      nodes: page.map(repoNode),
    };
  }

  function repoNode(repo: FleetRepo) {
    return {
      __typename: 'Repository',
      id: `R_${repo.owner}_${repo.name}`,
      name: repo.name,
      nameWithOwner: `${repo.owner}/${repo.name}`,
      owner: { __typename: owners.get(repo.owner.toLowerCase())?.type ?? 'Organization', login: repo.owner },
      isArchived: Boolean(repo.archived),
      isFork: Boolean(repo.fork),
      isDisabled: Boolean(repo.disabled),
      isLocked: Boolean(repo.locked),
      isEmpty: Boolean(repo.empty),
      viewerPermission: repo.permission === undefined ? 'ADMIN' : repo.permission,
      description: repo.description ?? null,
      primaryLanguage: repo.language ? { __typename: 'Language', id: `L_${repo.language}`, name: repo.language, color: null } : null,
      defaultBranchRef: repo.empty ? null : { __typename: 'Ref', name: 'main', prefix: 'refs/heads/', id: 'REF' },
      repositoryTopics: (args: ConnectionArgs) => {
        requirePage('repositoryTopics', args);
        const names = repo.topics ?? [];
        return {
          totalCount: names.length,
          pageInfo: { hasNextPage: names.length > (args.first ?? 0), endCursor: null, hasPreviousPage: false, startCursor: null },
          nodes: names.slice(0, args.first).map((name) => ({ __typename: 'RepositoryTopic', id: `T_${name}`, topic: { __typename: 'Topic', id: `TT_${name}`, name } })),
        };
      },
      object: ({ expression }: { expression: string }) => {
        if (repo.empty) return null;
        const m = /^(?:HEAD|main):(.+)$/.exec(expression);
        const text = m ? repo.files?.[m[1]] : undefined;
        if (text === undefined) {
          // A folder: a Tree of the names directly in it.
          const dir = m ? `${m[1].replace(/\/+$/, '')}/` : '';
          const names = [...new Set(Object.keys(repo.files ?? {}).flatMap((p) => (dir && p.startsWith(dir) ? [p.slice(dir.length).split('/')[0]] : [])))];
          return names.length ? { __typename: 'Tree', id: `T_${expression}`, entries: names.map((name) => ({ name })) } : null;
        }
        const bytes = Buffer.from(text, 'utf8');
        const truncated = bytes.length > BLOB_TEXT_LIMIT;
        return {
          __typename: 'Blob',
          id: `B_${expression}`,
          byteSize: bytes.length,
          isBinary: false,
          isTruncated: truncated,
          text: truncated ? bytes.subarray(0, BLOB_TEXT_LIMIT).toString('utf8') : text,
        };
      },
    };
  }

  schema(); // built before the first request, so its cost never counts against a client's timeout
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.graphqlUrl = `http://127.0.0.1:${port}/graphql`;
  fake.ghesUrl = `http://127.0.0.1:${port}/api/v3`;
  fake.ghesGraphqlUrl = `http://127.0.0.1:${port}/api/graphql`;
  return fake;
}

function kindOf(method: string, path: string): RequestKind {
  if (path === '/graphql' || path === '/api/graphql') return 'graphql';
  if (/^\/repos\/[^/]+\/[^/]+\/readme$/.test(path)) return 'readme';
  if (/^\/repos\/[^/]+\/[^/]+\/topics$/.test(path)) return method === 'PUT' ? 'topics-put' : 'topics-get';
  return 'other';
}

function requirePage(connection: string, args: { first?: number; last?: number }) {
  const size = args.first ?? (args as { last?: number }).last;
  if (size === undefined || size === null) {
    throw new Error(`You must provide a \`first\` or \`last\` value to properly paginate the \`${connection}\` connection.`);
  }
  if (size > MAX_CONNECTION_PAGE) {
    throw new Error(`Requesting ${size} records on the \`${connection}\` connection exceeds the \`first\` limit of ${MAX_CONNECTION_PAGE} records.`);
  }
}

/** The README GitHub shows: `.github/`, the root, then `docs/`; `README.md` before other names. */
export function githubReadme(repo: FleetRepo): string | undefined {
  if (repo.empty) return undefined;
  const names = Object.keys(repo.files ?? {});
  for (const dir of ['.github/', '', 'docs/']) {
    const here = names.filter((p) => p.startsWith(dir) && /^readme(\.[a-z0-9]+)?$/i.test(p.slice(dir.length)));
    if (here.length) return here.sort((a, b) => rank(a) - rank(b))[0];
  }
  return undefined;
}
function rank(path: string): number {
  const ext = (/\.[^./]+$/.exec(path)?.[0] ?? '').toLowerCase();
  const order = ['.md', '.markdown', '', '.rst', '.txt'];
  const i = order.indexOf(ext);
  return i < 0 ? order.length : i;
}

/**
 * GitHub's node limit: the product of `first`/`last` along each chain of
 * nested connections, summed, must stay under 500,000. Fills `pageSizes`
 * with the `first` of every `repositories` connection.
 */
function checkLimits(document: DocumentNode, variables: Record<string, unknown>, pageSizes: number[]): string | undefined {
  const fragments = new Map<string, SelectionSetNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def.selectionSet);
  let total = 0;
  const walk = (set: SelectionSetNode | undefined, multiplier: number, depth: number) => {
    if (!set || depth > 50) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) walk(fragments.get(sel.name.value), multiplier, depth + 1);
      else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet, multiplier, depth + 1);
      else {
        const arg = sel.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
        let size: number | undefined;
        if (arg?.value.kind === Kind.INT) size = Number(arg.value.value);
        else if (arg?.value.kind === Kind.VARIABLE) size = Number(variables[arg.value.name.value]);
        if (size !== undefined && Number.isFinite(size)) {
          if (sel.name.value === 'repositories') pageSizes.push(size);
          total += multiplier * size;
          walk(sel.selectionSet, multiplier * size, depth + 1);
        } else walk(sel.selectionSet, multiplier, depth + 1);
      }
    }
  };
  for (const def of document.definitions) if (def.kind === Kind.OPERATION_DEFINITION) walk(def.selectionSet, 1, 0);
  return total > MAX_NODES ? `This query requests up to ${total} possible nodes which exceeds the maximum limit of ${MAX_NODES}.` : undefined;
}

/* ------------------------------------------------------------------ fleets */

export const FLEET_READMES: Record<string, string> = {
  database: `# Tidebase\n\nTidebase is a serverless Postgres database with separated storage and compute.\nIt branches a database like code and scales storage to zero.\n\n## Features\n\n- SQL query engine compatible with PostgreSQL\n- Durable storage layer on object storage\n`,
  cli: `# grepx\n\ngrepx is a command-line tool to search files fast. Run \`grepx PATTERN DIR\` in your terminal.\n\n## Usage\n\n\`\`\`sh\ngrepx --json "TODO" src/\n\`\`\`\n\nThe CLI prints matches as JSON lines.\n`,
  game: `# Pixel Quest\n\nA retro platformer game you can play in the browser. Collect coins, beat levels and\ndefeat the final boss in this small 2D game.\n`,
  testing: `# Assertly\n\nAssertly is a testing framework for unit tests and test runners: write test cases, run the test suite and get coverage reports.\n`,
};

export interface FleetSpec {
  owner: string;
  size: number;
  /** Every nth repository (by index) is archived / a fork / read-only / README-less / README elsewhere / disabled / locked / empty; 0: none. */
  archivedEvery?: number;
  forkEvery?: number;
  readOnlyEvery?: number;
  noReadmeEvery?: number;
  elsewhereEvery?: number;
  /** Existing topics for repository i (default: one topic outside any vocabulary on every third). */
  topics?: (i: number) => string[];
}

/**
 * A fleet of `size` repositories named `svc-000`... with READMEs cycling
 * through FLEET_READMES, and the odd ones out at the given intervals.
 * README-elsewhere members cycle through docs/README.md, .github/README.md
 * and README.rst.
 */
export function makeFleet(spec: FleetSpec): FleetRepo[] {
  const kinds = Object.keys(FLEET_READMES);
  const every = (n: number | undefined, i: number) => Boolean(n && i % n === n - 1);
  const elsewhere = ['docs/README.md', '.github/README.md', 'README.rst'];
  let elsewhereIndex = 0;
  return Array.from({ length: spec.size }, (_, i) => {
    const text = FLEET_READMES[kinds[i % kinds.length]];
    const repo: FleetRepo = {
      owner: spec.owner,
      name: `svc-${String(i).padStart(4, '0')}`,
      description: null,
      topics: spec.topics ? spec.topics(i) : i % 3 === 0 ? ['internal'] : [],
      files: { 'README.md': text },
    };
    if (every(spec.archivedEvery, i)) repo.archived = true;
    else if (every(spec.forkEvery, i)) repo.fork = true;
    else if (every(spec.readOnlyEvery, i)) repo.permission = 'READ';
    else if (every(spec.noReadmeEvery, i)) repo.files = { 'src/main.rs': 'fn main() {}' };
    else if (every(spec.elsewhereEvery, i)) repo.files = { [elsewhere[elsewhereIndex++ % elsewhere.length]]: text };
    return repo;
  });
}

/** A plain client for the fake, as the brief's tests use: no retries, no throttling, quiet. */
export function fleetOctokit(gh: { url: string }, token = 'ghs_fleet_test_token'): Octokit {
  const quiet = () => {};
  return new Octokit({ baseUrl: gh.url, auth: token, request: { retries: 0 }, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
}

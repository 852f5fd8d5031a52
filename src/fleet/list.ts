/**
 * Reading a fleet cheaply. One GraphQL request returns a page of an owner's
 * repositories with everything a run needs: flags, permission, description, primary language,
 * topics and the README text itself, through `object(expression:)` probes
 * for the usual names (`.github/README.md`, `README.md`, `readme.md`,
 * `Readme.md`). Only a repository whose README the probes cannot return
 * (another name or folder, a truncated or binary blob) costs a REST
 * `GET /repos/{o}/{r}/readme`.
 *
 * Pages stay small enough for GitHub's resource limits when they carry
 * README text (25 repositories; a 502 or 504, GitHub's answer to a query that
 * took too long, halves the page and tries again). Node count per page:
 * 25 + 25 x 20 topics = 525, far under the 500,000 limit.
 */
import { loadReadme, type LoadedReadme, type ReadmeApi } from '../readme-load.ts';
import { inert } from '../log.ts';
import { type FleetClient, type GitHubGate, type RateLimitInfo, StopRun, statusOf } from './gate.ts';
import { ownerPlan, selects, type FleetPatterns } from './patterns.ts';

export const PAGE_SIZE = 25;
/** GitHub allows 20 topics; the connection is read whole. */
const TOPICS_PAGE = 20;
/** Probed in GitHub's order: `.github/` before the root; `README.md` spellings only. */
export const README_PROBES = [
  { alias: 'readmeGithub', path: '.github/README.md' },
  { alias: 'readmeUpper', path: 'README.md' },
  { alias: 'readmeLower', path: 'readme.md' },
  { alias: 'readmeTitle', path: 'Readme.md' },
] as const;

export interface ListedRepo {
  owner: string;
  name: string;
  /** `owner/name` as GitHub spells it. */
  nameWithOwner: string;
  isArchived: boolean;
  isFork: boolean;
  isDisabled: boolean;
  isLocked: boolean;
  isEmpty: boolean;
  /** ADMIN, MAINTAIN, WRITE, TRIAGE, READ, or null. */
  viewerPermission: string | null;
  description: string | null;
  /** The primary language as GitHub names it (`Python`, `C++`), evidence for the classifier; null when GitHub has none. */
  language: string | null;
  topics: string[];
  /** The README found by a probe; null when a REST read is needed (or the repository is empty). */
  readme: { text: string; path: string } | null;
}

export interface ListContext {
  client: FleetClient;
  gate: GitHubGate;
  /** The GraphQL URL, for a client that does not know it; github.ts's client does (GITHUB_GRAPHQL_URL, or derived from GITHUB_API_URL). */
  graphqlUrl?: string;
  pageSize?: number;
  /** Told about each page read (for progress lines). */
  onPage?: (info: { owner: string; read: number; total: number }) => void;
}

/** One owner's selected repositories, or a repository that was named but could not be read. */
export type ListedItem = { repo: ListedRepo } | { missing: string; error: string };

/**
 * The names in `.github/`, which GitHub searches first: a README there under another name than
 * `README.md` (`readme.md`, `README.rst`...) is the one GitHub shows, so the REST read decides.
 */
const GITHUB_DIR = `readmeGithubDir: object(expression: "HEAD:.github") { ... on Tree { entries { name } } }`;
const README_NAME = /^readme(\.[a-z0-9]+)?$/i;

const BLOB = `fragment ReadmeBlob on GitObject { ... on Blob { text isTruncated isBinary byteSize } }`;
const REPO_FIELDS = `fragment FleetRepo on Repository {
  nameWithOwner isArchived isFork isDisabled isLocked isEmpty viewerPermission description primaryLanguage { name }
  repositoryTopics(first: ${TOPICS_PAGE}) { nodes { topic { name } } }
  ${README_PROBES.map((p) => `${p.alias}: object(expression: "HEAD:${p.path}") { ...ReadmeBlob }`).join('\n  ')}
  ${GITHUB_DIR}
}`;
const RATE_LIMIT = `rateLimit { remaining limit resetAt }`;

const OWNER_PAGE = `query FleetPage($login: String!, $first: Int!, $after: String) {
  repositoryOwner(login: $login) {
    login
    repositories(first: $first, after: $after, ownerAffiliations: [OWNER], orderBy: { field: NAME, direction: ASC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...FleetRepo }
    }
  }
  ${RATE_LIMIT}
}
${REPO_FIELDS}
${BLOB}`;

interface BlobNode {
  text?: string | null;
  isTruncated?: boolean;
  isBinary?: boolean | null;
  byteSize?: number;
}

/** A repository's `repositoryTopics(first: TOPICS_PAGE) { nodes { topic { name } } }`. */
interface TopicsNode {
  repositoryTopics: { nodes: Array<{ topic: { name: string } } | null> };
}

/** The FleetRepo fragment: ListedRepo's flags, permission and description as GitHub names them, then what toListed maps. */
type RepoNode = Pick<ListedRepo, 'nameWithOwner' | 'isArchived' | 'isFork' | 'isDisabled' | 'isLocked' | 'isEmpty' | 'viewerPermission' | 'description'> &
  TopicsNode & {
    primaryLanguage?: { name: string } | null;
    [probe: string]: unknown;
  };

/** The topic names, lower-cased. */
function topicNames(node: TopicsNode): string[] {
  return node.repositoryTopics.nodes.flatMap((n) => (n?.topic?.name ? [n.topic.name.toLowerCase()] : []));
}

/**
 * One aliased `rN: repository(owner: $oN, name: $nN) { selection }` field per repository, for a
 * query named `name` (with the rate limit and `fragments` appended); the answer's `rN` is `repos[N]`.
 */
function repositoriesQuery(name: string, repos: ReadonlyArray<{ owner: string; name: string }>, selection: string, fragments = ''): { text: string; vars: Record<string, unknown> } {
  const vars: Record<string, unknown> = {};
  const declarations: string[] = [];
  const fields: string[] = [];
  repos.forEach((r, i) => {
    vars[`o${i}`] = r.owner;
    vars[`n${i}`] = r.name;
    declarations.push(`$o${i}: String!, $n${i}: String!`);
    fields.push(`r${i}: repository(owner: $o${i}, name: $n${i}) { ${selection} }`);
  });
  return { text: `query ${name}(${declarations.join(', ')}) {\n  ${fields.join('\n  ')}\n  ${RATE_LIMIT}\n}${fragments}`, vars };
}

/** A GraphQL request through the gate. Partial answers (some aliases NOT_FOUND) come back with their errors. */
async function query<T>(ctx: ListContext, text: string, variables: Record<string, unknown>): Promise<{ data: T; notFound: string[] }> {
  try {
    const data = (await ctx.gate.run('read', (request) => ctx.client.graphql({ query: text, ...variables, ...(ctx.graphqlUrl ? { url: ctx.graphqlUrl } : {}), request }))) as T & {
      rateLimit?: RateLimitInfo;
    };
    ctx.gate.noteGraphqlRateLimit(data?.rateLimit);
    return { data, notFound: [] };
  } catch (error) {
    const e = error as { errors?: Array<{ type?: string; path?: ReadonlyArray<string | number> }>; data?: T };
    if (e.errors?.length && e.data && e.errors.every((x) => x.type === 'NOT_FOUND')) {
      return { data: e.data, notFound: e.errors.map((x) => String(x.path?.[0] ?? '')) };
    }
    throw error;
  }
}

function toListed(node: RepoNode): ListedRepo {
  const [owner, name] = node.nameWithOwner.split('/');
  let readme: ListedRepo['readme'] = null;
  const githubDir = (node.readmeGithubDir as { entries?: Array<{ name?: string } | null> } | null | undefined)?.entries ?? [];
  const otherGithubReadme = githubDir.some((e) => typeof e?.name === 'string' && e.name !== 'README.md' && README_NAME.test(e.name));
  for (const probe of README_PROBES) {
    const blob = node[probe.alias] as BlobNode | null | undefined;
    if (!blob || blob.byteSize === undefined) continue;
    // A root README found while .github/ holds one under another name: GitHub shows that one, and REST reads it.
    if (probe.alias !== 'readmeGithub' && otherGithubReadme) break;
    // A binary or truncated blob has no usable text here: the REST read decides.
    if (typeof blob.text === 'string' && !blob.isTruncated && !blob.isBinary) readme = { text: blob.text, path: probe.path };
    break;
  }
  return {
    owner,
    name,
    nameWithOwner: node.nameWithOwner,
    isArchived: node.isArchived,
    isFork: node.isFork,
    isDisabled: node.isDisabled,
    isLocked: node.isLocked,
    isEmpty: node.isEmpty,
    viewerPermission: node.viewerPermission ?? null,
    description: node.description,
    language: node.primaryLanguage?.name ?? null,
    topics: topicNames(node),
    readme,
  };
}

function isGatewayTimeout(error: unknown): boolean {
  const status = statusOf(error);
  return status === 502 || status === 504;
}

/**
 * The owner's repositories the patterns select, page by page. Each yielded
 * array is one page (after filtering), so a caller can finish a page's work
 * before the next is read and memory stays flat however large the fleet.
 */
export async function* listOwner(ctx: ListContext, fleet: FleetPatterns, owner: string): AsyncGenerator<ListedItem[]> {
  const plan = ownerPlan(fleet, owner);
  if (!plan.list) {
    yield* fetchNamed(ctx, owner, plan.names);
    return;
  }
  const exact = fleet.patterns.filter((p) => !p.exclude && !p.glob && p.owner.toLowerCase() === owner.toLowerCase());
  const seen = new Set<string>();
  let size = ctx.pageSize ?? PAGE_SIZE;
  let after: string | null = null;
  let read = 0;
  for (;;) {
    type Page = { repositoryOwner: { repositories: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<RepoNode | null> } } | null };
    let page: Page;
    try {
      ({ data: page } = await query<Page>(ctx, OWNER_PAGE, { login: owner, first: size, after }));
    } catch (error) {
      if (error instanceof StopRun) throw error;
      if (isGatewayTimeout(error) && size > 1) {
        size = Math.max(1, Math.floor(size / 2));
        continue;
      }
      throw new Error(`Could not list the repositories of ${inert(owner)}: ${inert(error)}`, { cause: error });
    }
    const connection = page.repositoryOwner?.repositories;
    if (!connection) throw new Error(`${inert(owner)} is not a user or organisation the token can see. Check the owner in the patterns.`);
    const items: ListedItem[] = [];
    for (const node of connection.nodes) {
      if (!node) continue;
      read++;
      const repo = toListed(node);
      seen.add(repo.name.toLowerCase());
      if (selects(fleet, repo.owner, repo.name)) items.push({ repo });
    }
    ctx.onPage?.({ owner, read, total: connection.totalCount });
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) {
      for (const p of exact) {
        if (!seen.has(p.name.toLowerCase()) && selects(fleet, owner, p.name)) items.push({ missing: `${owner}/${p.name}`, error: notFound(owner, p.name) });
      }
      yield items;
      return;
    }
    yield items;
    after = connection.pageInfo.endCursor;
  }
}

function notFound(owner: string, name: string): string {
  return `${owner}/${name} was not found, or the token cannot see it. Check the name, and that the token can read the repository.`;
}

/** Named repositories, a page at a time, through aliased `repository(owner:, name:)` fields. */
async function* fetchNamed(ctx: ListContext, owner: string, names: string[]): AsyncGenerator<ListedItem[]> {
  const size = ctx.pageSize ?? PAGE_SIZE;
  for (let start = 0; start < names.length; start += size) {
    const chunk = names.slice(start, start + size);
    const { text, vars } = repositoriesQuery(
      'FleetNamed',
      chunk.map((name) => ({ owner, name })),
      '...FleetRepo',
      `\n${REPO_FIELDS}\n${BLOB}`,
    );
    let data: Record<string, RepoNode | null>;
    try {
      ({ data } = await query<Record<string, RepoNode | null>>(ctx, text, vars));
    } catch (error) {
      if (error instanceof StopRun) throw error;
      throw new Error(`Could not read the repositories named for ${inert(owner)}: ${inert(error)}`, { cause: error });
    }
    const items: ListedItem[] = chunk.map((name, i) => {
      const node = data?.[`r${i}`];
      return node ? { repo: toListed(node) } : { missing: `${owner}/${name}`, error: notFound(owner, name) };
    });
    ctx.onPage?.({ owner, read: start + chunk.length, total: names.length });
    yield items;
  }
}

/**
 * Fresh topics of the repositories about to be written, in one request:
 * topics a person added since the listing are kept. A repository missing
 * from the answer maps to null.
 */
export async function readTopics(ctx: ListContext, repos: ReadonlyArray<{ owner: string; name: string }>): Promise<Map<string, string[] | null>> {
  const { text, vars } = repositoriesQuery('FleetTopics', repos, `repositoryTopics(first: ${TOPICS_PAGE}) { nodes { topic { name } } }`);
  const { data } = await query<Record<string, TopicsNode | null>>(ctx, text, vars);
  const out = new Map<string, string[] | null>();
  repos.forEach((r, i) => {
    const node = data?.[`r${i}`];
    out.set(`${r.owner}/${r.name}`.toLowerCase(), node ? topicNames(node) : null);
  });
  return out;
}

/**
 * `GET /repos/{o}/{r}/readme` through the gate, as a source for readme-load.ts loadReadme:
 * for a repository whose README the probes could not read. A stop (StopRun) passes as it is.
 */
export function fleetReadmeApi(ctx: ListContext, repo: { owner: string; name: string }): ReadmeApi {
  const name = inert(`${repo.owner}/${repo.name}`);
  return {
    label: `The README of ${name}`,
    source: (path) => path,
    get: async (raw) =>
      (
        await ctx.gate.run('read', (request) =>
          ctx.client.request('GET /repos/{owner}/{repo}/readme', { owner: repo.owner, repo: repo.name, ...(raw ? { headers: { accept: 'application/vnd.github.raw+json' } } : {}), request }),
        )
      ).data,
    isMissing: (error) => statusOf(error) === 404,
    describeError: (error) => (error instanceof StopRun ? error : new Error(`Could not read the README of ${name}: ${inert(error)}`, { cause: error })),
  };
}

/** The README of a listed repository: the probe's text, or the REST answer; null when it has none. */
export function repoReadme(ctx: ListContext, repo: ListedRepo): Promise<LoadedReadme | null> {
  return loadReadme({ known: repo.readme && { text: repo.readme.text, source: repo.readme.path }, api: () => fleetReadmeApi(ctx, repo) });
}

/**
 * The only place a GitHub client is built, and the small set of REST calls
 * the action makes. GITHUB_API_URL (GitHub Enterprise Server, or a test
 * server) is honoured through @actions/github's defaults.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { readmeFromBytes, type LoadedReadme } from './readme-load.ts';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

export function createGitHubClient(token: string, options: { retries?: number } = {}): GitHubClient {
  return getOctokit(token, { request: { retries: options.retries ?? 2 } }, retry);
}

export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The repository's README through `GET /repos/{owner}/{repo}/readme`, or null when it has none. */
export async function fetchReadme(client: GitHubClient, ref: RepoRef): Promise<LoadedReadme | null> {
  let data: { content?: string; encoding?: string; size?: number; path?: string };
  try {
    ({ data } = await client.rest.repos.getReadme({ owner: ref.owner, repo: ref.repo }));
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404) return null;
    const hint = status === 401 ? ' The token in "github-token" was rejected.' : status === 403 ? ' The token in "github-token" cannot read this repository.' : '';
    throw new Error(`Could not read the README of ${ref.owner}/${ref.repo} from the GitHub API: ${(error as Error).message}.${hint}`, { cause: error });
  }
  const source = `api:${ref.owner}/${ref.repo}/${data.path ?? 'README'}`;
  const label = `The README of ${ref.owner}/${ref.repo}`;
  if (data.encoding === 'base64' && typeof data.content === 'string') {
    return readmeFromBytes(Buffer.from(data.content, 'base64'), label, source);
  }
  // Over 1 MB the API sends no content; ask for the raw file instead.
  const raw = await client.request('GET /repos/{owner}/{repo}/readme', {
    owner: ref.owner,
    repo: ref.repo,
    headers: { accept: 'application/vnd.github.raw+json' },
  });
  const body = raw.data as unknown;
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body as ArrayBuffer);
  return readmeFromBytes(bytes, label, source);
}

/** The repository's one-line description, or undefined when the token cannot read it. */
/** What the API says about the repository beside its README: its description and primary language (either may be missing). */
export async function fetchRepositoryContext(client: GitHubClient, ref: RepoRef): Promise<{ description?: string; language?: string }> {
  try {
    const { data } = await client.rest.repos.get({ owner: ref.owner, repo: ref.repo });
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
    const description = text(data.description);
    const language = text(data.language);
    return { ...(description ? { description } : {}), ...(language ? { language } : {}) };
  } catch {
    return {};
  }
}

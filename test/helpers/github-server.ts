/**
 * A real HTTP server on 127.0.0.1 standing in for the GitHub REST API:
 * README, repository, and topics endpoints, with every request recorded.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJsonBody } from './http.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeRepo {
  /** README text served by GET /repos/{o}/{r}/readme; undefined: 404. */
  readme?: string | Buffer;
  readmePath?: string;
  description?: string | null;
  /** The repository's primary language, as the API reports it. */
  language?: string | null;
  topics?: string[];
  /** Status to answer PUT /topics with (default 200). */
  putStatus?: number;
  /** Status to answer GET /repos/{o}/{r} with (default 200). */
  repoStatus?: number;
}

/**
 * Fault injection: called for every request before the fake answers it.
 * Return an answer to send instead, `'silent'` to accept the request and never
 * answer, `'drop'` to close the connection, or undefined to answer normally.
 */
export type Intercept = (request: RecordedRequest) => FakeAnswer | 'silent' | 'drop' | undefined;

export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  repos: Map<string, FakeRepo>;
  /** PUT /topics requests only. */
  puts(): RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeGitHub(repos: Record<string, FakeRepo>, options: { intercept?: Intercept } = {}): Promise<FakeGitHub> {
  const state = new Map(Object.entries(repos).map(([k, v]) => [k.toLowerCase(), { ...v, topics: [...(v.topics ?? [])] }]));
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readJsonBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded: RecordedRequest = { method: req.method ?? '', path: url.pathname, headers: req.headers, body };
    requests.push(recorded);
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(data));
    };
    const fault = options.intercept?.(recorded);
    if (fault === 'silent') return;
    if (fault === 'drop') return void req.socket.destroy();
    if (fault) return send(fault.status, fault.body ?? { message: 'fault' }, fault.headers);
    const match = /^\/repos\/([^/]+)\/([^/]+)(\/readme|\/topics)?$/.exec(url.pathname);
    const repo = match ? state.get(`${match[1]}/${match[2]}`.toLowerCase()) : undefined;
    if (!match || !repo) return send(404, { message: 'Not Found' });
    const [, , , sub] = match;
    if (!sub && req.method === 'GET') {
      if (repo.repoStatus && repo.repoStatus !== 200) return send(repo.repoStatus, { message: 'nope' });
      return send(200, { full_name: `${match[1]}/${match[2]}`, description: repo.description ?? null, language: repo.language ?? null, topics: repo.topics });
    }
    if (sub === '/readme' && req.method === 'GET') {
      if (repo.readme === undefined) return send(404, { message: 'Not Found' });
      const bytes = Buffer.isBuffer(repo.readme) ? repo.readme : Buffer.from(repo.readme, 'utf8');
      return send(200, { name: 'README.md', path: repo.readmePath ?? 'README.md', size: bytes.length, encoding: 'base64', content: bytes.toString('base64') });
    }
    if (sub === '/topics' && req.method === 'GET') return send(200, { names: repo.topics });
    if (sub === '/topics' && req.method === 'PUT') {
      const status = repo.putStatus ?? 200;
      if (status !== 200) return send(status, { message: status === 403 ? 'Resource not accessible by integration' : 'error' });
      const names = (body as { names?: string[] })?.names ?? [];
      repo.topics = [...names];
      return send(200, { names });
    }
    return send(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    repos: state,
    puts: () => requests.filter((r) => r.method === 'PUT'),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

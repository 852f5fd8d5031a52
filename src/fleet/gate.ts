/**
 * Every GitHub request of a fleet run goes through one gate:
 *
 * - one request at a time (GitHub's advice against secondary limits); a
 *   request the client timed out is tried once more, and a second timeout
 *   in a row stops the run instead of hanging it;
 * - rate limits waited out as the headers say: `retry-after` (secondary
 *   limit) or `x-ratelimit-reset` (primary limit). The wait is global: no
 *   other request starts until it is over;
 * - writes paced under GitHub's content-creation limits (80 a minute, 500 an
 *   hour), with a margin, so they are not hit;
 * - the run's deadline (RUN_BUDGET_MS in run.ts): no request starts after it
 *   and no wait may end after it;
 * - a wait that would outlast the run, a token rejected after the run began
 *   (an installation token lives one hour), or an API that stopped answering
 *   stops the run: `StopRun`, and the rest is reported pending.
 *
 * Timeouts and budgets, one layer each: the per-request timeout is the
 * client's (src/github.ts, built by fleetClient with no deadline and no
 * plugins of its own); the whole-run deadline, the global pause and write
 * pacing are this gate's. The client is a parameter: any Octokit (a test's
 * plain one has no timeout: a test that makes the API hang uses fleetClient).
 */
import { inert } from '../log.ts';
import { causeChain } from '../error-chain.ts';

/** The minimal client the fleet needs: an Octokit instance satisfies it. */
export interface FleetClient {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ status: number; headers: Record<string, unknown>; data: unknown }>;
  graphql(parameters: Record<string, unknown>): Promise<unknown>;
}

/** The run must stop here; what is left is reported `pending` and a later run continues. */
export class StopRun extends Error {
  override name = 'StopRun';
  /** True when GitHub stopped answering: the run fails (a rate-limit wait or an expired token does not). */
  readonly stalled: boolean;
  constructor(message: string, options?: ErrorOptions & { stalled?: boolean }) {
    super(message, options);
    this.stalled = options?.stalled ?? false;
  }
}

/** GitHub's content-creation limits, with a margin. */
export const WRITES_PER_MINUTE = 75;
export const WRITES_PER_HOUR = 480;
/** Rate-limit waits for one request before giving up on it. */
export const MAX_RATE_LIMIT_WAITS = 3;
/** Requests timed out one after the other before the run stops. */
export const MAX_TIMEOUTS_IN_A_ROW = 2;
/** A secondary limit without retry-after: GitHub says to wait at least a minute. */
const DEFAULT_SECONDARY_WAIT_MS = 60_000;

export interface GateOptions {
  /** Epoch milliseconds: no request starts, and no wait may end, after this. */
  deadline: number;
  /** 0 turns pacing off (the benchmark measures our own time that way). */
  writesPerMinute?: number;
  writesPerHour?: number;
  /** Told about every wait (for the log). */
  onWait?: (ms: number, why: string) => void;
}

/** Octokit's per-request `request` option, as the gate sets it. */
export interface RequestOptions {
  retries: number;
}

export interface RateLimitInfo {
  remaining: number;
  limit: number;
  /** ISO time. */
  resetAt?: string;
}

export class GitHubGate {
  reads = 0;
  writes = 0;
  /** Milliseconds spent waiting on rate limits and write pacing. */
  waitedMs = 0;
  /** The latest headroom GitHub reported, per API. */
  rateLimit: { rest?: RateLimitInfo; graphql?: RateLimitInfo } = {};
  private chain: Promise<unknown> = Promise.resolve();
  private pauseUntil = 0;
  private pauseWhy = '';
  private writeTimes: number[] = [];
  private answered = false;
  private timeouts = 0;
  /** The stop that ended the run: later requests are refused with it. */
  private halted: StopRun | undefined;
  private readonly options: Required<Omit<GateOptions, 'onWait'>> & Pick<GateOptions, 'onWait'>;

  constructor(options: GateOptions) {
    this.options = {
      writesPerMinute: WRITES_PER_MINUTE,
      writesPerHour: WRITES_PER_HOUR,
      ...options,
    };
  }

  /**
   * Run one GitHub request (serialised with every other). `call` must pass
   * `request` on as the Octokit request option: it turns a retry plugin's
   * own retries off (this gate does the waiting, and counts every request).
   */
  run<T>(kind: 'read' | 'write', call: (request: RequestOptions) => Promise<T>): Promise<T> {
    // Once the run is stopped, nothing more is sent (no read, and above all no write): every later request gets the same stop.
    const result = this.chain
      .then(() => (this.halted ? Promise.reject(this.halted) : this.execute(kind, call)))
      .catch((error: unknown) => {
        if (error instanceof StopRun) this.halted ??= error;
        throw error;
      });
    this.chain = result.catch(() => {});
    return result;
  }

  noteGraphqlRateLimit(info: RateLimitInfo | undefined): void {
    if (info && Number.isFinite(info.remaining)) this.rateLimit.graphql = info;
  }

  private async wait(ms: number, why: string): Promise<void> {
    if (ms <= 0) return;
    if (Date.now() + ms > this.options.deadline) {
      throw new StopRun(`${why} asks to wait ${Math.ceil(ms / 1000)} s, which would outlast this run`);
    }
    this.options.onWait?.(ms, why);
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.waitedMs += Date.now() - started;
  }

  private async pace(): Promise<void> {
    const { writesPerMinute, writesPerHour } = this.options;
    const now = Date.now();
    this.writeTimes = this.writeTimes.filter((t) => now - t < 3_600_000);
    if (writesPerHour > 0 && this.writeTimes.length >= writesPerHour) {
      await this.wait(this.writeTimes[this.writeTimes.length - writesPerHour] + 3_600_000 - now, `GitHub's limit of 500 content writes an hour`);
    }
    const recent = this.writeTimes.filter((t) => Date.now() - t < 60_000);
    if (writesPerMinute > 0 && recent.length >= writesPerMinute) {
      await this.wait(recent[recent.length - writesPerMinute] + 60_000 - Date.now(), `GitHub's limit of 80 content writes a minute`);
    }
  }

  private async execute<T>(kind: 'read' | 'write', call: (request: RequestOptions) => Promise<T>): Promise<T> {
    for (let waits = 0; ; waits++) {
      await this.wait(this.pauseUntil - Date.now(), this.pauseWhy);
      if (kind === 'write') await this.pace();
      if (Date.now() >= this.options.deadline) throw new StopRun(`the run's time budget ended (it stops before an installation token's hour is up)`);
      if (kind === 'write') {
        this.writes++;
        this.writeTimes.push(Date.now());
      } else this.reads++;
      try {
        const result = await call({ retries: 0 });
        this.answered = true;
        this.timeouts = 0;
        this.noteHeaders((result as { headers?: Record<string, unknown> } | null)?.headers);
        return result;
      } catch (error) {
        const gaveUp = clientGaveUp(error);
        if (gaveUp === 'deadline') throw new StopRun(`the GitHub client's own deadline passed (${inert(error, 300)})`, { cause: error });
        if (gaveUp === 'timeout') {
          // One slow answer is tried again; two in a row mean GitHub stopped answering: stop, rather than wait on every repository.
          if (++this.timeouts >= MAX_TIMEOUTS_IN_A_ROW) {
            throw new StopRun(`GitHub stopped answering: ${this.timeouts} requests in a row timed out (the last: ${inert(error, 400)})`, { cause: error, stalled: true });
          }
          waits--;
          continue;
        }
        this.timeouts = 0;
        this.noteHeaders(headersOf(error));
        const status = statusOf(error);
        if (status === 401) {
          const message = `GitHub rejected the token (401: ${inert(messageOf(error), 200)})`;
          if (this.answered) throw new StopRun(`${message}; it may have expired (installation tokens live one hour)`, { cause: error });
          throw new Error(`${message}. Pass a valid token (the action's "github-token"; GITHUB_TOKEN or GH_TOKEN for the CLI).`, { cause: error });
        }
        const limit = rateLimitWait(error);
        if (!limit) throw error;
        if (waits >= MAX_RATE_LIMIT_WAITS) {
          throw new Error(`GitHub's ${limit.why} still applies after ${MAX_RATE_LIMIT_WAITS} waits. Run again later.`, { cause: error });
        }
        this.pauseUntil = Date.now() + limit.ms;
        this.pauseWhy = `GitHub's ${limit.why}`;
      }
    }
  }

  private noteHeaders(headers: Record<string, unknown> | undefined): void {
    const remaining = Number(headers?.['x-ratelimit-remaining']);
    const limit = Number(headers?.['x-ratelimit-limit']);
    const reset = Number(headers?.['x-ratelimit-reset']);
    if (!Number.isFinite(remaining) || headers?.['x-ratelimit-remaining'] === undefined) return;
    this.rateLimit.rest = { remaining, limit: Number.isFinite(limit) ? limit : 0, resetAt: Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString() : undefined };
  }
}

/**
 * The error and its causes: a client may wrap Octokit's error in its own
 * (keeping the HTTP status, with the response in `cause`).
 */
export function statusOf(error: unknown): number | undefined {
  for (const e of causeChain(error)) {
    const status = (e as { status?: unknown }).status;
    if (typeof status === 'number') return status;
  }
  return undefined;
}

function headersOf(error: unknown): Record<string, unknown> | undefined {
  for (const e of causeChain(error)) {
    const x = e as { response?: { headers?: Record<string, unknown> }; headers?: Record<string, unknown> };
    const headers = x.response?.headers ?? x.headers;
    if (headers) return headers;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } } | null)?.response?.data;
  return typeof data?.message === 'string' ? data.message : ((error as Error)?.message ?? String(error));
}

/** A client's own per-attempt timeout or overall deadline (reported as `kind` or by name on the error or a cause). */
function clientGaveUp(error: unknown): 'timeout' | 'deadline' | undefined {
  for (const e of causeChain(error)) {
    const x = e as { kind?: unknown; name?: unknown };
    if (x.kind === 'deadline') return 'deadline';
    if (x.kind === 'timeout' || x.name === 'GitHubAttemptTimeout') return 'timeout';
  }
  return undefined;
}

/** How long a rate-limited answer asks us to wait, or undefined when the error is not a rate limit. */
export function rateLimitWait(error: unknown, now = Date.now()): { ms: number; why: string } | undefined {
  const status = statusOf(error);
  const headers = headersOf(error) ?? {};
  const graphqlLimited = causeChain(error).some((x) => ((x as { errors?: Array<{ type?: string }> }).errors ?? []).some((e) => e?.type === 'RATE_LIMITED'));
  if (status !== 403 && status !== 429 && !graphqlLimited) return undefined;
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) {
    return { ms: retryAfter * 1000, why: 'secondary rate limit' };
  }
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    const ms = Number.isFinite(reset) ? Math.max(0, reset * 1000 - now) + 1000 : DEFAULT_SECONDARY_WAIT_MS;
    return { ms, why: 'primary rate limit' };
  }
  if (graphqlLimited) return { ms: DEFAULT_SECONDARY_WAIT_MS, why: 'GraphQL rate limit' };
  if (causeChain(error).some((x) => /secondary rate limit|abuse/i.test(messageOf(x)))) return { ms: DEFAULT_SECONDARY_WAIT_MS, why: 'secondary rate limit' };
  return undefined;
}

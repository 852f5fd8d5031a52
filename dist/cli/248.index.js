export const id = 248;
export const ids = [248];
export const modules = {

/***/ 9248:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fleetClient: () => (/* binding */ fleetClient)
/* harmony export */ });
/* unused harmony exports DEFAULT_API_URL, GITHUB_REQUEST_TIMEOUT_MS, TIMEOUT_ENV, GITHUB_DEADLINE_MS, MAX_RATE_LIMIT_WAIT_MS, MAX_RATE_LIMIT_RETRIES, GITHUB_RETRIES, MAX_GITHUB_RESPONSE_BYTES, DO_NOT_RETRY, gitHubUrls, requestTimeoutFromEnv, proxyDispatcherFor, GitHubCallError, createGitHubClient, httpStatus, readmeApi, fetchRepositoryContext, getTopics, putTopics */
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4942);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6856);
/* harmony import */ var _octokit_rest__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9988);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4371);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5625);
/* harmony import */ var _error_chain_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7873);
/**
 * The one module that owns the GitHub client: it is built here, and only
 * here, on @octokit/rest with @octokit/plugin-throttling and
 * @octokit/plugin-retry, and the REST calls the action makes live here too.
 *
 * - URLs: GITHUB_API_URL (GitHub Enterprise Server, GHE.com, a test server),
 *   GITHUB_GRAPHQL_URL, or the GraphQL URL derived from the API URL
 *   (`https://HOST/api/v3` -> `https://HOST/api/graphql`).
 * - Proxy: HTTPS_PROXY / HTTP_PROXY / NO_PROXY exactly as @actions/github
 *   honours them: @actions/http-client chooses an undici ProxyAgent for the
 *   destination (or none: NO_PROXY, loopback), and undici's fetch uses it.
 * - Retries: plugin-retry retries 5xx and network errors (timeouts included)
 *   only, with its backoff; never 400/401/403/404/410/422/451, and never 429,
 *   which belongs to the throttling plugin. A topics write is a PUT that
 *   replaces the whole list, so repeating it after a 5xx is safe.
 * - Rate limits: plugin-throttling waits as `retry-after` (secondary limit) or
 *   `x-ratelimit-reset` (primary limit) says when the wait is at most
 *   MAX_RATE_LIMIT_WAIT_MS; a longer wait fails at once, naming the limit and
 *   when it resets.
 * - Bounded waits, one layer each:
 *   - per request: this client, and only it, gives each attempt a timeout
 *     (GITHUB_REQUEST_TIMEOUT_MS, or README_TAGGER_GITHUB_TIMEOUT_MS from the
 *     environment), for the action, the CLI and the fleet alike;
 *   - per run: the single-repository run's deadline is this client's
 *     (`deadlineMs`: the time spent in GitHub calls, rate-limit waits apart,
 *     so an API that accepts connections but never answers fails the step,
 *     naming the URL). A fleet's client has none (fleetClient): the fleet's
 *     gate (src/fleet/gate.ts) owns its whole-run deadline, rate-limit waits
 *     with their global pause, and write pacing.
 */







const DEFAULT_API_URL = 'https://api.github.com';
/** Each attempt of a GitHub request is given up after this long. */
const GITHUB_REQUEST_TIMEOUT_MS = 30_000;
/** Sets the per-request timeout in milliseconds (an integer, 100 to 600000) instead of GITHUB_REQUEST_TIMEOUT_MS. */
const TIMEOUT_ENV = 'README_TAGGER_GITHUB_TIMEOUT_MS';
/** The GitHub part of a single-repository run (time spent in GitHub calls, rate-limit waits apart) ends after this long. */
const GITHUB_DEADLINE_MS = 60_000;
/** A rate-limit wait longer than this is not waited out: the call fails, naming the limit and its reset time. */
const MAX_RATE_LIMIT_WAIT_MS = 120_000;
/** Waits for a rate limit per request, at most (then the limit's error is reported). */
const MAX_RATE_LIMIT_RETRIES = 2;
/** Repeats after a 5xx or a network error (plugin-retry waits 1 s, then 4 s). */
const GITHUB_RETRIES = 2;
/** Bodies of GitHub responses are read up to this size (the raw README endpoint serves up to 100 MB). */
const MAX_GITHUB_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Statuses never repeated: the request itself is wrong (429 is the throttling plugin's). */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
const USER_AGENT = 'readme-tagger';
/**
 * The REST and GraphQL URLs from GITHUB_API_URL and GITHUB_GRAPHQL_URL, the
 * GraphQL one derived from the REST one when unset: GitHub.com and GHE.com
 * serve it at `/graphql` of the API host, GitHub Enterprise Server at
 * `/api/graphql` beside `/api/v3`.
 */
function gitHubUrls(env = process.env) {
    const apiUrl = checkedUrl(env.GITHUB_API_URL?.trim() || DEFAULT_API_URL, 'GITHUB_API_URL');
    const given = env.GITHUB_GRAPHQL_URL?.trim();
    const graphqlUrl = given ? checkedUrl(given, 'GITHUB_GRAPHQL_URL') : /\/api\/v3$/i.test(apiUrl) ? apiUrl.replace(/\/api\/v3$/i, '/api/graphql') : `${apiUrl}/graphql`;
    return { apiUrl, graphqlUrl };
}
function checkedUrl(value, name) {
    let url;
    try {
        url = new URL(value);
    }
    catch (error) {
        throw new Error(`The environment variable ${name} must be an http(s) URL such as https://api.github.com; got "${(0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .inert */ .tJ)(value, 200)}".`, { cause: error });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new Error(`The environment variable ${name} must be an http(s) URL such as https://api.github.com; got "${(0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .inert */ .tJ)(value, 200)}".`);
    }
    return url.href.replace(/\/+$/, '');
}
/** The per-request timeout: README_TAGGER_GITHUB_TIMEOUT_MS when set, else GITHUB_REQUEST_TIMEOUT_MS. */
function requestTimeoutFromEnv(env = process.env) {
    const given = env[TIMEOUT_ENV]?.trim();
    if (!given)
        return GITHUB_REQUEST_TIMEOUT_MS;
    const ms = Number(given);
    if (!/^\d+$/.test(given) || ms < 100 || ms > 600_000) {
        throw new Error(`The environment variable ${TIMEOUT_ENV} must be a whole number of milliseconds from 100 to 600000 (default ${GITHUB_REQUEST_TIMEOUT_MS}); got "${(0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .inert */ .tJ)(given, 50)}".`);
    }
    return ms;
}
/**
 * The client for a fleet: no deadline of its own and no plugins. The fleet's gate
 * (src/fleet/gate.ts) sends one request at a time, paces writes, waits out rate
 * limits with a global pause and owns the run's deadline; the per-request timeout stays here.
 */
function fleetClient(options) {
    return createGitHubClient({ ...options, deadlineMs: null, plugins: false });
}
/** The undici dispatcher @actions/http-client picks for a URL: a ProxyAgent, or undefined to go direct. */
function proxyDispatcherFor(url) {
    return new _actions_http_client__WEBPACK_IMPORTED_MODULE_0__/* .HttpClient */ .Qq(USER_AGENT).getAgentDispatcher(url);
}
/** An error from a GitHub call: a message naming the request, and the HTTP status when there was one. */
class GitHubCallError extends Error {
    status;
    kind;
    constructor(message, init) {
        super(message, { cause: init.cause });
        this.name = 'GitHubCallError';
        this.status = init.status;
        this.kind = init.kind;
    }
}
class AttemptTimeout extends Error {
    constructor(ms, cause) {
        super(`no answer within ${seconds(ms)} s`, { cause });
        this.name = 'GitHubAttemptTimeout';
    }
}
/** Time spent with at least one GitHub call in flight, against a budget that accepted rate-limit waits extend. */
class Budget {
    used = 0;
    inFlight = 0;
    since = 0;
    allowance = 0;
    limitMs;
    constructor(limitMs) {
        this.limitMs = limitMs;
    }
    start() {
        if (this.inFlight++ === 0)
            this.since = Date.now();
    }
    end() {
        if (--this.inFlight === 0)
            this.used += Date.now() - this.since;
    }
    allow(ms) {
        this.allowance += ms;
    }
    remaining() {
        const running = this.inFlight > 0 ? Date.now() - this.since : 0;
        return this.limitMs + this.allowance - this.used - running;
    }
}
const ThrottledOctokit = _octokit_rest__WEBPACK_IMPORTED_MODULE_3__/* .Octokit */ .E.plugin(_octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__/* .throttling */ .A, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_5__/* .retry */ .L);
/** The GitHub client: the one place it is built. */
function createGitHubClient(options) {
    const { token, logger } = options;
    (0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .addSecret */ .Ck)(token);
    const urls = options.urls ?? gitHubUrls();
    const requestTimeoutMs = options.requestTimeoutMs ?? requestTimeoutFromEnv();
    const deadlineMs = options.deadlineMs === null ? Infinity : (options.deadlineMs ?? GITHUB_DEADLINE_MS);
    const maxWaitMs = options.maxRateLimitWaitMs ?? MAX_RATE_LIMIT_WAIT_MS;
    const budget = new Budget(deadlineMs);
    const debug = (message) => logger?.debug(`GitHub client: ${(0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .inert */ .tJ)(message, 500)}`);
    const onLimit = (limit) => (retryAfter, request, _octokit, retryCount) => {
        const waitMs = retryAfter * 1000;
        if (waitMs > maxWaitMs || retryCount >= MAX_RATE_LIMIT_RETRIES)
            return false;
        budget.allow(waitMs + 1000);
        logger?.warning(`GitHub's ${limit} rate limit was hit on ${request.method} ${(0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .inert */ .tJ)(request.url, 200)}; waiting ${retryAfter} s as ` +
            `${limit === 'primary' ? 'x-ratelimit-reset' : 'retry-after'} says, then trying again.`);
        return true;
    };
    const dispatchers = new Map();
    // Attempts per call, counted here: the signal is the one the outer hook gives each call.
    const attempts = new WeakMap();
    const fetchWithTimeout = async (url, init = {}) => {
        const origin = new URL(url).origin;
        if (!dispatchers.has(origin))
            dispatchers.set(origin, proxyDispatcherFor(String(url)));
        if (init.signal)
            attempts.set(init.signal, (attempts.get(init.signal) ?? 0) + 1);
        const timeout = AbortSignal.timeout(requestTimeoutMs);
        const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        try {
            const response = await (0,undici__WEBPACK_IMPORTED_MODULE_1__/* .fetch */ .hd)(url, { ...init, signal, dispatcher: dispatchers.get(origin) });
            // The whole body is read under the same timeout, so a reply that stalls halfway fails like one that never starts.
            const body = await readCapped(response);
            return new undici__WEBPACK_IMPORTED_MODULE_1__.Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
        }
        catch (error) {
            if (timeout.aborted && !init.signal?.aborted)
                throw new AttemptTimeout(requestTimeoutMs, error);
            throw error;
        }
    };
    const octokit = new ThrottledOctokit({
        auth: token,
        baseUrl: urls.apiUrl,
        userAgent: USER_AGENT,
        // plugin-request-log's one line per request (info) and the plugins' warnings go to the debug log.
        log: { debug: () => { }, info: debug, warn: debug, error: debug },
        request: { fetch: fetchWithTimeout },
        retry: { enabled: options.plugins !== false, retries: GITHUB_RETRIES, doNotRetry: [...DO_NOT_RETRY], retryAfterBaseValue: options.retryBaseMs ?? 1000 },
        throttle: { enabled: options.plugins !== false, onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
    });
    // GITHUB_GRAPHQL_URL as given (an absolute `url` is used as it is; this baseUrl keeps @octokit/graphql's own /api/v3 rewrite out).
    octokit.graphql = octokit.graphql.defaults({ baseUrl: urls.graphqlUrl, url: urls.graphqlUrl });
    // Registered last, so outermost: one deadline and one error translation around all attempts and waits.
    octokit.hook.wrap('request', async (request, endpointOptions) => {
        const target = describeTarget(octokit, endpointOptions);
        if (budget.remaining() <= 0)
            throw deadlineError(target, deadlineMs, urls.apiUrl, undefined);
        const controller = new AbortController();
        const given = endpointOptions.request?.signal;
        const requestOptions = { ...endpointOptions.request, signal: given ? AbortSignal.any([given, controller.signal]) : controller.signal };
        // In place: before-after-hook hands the inner hooks the options object it was called with, not the one passed on.
        endpointOptions.request = requestOptions;
        let timer;
        const deadline = new Promise((_resolve, reject) => {
            if (!Number.isFinite(deadlineMs))
                return;
            const arm = () => {
                timer = setTimeout(() => {
                    if (budget.remaining() > 0)
                        return arm();
                    controller.abort();
                    reject(deadlineError(target, deadlineMs, urls.apiUrl, undefined));
                }, Math.max(1, budget.remaining()));
            };
            arm();
        });
        budget.start();
        try {
            return await Promise.race([request(endpointOptions), deadline]);
        }
        catch (error) {
            if (error instanceof GitHubCallError)
                throw error;
            throw translate(error, { target, attempts: attempts.get(requestOptions.signal) ?? 1, apiUrl: urls.apiUrl, maxWaitMs });
        }
        finally {
            clearTimeout(timer);
            budget.end();
        }
    });
    return octokit;
}
async function readCapped(response) {
    if (!response.body)
        return null;
    const chunks = [];
    let size = 0;
    for await (const chunk of response.body) {
        size += chunk.byteLength;
        if (size > MAX_GITHUB_RESPONSE_BYTES) {
            throw new Error(`the response was larger than ${MAX_GITHUB_RESPONSE_BYTES / 1024 / 1024} MiB`);
        }
        chunks.push(chunk);
    }
    if (response.status === 204 || response.status === 205 || response.status === 304)
        return null;
    return Buffer.concat(chunks);
}
function describeTarget(octokit, options) {
    try {
        const { method, url } = octokit.request.endpoint(options);
        return `${method} ${(0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .inert */ .tJ)(url.replace(/\?.*$/, ''), 300)}`;
    }
    catch {
        return `${options.method ?? 'GET'} ${(0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .inert */ .tJ)(options.url, 300)}`;
    }
}
function seconds(ms) {
    return String(Math.round(ms / 100) / 10);
}
function deadlineError(target, deadlineMs, apiUrl, cause) {
    return new GitHubCallError(`the GitHub API at ${(0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .inert */ .tJ)(apiUrl, 200)} did not answer ${target} in time: the GitHub part of the run has a deadline of ${seconds(deadlineMs)} s, ` +
        `and it passed. Check that GITHUB_API_URL is right and the server reachable (and HTTPS_PROXY/NO_PROXY, if a proxy is needed).`, { kind: 'deadline', cause });
}
/** A GitHub error as one line naming the request: the limit and its reset, the timeout, or the status and GitHub's message. */
function translate(error, context) {
    const { target, attempts, apiUrl, maxWaitMs } = context;
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    const timeout = (0,_error_chain_js__WEBPACK_IMPORTED_MODULE_6__/* .causeChain */ .D)(error).find((e) => e?.name === 'GitHubAttemptTimeout');
    if (timeout) {
        return new GitHubCallError(`${target} timed out: ${timeout.message}${tries}. Check that GITHUB_API_URL (${(0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .inert */ .tJ)(apiUrl, 200)}) is right and the server reachable (and HTTPS_PROXY/NO_PROXY, if a proxy is needed).`, { kind: 'timeout', cause: error });
    }
    const e = error;
    const status = typeof e?.status === 'number' ? e.status : undefined;
    const headers = e?.response?.headers ?? {};
    const message = (0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .inert */ .tJ)(e?.message ?? String(error), 300).replace(/\.$/, '');
    if (!e?.response) {
        return new GitHubCallError(`${target} failed before GitHub answered: ${message}${tries}.`, { kind: 'network', cause: error });
    }
    if ((status === 403 || status === 429) && /\bsecondary rate\b/i.test(e.message ?? '')) {
        const after = Number(headers['retry-after']);
        const when = Number.isFinite(after) && after > 0 ? `retry-after says ${after} s` : 'GitHub gave no retry-after';
        return new GitHubCallError(`${target}: GitHub's secondary rate limit stopped the request (HTTP ${status}; ${when}, and readme-tagger waits at most ${seconds(maxWaitMs)} s, ` +
            `${MAX_RATE_LIMIT_RETRIES} times). Run again later, or run fewer jobs with this token at once.`, { status, kind: 'rate-limit', cause: error });
    }
    if ((status === 403 || status === 429) && headers['x-ratelimit-remaining'] === '0') {
        const reset = Number(headers['x-ratelimit-reset']);
        const resetAt = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : undefined;
        const when = resetAt ? `it resets at ${resetAt.toISOString()} (in ${Math.max(0, Math.ceil((resetAt.getTime() - Date.now()) / 60_000))} min)` : 'GitHub did not say when it resets';
        const resource = headers['x-ratelimit-resource'] ? ` ("${(0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .inert */ .tJ)(headers['x-ratelimit-resource'], 40)}" resource)` : '';
        return new GitHubCallError(`${target}: GitHub's primary rate limit for this token is used up${resource} (x-ratelimit-remaining: 0); ${when}, ` +
            `later than readme-tagger waits (${seconds(maxWaitMs)} s). Run again after the reset, or use a token with its own budget (a GitHub App installation token).`, { status, kind: 'rate-limit', cause: error });
    }
    return new GitHubCallError(`${target} answered HTTP ${status}: ${message}${tries}.`, { status, kind: 'http', cause: error });
}
function httpStatus(error) {
    const status = error?.status;
    return typeof status === 'number' ? status : undefined;
}
/** The text of an error for a message: ours as it is (already inert), anything else made inert. */
function reason(error) {
    return error instanceof GitHubCallError ? error.message : inert(error, 1000);
}
function isRateLimit(error) {
    return error instanceof GitHubCallError && error.kind === 'rate-limit';
}
/**
 * The repository's README through `GET /repos/{owner}/{repo}/readme`, as a source for
 * readme-load.ts loadReadme (which decodes it, and returns null on a 404): errors name
 * the repository and, for 401/403, the "github-token" input.
 */
function readmeApi(client, ref) {
    return {
        label: `The README of ${ref.owner}/${ref.repo}`,
        source: (path) => `api:${ref.owner}/${ref.repo}/${path}`,
        get: async (raw) => raw
            ? (await client.request('GET /repos/{owner}/{repo}/readme', { owner: ref.owner, repo: ref.repo, headers: { accept: 'application/vnd.github.raw+json' } })).data
            : (await client.rest.repos.getReadme({ owner: ref.owner, repo: ref.repo })).data,
        isMissing: (error) => httpStatus(error) === 404 && !isRateLimit(error),
        describeError: (error) => {
            const status = httpStatus(error);
            const hint = isRateLimit(error) ? '' : status === 401 ? ' The token in "github-token" was rejected.' : status === 403 ? ' The token in "github-token" cannot read this repository.' : '';
            return new Error(`Could not read the README of ${ref.owner}/${ref.repo} from the GitHub API: ${reason(error)}${hint}`, { cause: error });
        },
    };
}
/** What the API says about the repository beside its README: its description and primary language (either may be missing; both are optional evidence). */
async function fetchRepositoryContext(client, ref, logger) {
    try {
        const { data } = await client.rest.repos.get({ owner: ref.owner, repo: ref.repo });
        const text = (value) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
        const description = text(data.description);
        const language = text(data.language);
        return { ...(description ? { description } : {}), ...(language ? { language } : {}) };
    }
    catch (error) {
        logger?.debug(`The description and language of ${ref.owner}/${ref.repo} were not read: ${reason(error)}`);
        return {};
    }
}
async function getTopics(client, ref) {
    let names;
    try {
        ({
            data: { names },
        } = await client.rest.repos.getAllTopics({ owner: ref.owner, repo: ref.repo, per_page: 100 }));
    }
    catch (error) {
        const status = httpStatus(error);
        const hint = isRateLimit(error)
            ? ''
            : status === 404
                ? ` The repository was not found, or the token in "github-token" cannot see it.`
                : status === 401
                    ? ` The token in "github-token" was rejected.`
                    : '';
        throw new Error(`Could not read the topics of ${ref.owner}/${ref.repo}: ${reason(error)}${hint}`, { cause: error });
    }
    // Topics planned from a misread list would be written over the real ones: refuse anything but a list of names.
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
        throw new Error(`Could not read the topics of ${ref.owner}/${ref.repo}: the GitHub API's answer has no list of names. The topics were left as they were.`);
    }
    return names;
}
/**
 * Replaces the repository's topics with `names` (one PUT; on a 5xx or a
 * network error plugin-retry repeats it, which is safe: the same full list
 * is written again). Any 4xx fails at once with the topics as they were.
 */
async function putTopics(client, ref, names) {
    try {
        const { data } = await client.rest.repos.replaceAllTopics({ owner: ref.owner, repo: ref.repo, names });
        return Array.isArray(data.names) ? data.names : names;
    }
    catch (error) {
        const status = httpStatus(error);
        const what = `Could not write the topics of ${ref.owner}/${ref.repo}`;
        if (isRateLimit(error)) {
            throw new Error(`${what}: ${reason(error)} The topics were left as they were.`, { cause: error });
        }
        if (status === 403 || status === 404) {
            throw new Error(`GitHub refused to change the topics of ${ref.owner}/${ref.repo} (HTTP ${status}). The workflow's GITHUB_TOKEN cannot change topics: ` +
                `pass a token with the "Administration: write" repository permission (a fine-grained personal access token or a GitHub App installation token) as "github-token". ` +
                `The topics were left as they were.`, { cause: error });
        }
        if (status === 401) {
            throw new Error(`${what}: the token in "github-token" was rejected (HTTP 401); check that it has not expired. The topics were left as they were.`, { cause: error });
        }
        if (status === 422) {
            throw new Error(`${what}: ${reason(error)} GitHub rejected the list (a topic is lowercase letters, digits and hyphens, at most 50 characters; at most 20 topics). The topics were left as they were.`, { cause: error });
        }
        if (status !== undefined && status < 500) {
            throw new Error(`${what}: ${reason(error)} The topics were left as they were.`, { cause: error });
        }
        // 5xx, timeouts, deadline, network: the PUT may or may not have been applied; it writes the whole list, so running again is safe.
        throw new Error(`${what}: ${reason(error)} GitHub may or may not have applied the write; it replaces the whole list, so running again is safe.`, { cause: error });
    }
}


/***/ })

};

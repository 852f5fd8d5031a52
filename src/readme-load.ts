/**
 * Reading files from outside text: a README (bounded: a huge README is read
 * only as far as it is useful), from the workspace in GitHub's own order, or
 * from the REST API; and any other file the action or the CLI is pointed at.
 * Bytes are checked (binary, encoding) before they become text.
 *
 * Only regular files are read, and that is checked before the file is opened,
 * so a FIFO or a device can never block a run: the path is stat-ed, then
 * opened with O_NONBLOCK, and the handle is fstat-ed to be the same regular
 * file (closing the race between the check and the open). In the action the
 * path is first resolved (links followed) and must lie inside the real path
 * of the workspace and outside `.git/`, where actions/checkout keeps the
 * token; that real path is opened with O_NOFOLLOW too, and on Linux the
 * opened file's path is asked of the kernel (/proc/self/fd) and checked again.
 */
import { constants, type Stats } from 'node:fs';
import { open, readdir, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { inert } from './log.ts';

/** Only this much of a README is read; what says what a project is comes first. */
export const MAX_README_BYTES = 512 * 1024;

export interface LoadedReadme {
  text: string;
  /** Where it came from, for logs: a workspace-relative path or `api:owner/name`. */
  source: string;
  /** True when the README was longer than MAX_README_BYTES and only its start was read. */
  truncated: boolean;
}

/** Why a file was not opened at all: it leads outside the workspace or into `.git/`, or it is not a regular file. */
export class RefusedFileError extends Error {
  readonly reason: 'outside' | 'git' | 'not-regular';
  constructor(reason: RefusedFileError['reason'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RefusedFileError';
    this.reason = reason;
  }
}

export interface ReadFileOptions {
  /** Names the file in errors, made inert by the caller: `Input "tags-file" (tags.json)`. */
  label: string;
  /** Read at most this many bytes; one more is read to tell that the file is longer. */
  maxBytes: number;
  /** The action's workspace: the file must resolve (links followed) inside its real path, outside `.git/`. */
  workspace?: string;
  /** Said after "not a regular file", e.g. how to read a pipe instead. */
  notRegularHint?: string;
}

/** What openRegularFile needs: ReadFileOptions without the byte limit. */
export type OpenFileOptions = Omit<ReadFileOptions, 'maxBytes'>;

export interface FileBytes {
  /** At most maxBytes of the file. */
  bytes: Buffer;
  /** True when the file holds more than maxBytes. */
  truncated: boolean;
  /** The path that was opened: in the workspace, its real path (every link resolved). */
  path: string;
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** True when `path` is `root` or lies under it (both absolute and normalised). */
function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a pipe (FIFO)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(info: Stats, options: OpenFileOptions): RefusedFileError {
  if (info.isDirectory()) return new RefusedFileError('not-regular', `${options.label} is a directory, not a file.`);
  const hint = options.notRegularHint ? `; ${options.notRegularHint}` : '.';
  return new RefusedFileError('not-regular', `${options.label} is ${kindOf(info)}, not a regular file, so it is not read${hint}`);
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException)?.code;
}

/**
 * Where to open `path` (relative paths against the workspace, else the
 * current directory), and what stat() said of it. With a workspace, that is
 * the real path (links resolved), checked to lie inside it; without one (the
 * CLI, with its user's own rights), the path itself.
 */
async function resolveReadable(path: string, options: OpenFileOptions): Promise<{ target: string; info: Stats; realRoot?: string }> {
  const { label, workspace } = options;
  const root = workspace === undefined ? undefined : resolve(workspace);
  const lexical = root === undefined ? resolve(path) : resolve(root, path);
  if (root !== undefined && !isWithin(root, lexical)) {
    throw new RefusedFileError('outside', `${label} points outside the workspace (${inert(lexical)}): give a path inside GITHUB_WORKSPACE, relative to it.`);
  }
  let info: Stats;
  let real: string;
  try {
    // stat() never opens the file, so a FIFO cannot block here; a pipe (/dev/fd/N) has no real path, so it is told apart first.
    info = await stat(lexical);
    if (!info.isFile()) throw notRegular(info, options);
    if (root === undefined) return { target: lexical, info };
    real = await realpath(lexical);
  } catch (error) {
    if (error instanceof RefusedFileError) throw error;
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') throw new Error(`${label}: no such file (${inert(path)}).`, { cause: error });
    throw new Error(`${label}: cannot read ${inert(path)}: ${inert(error)}`, { cause: error });
  }
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (error) {
    throw new Error(`The workspace ${inert(root)} cannot be read (${inert(error)}): check GITHUB_WORKSPACE and that actions/checkout ran before this step.`, { cause: error });
  }
  checkConfined(realRoot, real, label);
  try {
    // The real path, stat-ed again: this is the file the open below must find.
    info = await stat(real);
  } catch (error) {
    throw new Error(`${label}: cannot read ${inert(path)}: ${inert(error)}`, { cause: error });
  }
  if (!info.isFile()) throw notRegular(info, options);
  return { target: real, info, realRoot };
}

/** Throws unless the real path `real` lies inside `realRoot` and outside any `.git/`. */
function checkConfined(realRoot: string, real: string, label: string): void {
  if (!isWithin(realRoot, real)) {
    throw new RefusedFileError('outside', `${label} resolves outside the workspace (to ${inert(real)}): links are followed, and only files inside GITHUB_WORKSPACE are read.`);
  }
  if (
    relative(realRoot, real)
      .split(sep)
      .some((part) => part.toLowerCase() === '.git')
  ) {
    throw new RefusedFileError('git', `${label} resolves into .git/ (${inert(relative(realRoot, real))}), where actions/checkout keeps credentials: it is never read.`);
  }
}

/** Where an open file really is, from the kernel (Linux /proc), or undefined where that cannot be asked. */
async function openedPath(fd: number): Promise<string | undefined> {
  try {
    return await readlink(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/** An open regular file, checked as the top of this file says; the caller closes `handle`. */
export interface OpenedFile {
  handle: FileHandle;
  /** The size when it was opened. */
  size: number;
  /** The path that was opened: in the workspace, its real path (every link resolved). */
  path: string;
}

/**
 * Opens a regular file for reading (see the top of this file for the
 * checks). Throws RefusedFileError for a file that must not be opened, and
 * an Error naming `label` for one that cannot be read.
 */
export async function openRegularFile(path: string, options: OpenFileOptions): Promise<OpenedFile> {
  const { label } = options;
  const { target, info, realRoot } = await resolveReadable(path, options);
  let handle: FileHandle;
  try {
    // In the workspace the real path is opened and must not be a link by now; the CLI opens its user's path as given.
    handle = await open(target, realRoot !== undefined ? OPEN_FLAGS : OPEN_FLAGS & ~(constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    if (codeOf(error) === 'ELOOP') throw new RefusedFileError('not-regular', `${label} was replaced by a link while it was opened; not read.`, { cause: error });
    throw new Error(`${label}: cannot read ${inert(path)}: ${inert(error)}`, { cause: error });
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.dev !== info.dev || opened.ino !== info.ino) {
      throw new RefusedFileError('not-regular', `${label} changed while it was opened; not read.`);
    }
    if (realRoot !== undefined) {
      // A folder on the way swapped for a link after the checks would lead the open elsewhere: ask where the file really is.
      const where = await openedPath(handle.fd);
      if (where !== undefined) checkConfined(realRoot, where, label);
    }
    return { handle, size: opened.size, path: target };
  } catch (error) {
    await handle.close();
    if (error instanceof RefusedFileError) throw error;
    throw new Error(`${label}: cannot read ${inert(path)}: ${inert(error)}`, { cause: error });
  }
}

/** At most `maxBytes` of a regular file, checked and opened as openRegularFile does. */
export async function readRegularFile(path: string, options: ReadFileOptions): Promise<FileBytes> {
  const { label, maxBytes } = options;
  const { handle, size: openedSize, path: opened } = await openRegularFile(path, options);
  try {
    const size = Math.min(openedSize, maxBytes) + 1;
    const buffer = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await handle.read(buffer, read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return { bytes: buffer.subarray(0, Math.min(read, maxBytes)), truncated: read > maxBytes, path: opened };
  } catch (error) {
    throw new Error(`${label}: cannot read ${inert(path)}: ${inert(error)}`, { cause: error });
  } finally {
    await handle.close();
  }
}

export interface ReadReadmeOptions {
  /** `source` is given relative to this folder. */
  base?: string;
  /** The action's workspace: see ReadFileOptions.workspace. */
  workspace?: string;
  notRegularHint?: string;
}

/** Read at most MAX_README_BYTES of a regular file and decode it. `label` (inert) names it in errors. */
export async function readReadmeFile(path: string, label: string = inert(path), options: ReadReadmeOptions = {}): Promise<LoadedReadme> {
  const { bytes, truncated } = await readRegularFile(path, { label, maxBytes: MAX_README_BYTES, workspace: options.workspace, notRegularHint: options.notRegularHint });
  const base = options.base ?? options.workspace;
  const source = base ? relative(base, resolve(base, path)) || path : path;
  return { text: decodeReadme(bytes, label, truncated), source, truncated };
}

/** GitHub looks in `.github/`, then the root, then `docs/`. */
const README_DIRS = ['.github', '', 'docs'];
/** Among several READMEs in one folder, prefer these extensions, in order. */
const README_EXTENSIONS = ['.md', '.markdown', '.mdown', '.mkdn', '.mkd', '', '.rst', '.txt', '.adoc', '.asciidoc', '.org', '.textile', '.rdoc', '.pod'];
const README_NAME = /^readme(\.[a-z0-9]+)?$/i;

/** Every README file name in the workspace, in the order GitHub prefers them (folders first, then extension). */
export async function readmeCandidates(workspace: string): Promise<string[]> {
  const found: string[] = [];
  for (const dir of README_DIRS) {
    let names: string[];
    try {
      const entries = await readdir(join(workspace, dir), { withFileTypes: true });
      // Links, FIFOs and devices are listed too: the reader refuses them with a message instead of skipping them silently.
      names = entries.filter((e) => !e.isDirectory() && README_NAME.test(e.name)).map((e) => e.name);
    } catch {
      continue;
    }
    const rank = (name: string) => {
      const ext = (/\.[^.]+$/.exec(name)?.[0] ?? '').toLowerCase();
      const i = README_EXTENSIONS.indexOf(ext);
      return i < 0 ? README_EXTENSIONS.length : i;
    };
    names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    found.push(...names.map((name) => join(workspace, dir, name)));
  }
  return found;
}

/** The README GitHub would show for the checked-out repository, or null. */
export async function findWorkspaceReadme(workspace: string): Promise<string | null> {
  return (await readmeCandidates(workspace))[0] ?? null;
}

/**
 * The first workspace README that is a regular file inside the workspace
 * (outside `.git/`), or null. A candidate that leads outside or is not a
 * regular file is skipped, as GitHub does not follow such links, and
 * `onSkip` hears why; any other error (binary, not UTF-8) is thrown.
 */
export async function readWorkspaceReadme(workspace: string, onSkip: (message: string) => void): Promise<LoadedReadme | null> {
  for (const candidate of await readmeCandidates(workspace)) {
    try {
      return await readReadmeFile(candidate, `The README ${inert(relative(workspace, candidate))}`, { workspace });
    } catch (error) {
      // A link to nowhere (or a loop) is skipped like a link outside; other errors (binary, not UTF-8) stop the run.
      const gone = ['ENOENT', 'ENOTDIR', 'ELOOP'].includes(codeOf((error as Error).cause) ?? '');
      if (!(error instanceof RefusedFileError) && !gone) throw error;
      onSkip(`${(error as Error).message} It was skipped.`);
    }
  }
  return null;
}

/** A whole README received as bytes (from the API or standard input): only its first MAX_README_BYTES are decoded. */
export function readmeFromBytes(bytes: Uint8Array, label: string, source: string): LoadedReadme {
  const truncated = bytes.length > MAX_README_BYTES;
  const text = decodeReadme(truncated ? bytes.subarray(0, MAX_README_BYTES) : bytes, label, truncated);
  return { text, source, truncated };
}

/** The JSON of `GET /repos/{owner}/{repo}/readme`: base64 `content`, absent over 1 MB. */
export interface ReadmeResponse {
  content?: string;
  encoding?: string;
  path?: string;
}

/**
 * The README a `GET /repos/{owner}/{repo}/readme` answer holds: its base64 content, or, when
 * the API sent none (over 1 MB), the raw file that `fetchRaw` asks for (the same endpoint with
 * `accept: application/vnd.github.raw+json`). Both go through readmeFromBytes. Used by
 * readmeFromApiSource below, the API source of loadReadme for the action, the CLI and the fleet.
 */
export async function readmeFromApi(data: ReadmeResponse, options: { label: string; source: string; fetchRaw: () => Promise<unknown> }): Promise<LoadedReadme> {
  if (data.encoding === 'base64' && typeof data.content === 'string') return readmeFromBytes(Buffer.from(data.content, 'base64'), options.label, options.source);
  const body = await options.fetchRaw();
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body as ArrayBuffer);
  return readmeFromBytes(bytes, options.label, options.source);
}

/** `GET /repos/{owner}/{repo}/readme` through some client: the one thing the API source needs. */
export interface ReadmeApi {
  /** The response body: the JSON answer, or with `raw` (accept `application/vnd.github.raw+json`) the file itself. */
  get(raw: boolean): Promise<unknown>;
  /** Names the README in errors, inert: `The README of owner/name`. */
  label: string;
  /** The `source` of the loaded README from the path the API gave (for logs). */
  source(path: string): string;
  /** True for the API's "no README" answer (404): the loader returns null. */
  isMissing(error: unknown): boolean;
  /** The error to throw for any other failure (default: the client's own). */
  describeError?(error: unknown): unknown;
}

/** Where a README may come from; loadReadme tries them in this order. */
export interface ReadmeSources {
  /** A file named by the user (the action's "readme-path", the CLI's FILE): read, or an error naming `label`. Nothing else is tried. */
  file?: { path: string; label: string; workspace?: string; notRegularHint?: string };
  /** A stream (the CLI's `-`, standard input): at most MAX_README_BYTES are read, then it is closed. Nothing else is tried. */
  stream?: { input: AsyncIterable<Uint8Array | string>; label: string; source: string };
  /** A README already in hand (the fleet's GraphQL probes): used as it is. */
  known?: { text: string; source: string } | null;
  /**
   * A folder searched in GitHub's order (`.github/`, root, `docs/`). With `workspace` (the action), candidates
   * are confined to it and one that leads outside or is not a regular file is skipped (`onSkip` hears why);
   * without (the CLI), the first candidate is read as its user's own file, and a refusal is the error.
   */
  folder?: { dir: string; workspace: boolean; onSkip?: (message: string) => void; notRegularHint?: (path: string) => string };
  /** The GitHub API, when nothing before it found a README. */
  api?: ReadmeApi | (() => ReadmeApi);
}

/**
 * Find and read a README: the one loader for the action, the CLI and the fleet.
 * Sources are tried in the order of ReadmeSources (a named file or a stream is
 * the only one tried); null when none has a README. Callers say what to do then,
 * naming their own input or flag.
 */
export async function loadReadme(sources: ReadmeSources): Promise<LoadedReadme | null> {
  if (sources.file) {
    const { path, label, workspace, notRegularHint } = sources.file;
    return readReadmeFile(path, label, { workspace, notRegularHint });
  }
  if (sources.stream) {
    const { bytes, truncated } = await readStream(sources.stream.input, MAX_README_BYTES);
    const text = decodeReadme(bytes, sources.stream.label, truncated);
    return { text, source: sources.stream.source, truncated };
  }
  if (sources.known) return { text: sources.known.text, source: sources.known.source, truncated: false };
  if (sources.folder) {
    const { dir, workspace, onSkip, notRegularHint } = sources.folder;
    if (workspace) {
      const found = await readWorkspaceReadme(dir, onSkip ?? (() => {}));
      if (found) return found;
    } else {
      const path = await findWorkspaceReadme(dir);
      if (path) return readReadmeFile(path, inert(path), { notRegularHint: notRegularHint?.(path) });
    }
  }
  if (sources.api) return readmeFromApiSource(typeof sources.api === 'function' ? sources.api() : sources.api);
  return null;
}

/** The README through the API, or null when it has none (404). */
async function readmeFromApiSource(api: ReadmeApi): Promise<LoadedReadme | null> {
  const fail = (error: unknown) => {
    throw api.describeError ? api.describeError(error) : error;
  };
  let data: ReadmeResponse;
  try {
    data = ((await api.get(false)) ?? {}) as ReadmeResponse;
  } catch (error) {
    if (api.isMissing(error)) return null;
    return fail(error);
  }
  const path = typeof data.path === 'string' ? data.path : 'README';
  // Over 1 MB the API sends no content: readmeFromApi asks for the raw file.
  return readmeFromApi(data, { label: api.label, source: api.source(path), fetchRaw: () => api.get(true).catch(fail) });
}

/**
 * At most `max` bytes of a stream (and whether there was more). Reading stops
 * there and the stream is closed: an endless one (`yes | ...`) is not drained.
 */
async function readStream(input: AsyncIterable<Uint8Array | string>, max: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early destroys the stream (standard input is closed).
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    chunks.push(bytes);
    size += bytes.length;
    if (size > max) break;
  }
  const all = Buffer.concat(chunks);
  return { bytes: all.subarray(0, max), truncated: all.length > max };
}

/**
 * Bytes to text. UTF-8 (with or without BOM) and UTF-16 with a BOM are
 * accepted; anything with NUL bytes is binary; invalid UTF-8 is an error.
 * When the bytes were cut short, a multi-byte character split at the end is dropped.
 */
export function decodeReadme(bytes: Uint8Array, label: string, truncated = false): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
    return new TextDecoder(encoding).decode(even);
  }
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) {
    throw new Error(`${label} looks like a binary file, not a README (it contains NUL bytes). Point it at a text README.`);
  }
  let end = bytes.length;
  if (truncated) end = completeUtf8End(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes.subarray(0, end));
  } catch (error) {
    throw new Error(`${label} is not valid UTF-8 text. Save the README as UTF-8.`, { cause: error });
  }
}

/** Index just past the last complete UTF-8 character. */
function completeUtf8End(bytes: Uint8Array): number {
  let i = bytes.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && (bytes[i] & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return bytes.length;
  const lead = bytes[i];
  const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return need > continuation ? i : bytes.length;
}

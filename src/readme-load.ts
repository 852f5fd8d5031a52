/**
 * Reading a README: from a file (bounded: a huge README is read only as far
 * as it is useful), from the workspace in GitHub's own order, or from the
 * REST API. Bytes are checked (binary, encoding) before they become text.
 */
import { open, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Only this much of a README is read; what says what a project is comes first. */
export const MAX_README_BYTES = 512 * 1024;

export interface LoadedReadme {
  text: string;
  /** Where it came from, for logs: a workspace-relative path or `api:owner/name`. */
  source: string;
  /** True when the README was longer than MAX_README_BYTES and only its start was read. */
  truncated: boolean;
}

/** GitHub looks in `.github/`, then the root, then `docs/`. */
const README_DIRS = ['.github', '', 'docs'];
/** Among several READMEs in one folder, prefer these extensions, in order. */
const README_EXTENSIONS = ['.md', '.markdown', '.mdown', '.mkdn', '.mkd', '', '.rst', '.txt', '.adoc', '.asciidoc', '.org', '.textile', '.rdoc', '.pod'];
const README_NAME = /^readme(\.[a-z0-9]+)?$/i;

/** The README GitHub would show for the checked-out repository, or null. */
export async function findWorkspaceReadme(workspace: string): Promise<string | null> {
  for (const dir of README_DIRS) {
    let names: string[];
    try {
      const entries = await readdir(join(workspace, dir), { withFileTypes: true });
      names = entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && README_NAME.test(e.name)).map((e) => e.name);
    } catch {
      continue;
    }
    if (!names.length) continue;
    const rank = (name: string) => {
      const ext = (/\.[^.]+$/.exec(name)?.[0] ?? '').toLowerCase();
      const i = README_EXTENSIONS.indexOf(ext);
      return i < 0 ? README_EXTENSIONS.length : i;
    };
    names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return join(workspace, dir, names[0]);
  }
  return null;
}

/** Read at most MAX_README_BYTES of a file and decode it. `label` names it in errors. */
export async function readReadmeFile(path: string, label: string = path, base?: string): Promise<LoadedReadme> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${label}: no such file (${path}).`, { cause: error });
    if (code === 'EISDIR') throw new Error(`${label}: ${path} is a directory, not a README file.`, { cause: error });
    throw new Error(`${label}: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new Error(`${label}: ${path} is a directory, not a README file.`);
    // Pipes and /dev/fd paths report size 0: read until the end, up to the limit plus one byte.
    const size = stat.isFile() ? Math.min(stat.size, MAX_README_BYTES) : MAX_README_BYTES + 1;
    const buffer = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await handle.read(buffer, read, size - read, stat.isFile() ? read : null);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    const truncated = stat.isFile() ? stat.size > MAX_README_BYTES : read > MAX_README_BYTES;
    read = Math.min(read, MAX_README_BYTES);
    const source = base ? relative(base, path) || path : path;
    return { text: decodeReadme(buffer.subarray(0, read), label, truncated), source, truncated };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(label)) throw error;
    throw new Error(`${label}: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    await handle.close();
  }
}

/** A whole README received as bytes (from the API or standard input): only its first MAX_README_BYTES are decoded. */
export function readmeFromBytes(bytes: Uint8Array, label: string, source: string): LoadedReadme {
  const truncated = bytes.length > MAX_README_BYTES;
  const text = decodeReadme(truncated ? bytes.subarray(0, MAX_README_BYTES) : bytes, label, truncated);
  return { text, source, truncated };
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

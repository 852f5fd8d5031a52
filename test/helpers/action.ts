/**
 * Runs the bundled action (`node dist/index.js`) the way the runner does:
 * INPUT_* variables with action.yml's defaults, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_API_URL, GITHUB_WORKSPACE. The environment is
 * built from scratch so nothing from the developer's shell leaks in.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ACTION_ENTRY = join(ROOT, 'dist', 'index.js');
export const CLI_ENTRY = join(ROOT, 'dist', 'cli', 'index.js');

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

interface ActionYml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { description: string }>;
}

export function actionYml(): ActionYml {
  return parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
}

/** A fresh workspace folder with the given files (path -> content). */
export function makeWorkspace(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'readme-tagger-ws-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

export interface RunOptions {
  inputs: Record<string, string>;
  apiUrl: string;
  workspace?: string;
  repository?: string;
  token?: string;
  env?: Record<string, string>;
  /** The run is killed after this long (default 60 s). */
  timeoutMs?: number;
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const workspace = options.workspace ?? makeWorkspace();
  const repository = options.repository ?? 'octo/widget';
  const token = options.token ?? 'ghs_test_token';
  const runnerDir = mkdtempSync(join(tmpdir(), 'readme-tagger-runner-'));
  const outputFile = join(runnerDir, 'output');
  const summaryFile = join(runnerDir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: runnerDir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'http://127.0.0.1',
    GITHUB_GRAPHQL_URL: `${options.apiUrl}/graphql`,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: repository,
    RUNNER_TEMP: runnerDir,
  };
  for (const [name, spec] of Object.entries(actionYml().inputs)) {
    let value = spec.default ?? '';
    value = value.replace('${{ github.repository }}', repository).replace('${{ github.token }}', token);
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(env, options.env);
  const { code, stdout, stderr } = await exec(process.execPath, [ACTION_ENTRY], { env, cwd: workspace, timeoutMs: options.timeoutMs });
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    workspace,
  };
}

/** Runs the bundled CLI. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}) {
  const env = { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...options.env };
  return exec(process.execPath, [CLI_ENTRY, ...args], { env, cwd: options.cwd ?? ROOT, input: options.input });
}

export function exec(
  file: string,
  args: string[],
  options: { env: Record<string, string>; cwd: string; input?: string; timeoutMs?: number },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = execFile(file, args, { env: options.env, cwd: options.cwd, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
      resolvePromise({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** GITHUB_OUTPUT is `name<<DELIM\nvalue\nDELIM\n` blocks (or `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++]);
      outputs[name] = value.join('\n');
      continue;
    }
    const eq = lines[i].indexOf('=');
    if (eq > 0) outputs[lines[i].slice(0, eq)] = lines[i].slice(eq + 1);
  }
  return outputs;
}

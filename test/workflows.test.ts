/**
 * Workflows are checked here although GitHub never runs on this machine:
 * every file in .github/workflows/, action.yml and every YAML workflow example
 * in the README go through GitHub's own parser (@actions/workflow-parser), and
 * the repository's conventions for them are checked (minimal permissions,
 * pinned actions).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from './helpers/action.ts';
import { actionErrors, workflowErrors } from './helpers/workflow.ts';

const WORKFLOWS = join(ROOT, '.github', 'workflows');
const workflowFiles = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const read = (file: string) => readFileSync(join(WORKFLOWS, file), 'utf8');

interface Workflow {
  permissions?: Record<string, string> | string;
  jobs: Record<string, { permissions?: Record<string, string> | string; steps?: Array<{ uses?: string; run?: string }> }>;
}

/** The ```yaml blocks of the README. */
function readmeYamlBlocks(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

describe('the workflow validator (test/helpers/workflow.ts over @actions/workflow-parser)', () => {
  const valid = 'on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v7\n      - run: npm test\n';

  it('accepts a valid workflow', async () => {
    assert.deepEqual(await workflowErrors('valid.yml', valid), []);
  });

  const broken: Array<[string, string, RegExp]> = [
    ['an unknown event', valid.replace('on: push', 'on: pushh'), /Unexpected value 'pushh'/],
    ['a step with both uses and run', valid.replace('      - run: npm test\n', '      - run: npm test\n        uses: ./\n'), /Unexpected value 'uses'/],
    ['an unclosed expression', valid.replace('npm test', 'echo ${{ github.sha'), /expression is not closed/],
    ['a permission level that does not exist', valid.replace('contents: read', 'contents: admin'), /Unexpected value 'admin'/],
    ['a job that needs a job that does not exist', `${valid}  deploy:\n    needs: nope\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n`, /nope/],
    ['a steps fragment instead of a workflow', '      - uses: ./\n        with:\n          tags: cli\n', /sequence was not expected/],
    ['YAML that does not parse', valid.replace('    steps:', '    steps:\n      - uses: ./\n         with: 1'), /Nested mappings|Implicit keys/],
  ];
  for (const [what, content, expected] of broken) {
    it(`rejects ${what}`, async () => {
      const errors = await workflowErrors('broken.yml', content);
      assert.ok(errors.length > 0, 'an error is reported');
      assert.match(errors.join('\n'), expected);
    });
  }

  it('rejects an action.yml without a description or an entry point', () => {
    const errors = actionErrors('action.yml', 'name: x\nruns:\n  using: node24\n');
    assert.match(errors.join('\n'), /Required property is missing: description/);
    assert.match(errors.join('\n'), /main/);
  });
});

describe('.github/workflows', () => {
  it('has the CI, check-dist, CodeQL and release workflows', () => {
    for (const file of ['ci.yml', 'check-dist.yml', 'codeql-analysis.yml', 'release.yml']) assert.ok(workflowFiles.includes(file), file);
  });

  for (const file of workflowFiles) {
    it(`${file} is a valid workflow`, async () => {
      assert.deepEqual(await workflowErrors(file, read(file)), []);
    });

    it(`${file} reads contents at most by default, and gives every job its own permissions`, () => {
      const workflow = parseYaml(read(file)) as Workflow;
      assert.deepEqual(workflow.permissions, { contents: 'read' });
      for (const [id, job] of Object.entries(workflow.jobs)) assert.equal(typeof job.permissions, 'object', `job ${id} has a permissions: block`);
    });

    it(`${file} uses only local actions and GitHub's own, pinned to a major version or a commit SHA`, () => {
      const workflow = parseYaml(read(file)) as Workflow;
      for (const job of Object.values(workflow.jobs)) {
        for (const { uses } of job.steps ?? []) {
          if (uses === undefined || uses === './') continue;
          assert.match(uses, /^(actions|github)\/[\w.-]+(\/[\w.-]+)*@(v\d+|[0-9a-f]{40})$/, uses);
        }
      }
    });
  }

  it('ci.yml runs lint, the format check, the type check and npm test, and runs the action itself with uses: ./', () => {
    const ci = read('ci.yml');
    for (const command of ['npm ci', 'npm run lint', 'npm run format:check', 'npm run typecheck', 'npm test']) assert.match(ci, new RegExp(`run: ${command}$`, 'm'), command);
    const workflow = parseYaml(ci) as Workflow;
    const local = Object.entries(workflow.jobs).filter(([, job]) => job.steps?.some((s) => s.uses === './'));
    assert.deepEqual(local.map(([id]) => id).sort(), ['action-offline', 'action-openai']);
  });
});

describe('action.yml', () => {
  it('is a valid action for GitHub, with Marketplace branding', () => {
    const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    assert.deepEqual(actionErrors('action.yml', text), []);
    const action = parseYaml(text) as { name: string; description: string; branding: { icon: string; color: string } };
    assert.ok(action.description.length <= 125, `the Marketplace shows at most 125 characters of the description (${action.description.length})`);
    assert.ok(action.branding.icon && action.branding.color);
  });
});

/** A YAML block that opens with a comment naming a file outside .github/workflows/ (`# .github/knowledge.yml`) is data, not a workflow. */
const isDataFile = (block: string) => /^# (?!\.github\/workflows\/)\S+\.ya?ml\s*$/.test(block.split('\n')[0]);

describe("README.md's workflow examples", () => {
  const blocks = readmeYamlBlocks().filter((block) => !isDataFile(block));

  it('marks its data files, and only those, by a first-line comment naming the file', () => {
    const data = readmeYamlBlocks().filter(isDataFile);
    assert.ok(
      data.every((block) => !/^jobs:/m.test(block)),
      'a workflow marked as a data file',
    );
  });

  it('has the examples', () => {
    assert.ok(blocks.length >= 4, `${blocks.length} yaml blocks`);
  });

  it("uses the versions of actions that the repository's own workflows use", () => {
    const usesOf = (text: string) => [...text.matchAll(/^\s*(?:- )?uses:\s*([\w.-]+\/[\w./-]+)@(\S+)/gm)].map((m) => ({ action: m[1], ref: m[2] }));
    const own = new Map<string, Set<string>>();
    for (const file of workflowFiles) for (const { action, ref } of usesOf(read(file))) own.set(action, (own.get(action) ?? new Set()).add(ref));
    assert.ok(own.size >= 3, 'the repository workflows use actions');
    let compared = 0;
    for (const { action, ref } of blocks.flatMap(usesOf)) {
      const refs = own.get(action);
      if (!refs) continue;
      compared++;
      assert.ok(refs.has(ref), `README uses ${action}@${ref}; .github/workflows use ${[...refs].join(', ')}`);
    }
    assert.ok(compared >= 5, `${compared} uses compared`);
  });

  blocks.forEach((block, i) => {
    const title = block.split('\n').find((l) => /uses: \S+readme-tagger/.test(l)) ?? block.split('\n')[0];
    it(`example ${i + 1} is a complete, valid workflow with a permissions block (${title.trim()})`, async () => {
      assert.deepEqual(await workflowErrors(`README example ${i + 1}`, block), []);
      const workflow = parseYaml(block) as Workflow;
      assert.ok(workflow.permissions !== undefined || Object.values(workflow.jobs).every((job) => job.permissions !== undefined), 'a permissions: block');
    });
  });
});

describe('.node-version', () => {
  it('is exactly the node devDependency that npm scripts run on', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    assert.equal(readFileSync(join(ROOT, '.node-version'), 'utf8').trim(), pkg.devDependencies.node);
  });
});

describe('.ci/run', () => {
  it('checks the committed dist/ before npm test rebuilds it, and runs the linter and the format check', () => {
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    const at = (pattern: RegExp) => ci.search(pattern);
    assert.ok(at(/git diff --exit-code --stat -- dist/) >= 0);
    assert.ok(at(/git diff --exit-code --stat -- dist/) < at(/^npm test$/m), 'the stale-dist check runs before npm test');
    assert.ok(at(/^npm run lint$/m) >= 0);
    assert.ok(at(/^npm run format:check$/m) >= 0);
  });
});

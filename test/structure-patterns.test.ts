/**
 * The install commands, app stores and package formats of knowledge/structure.json: how
 * readStructure reads them, and the checks that refuse a list with a dead or repeated entry.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyOffline } from '../src/classify/offline/index.ts';
import { projectNames, readStructure } from '../src/classify/offline/structure.ts';
import { loadStructurePatterns } from '../src/classify/offline/structure-patterns.ts';
import { parseReadme } from '../src/readme.ts';
import { ROOT } from './helpers/action.ts';

const BUILT_IN = JSON.parse(readFileSync(join(ROOT, 'src', 'classify', 'offline', 'knowledge', 'structure.json'), 'utf8')) as Record<string, Record<string, unknown>>;

const kindsOf = (readme: string) =>
  Object.fromEntries(
    Object.entries(readStructure(readme, parseReadme(readme), ['tool']).kinds)
      .filter(([kind]) => kind !== 'sdk')
      .map(([kind, signal]) => [kind, signal.reason]),
  );

describe('structure.ts with knowledge/structure.json', () => {
  const rows: Array<[string, string, Record<string, string>]> = [
    ['pip install as a dependency', 'Install it:\n\n    pip install quarry', { lib: 'installed as a dependency' }],
    ["pip install -r as the project's own needs, not a dependency", 'Set up:\n\n    pip install -r requirements.txt', {}],
    ['pip install --upgrade pipx as a step before a program (unless needs no boundary)', 'First:\n\n    pip install --upgrade pipx', {}],
    ['a Gemfile line with a quoted name', "Add to your Gemfile:\n\n    gem 'quarry'", { lib: 'installed as a dependency' }],
    ['pnpm install with no argument as setting up a checkout', 'Run `pnpm install` in the checkout.', {}],
    ['brew install as a program', 'Install it:\n\n    brew install quarry', { cli: 'installed as a program' }],
    ['npm install with -g after the package as a program', 'Install it:\n\n    npm install quarry --global', { cli: 'installed as a program' }],
    ['two mobile stores as a mobile app', 'Get it on Google Play or F-Droid.', { 'mobile-app': 'downloaded from 2 mobile app stores or formats' }],
    ['a store name wrapped onto the next line', 'Get it on the App\nStore or as an APK.', { 'mobile-app': 'downloaded from 2 mobile app stores or formats' }],
    ['the Mac App Store as a desktop store, not a mobile one', 'Get it on the Mac App Store or as an APK.', { 'desktop-app': 'installed with 1 desktop installer or package format' }],
    ['a .dmg and an AppImage as two desktop formats', 'Download the .dmg or the AppImage.', { 'desktop-app': 'installed with 2 desktop installers or package formats' }],
  ];
  for (const [what, readme, expected] of rows) it(`reads ${what}`, () => assert.deepEqual(kindsOf(readme), expected));

  it('keeps the commands every README runs out of the project names', () => {
    assert.deepEqual(projectNames('npm tricks for busy people', 'o/rep'), ['rep', 'npm', 'tricks', 'busy', 'people']);
    assert.deepEqual(projectNames('The docker helpers', 'o/rep'), ['rep', 'helpers']);
  });
});

describe('score.ts app platforms from knowledge/structure.json', () => {
  const vocabulary = ['desktop-app', 'web-app', 'mobile-app', 'cli'].map((name) => ({ name, topic: name }));
  // `windows` and `macos` were written in score.ts but fold to other words in README text (`window`, `maco`): the first two rows gave no tag.
  const rows: Array<[string, string]> = [
    ['A macOS app that shows the weather.', 'desktop-app'],
    ['A Windows app that shows the weather.', 'desktop-app'],
    ['An Android app that shows the weather.', 'mobile-app'],
    ['A SaaS application for sending invoices.', 'web-app'],
  ];
  for (const [sentence, kind] of rows)
    it(`reads "${sentence}" as ${kind}`, () => {
      assert.deepEqual(
        classifyOffline({ readme: `# Skyline\n\n${sentence}\n`, vocabulary, maxTags: 2 }).tags.map((t) => t.name),
        [kind],
      );
    });
});

describe('structure-patterns.ts checks', () => {
  const withList = (key: string, value: Record<string, unknown>) => ({ ...BUILT_IN, [key]: { ...BUILT_IN[key], ...value } });
  const fails = (raw: unknown, expected: RegExp) =>
    assert.throws(
      () => loadStructurePatterns(raw),
      (error: Error) => /knowledge\/structure\.json/.test(error.message) && expected.test(error.message),
    );

  it('loads the built-in file', () => {
    const patterns = loadStructurePatterns(BUILT_IN);
    assert.equal(patterns.mobileStores.length, 4);
    assert.equal(patterns.desktopPackages.length, 6);
  });

  it('refuses a command that another of its list always matches, naming both', () => {
    fails(withList('programInstall', { commands: ['brew install', 'brew install --cask'] }), /"programInstall": the command "brew install --cask" is always matched by "brew install"/);
    fails(withList('programInstall', { commands: ['npx {name}', 'npx create-app'] }), /the command "npx create-app" is always matched by "npx \{name\}"/);
    // `pip install _` takes an argument: `python -m pip install` (no argument needed) is not dead.
    assert.doesNotThrow(() => loadStructurePatterns(withList('dependencyInstall', { commands: ['pip install _', 'python -m pip install'] })));
  });

  it('skips only the pairwise check with overlaps: false (the built-in file at run time; the build checks it in full)', () => {
    const dead = withList('programInstall', { commands: ['brew install', 'brew install --cask'] });
    assert.doesNotThrow(() => loadStructurePatterns(dead, { overlaps: false }));
    fails(withList('programInstall', { commands: ['brew install', 'brew install'] }), /"brew install" is written twice/);
    assert.throws(() => loadStructurePatterns(withList('programInstall', { commands: ['brew install', 'brew  install'] }), { overlaps: false }), /must be trimmed text with single spaces/);
  });

  it('refuses a command written twice, or in both lists', () => {
    fails(withList('dependencyInstall', { commands: ['cargo add', 'cargo add'] }), /the command "cargo add" is written twice/);
    fails(withList('dependencyInstall', { commands: ['yarn add', 'brew install'] }), /"programInstall": the command "brew install" is written twice \(also in "dependencyInstall"\)/);
  });

  it('refuses a command not written the way it matches', () => {
    fails(withList('dependencyInstall', { commands: ['cargo  add'] }), /the command "cargo {2}add" must be trimmed text with single spaces/);
    fails(withList('dependencyInstall', { commands: ['cargo add {crate}'] }), /the command "cargo add \{crate\}" has "\{crate\}" where it cannot be/);
    fails(withList('dependencyInstall', { commands: ['go _ get'] }), /has "_" where it cannot be/);
  });

  it('refuses a mark that another mark of its group always matches, in the case the group matches', () => {
    fails(withList('desktopPackages', { groups: [{ marks: ['MSI', '.msi'], anyCase: true }] }), /"desktopPackages" group 1: the mark "\.msi" is always matched by "MSI"/);
    fails(withList('mobileStores', { groups: [{ marks: ['F-Droid', 'f-droid.org'], anyCase: true }] }), /the mark "f-droid\.org" is always matched by "F-Droid"/);
    // Matched as written, `.apk` is not `APK`.
    assert.doesNotThrow(() => loadStructurePatterns(withList('mobileStores', { groups: [{ marks: ['APK', '.apk'] }] })));
  });

  it('folds app platform words as the matcher folds README words, and refuses one that adds nothing', () => {
    const platforms = (words: string[]) => withList('appPlatforms', { kinds: { ...(BUILT_IN.appPlatforms.kinds as object), 'mobile-app': words } });
    fails(platforms(['smartphone', 'smartphones']), /"appPlatforms" "mobile-app": "smartphones" folds into "smartphone"/);
    fails(platforms(['self-hosted']), /"appPlatforms" "mobile-app": "self-hosted" must be one word as the matcher reads text \(it reads "self hosted"\)/);
    fails(withList('appPlatforms', { kinds: { tablet: ['ipad'] } }), /"appPlatforms": "tablet" is not one of cli, mobile-app, desktop-app, web-app/);
    const loaded = loadStructurePatterns(platforms(['Phones']));
    assert.deepEqual([...loaded.appPlatforms.find(([kind]) => kind === 'mobile-app')![1]], ['phone']);
  });

  it('refuses a mark written twice, an unless that ends with no mark, and a bad word', () => {
    fails(
      withList('sharedPackages', {
        groups: [
          { marks: ['scoop'], anyCase: true },
          { marks: ['Scoop'], anyCase: true },
        ],
      }),
      /group 2: the mark "Scoop" is written twice \(also in group 1\)/,
    );
    fails(withList('mobileStores', { groups: [{ marks: ['App Store'], unless: ['Mac Store'] }] }), /group 1: "unless" "Mac Store" does not end with one of the group's marks/);
    fails(withList('notCommandNames', { words: ['npm', 'Make'] }), /"notCommandNames": "Make" must be one lowercase word/);
    fails(withList('notCommandNames', { words: ['npm', 'npm'] }), /"notCommandNames": "npm" is written twice/);
  });
});

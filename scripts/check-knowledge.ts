/**
 * The build-time check of the offline classifier's knowledge (run by `npm run build`
 * and by test/knowledge.test.ts): `node scripts/check-knowledge.ts [FILE]`.
 *
 * It reads the built-in file with every check a user's file gets (a bad weight, a cue that
 * collapses into another, a link to a topic that does not exist, a name used twice, an entry
 * without examples: at run time the per-cue checks are skipped for this file, so they must
 * hold here). It also checks the language table against the topics and the structure
 * patterns (knowledge/structure.json), and runs every entry's examples: the `selects`
 * sentence must select the entry, the `rejects` one must not.
 *
 * With FILE (a JSON file in the topics.json shape), that file is checked instead, as if it
 * were the built-in knowledge: its links must reach its own entries and its examples run
 * against its own entries alone. The tests feed it broken files this way.
 */
import { readFileSync } from 'node:fs';
import type { KnowledgeEntry } from '../src/classify/offline/knowledge.ts';

async function main(file: string | undefined): Promise<number> {
  // Imported here, so that a built-in file that fails its check as it loads (structure.json is
  // compiled on import) is reported like any other problem.
  const { checkBuiltInKnowledge, KNOWLEDGE, KnowledgeBase, parseKnowledge } = await import('../src/classify/offline/knowledge.ts');
  const { languageTableProblems } = await import('../src/classify/offline/signals.ts');
  const { exampleFailures } = await import('../src/classify/offline/user-knowledge.ts');
  let entries: readonly KnowledgeEntry[];
  try {
    if (file === undefined) {
      // The full check of structure.json (run time skips the pairwise one): a dead command or mark fails the build.
      const { loadStructurePatterns } = await import('../src/classify/offline/structure-patterns.ts');
      loadStructurePatterns(JSON.parse(readFileSync(new URL('../src/classify/offline/knowledge/structure.json', import.meta.url), 'utf8')));
    }
    entries = file === undefined ? checkBuiltInKnowledge() : parseKnowledge(JSON.parse(readFileSync(file, 'utf8')), { label: file, requireExamples: true });
  } catch (error) {
    process.stderr.write(`check-knowledge: ${(error as Error).message}\n`);
    return 1;
  }
  const knowledge = file === undefined ? undefined : new KnowledgeBase(entries);
  const problems = [...(file === undefined ? languageTableProblems() : []), ...exampleFailures(file === undefined ? KNOWLEDGE : entries, knowledge)];
  const cues = entries.reduce((n, e) => n + e.cues.length, 0);
  const withExamples = entries.filter((e) => e.examples).length;
  if (problems.length) {
    process.stderr.write(`check-knowledge: ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n  ${problems.join('\n  ')}\n`);
    return 1;
  }
  const tables = file === undefined ? ', language table ok, structure patterns ok' : '';
  process.stdout.write(`check-knowledge: ${entries.length} entries, ${cues} cues, ${withExamples} entries with examples (all hold)${tables}\n`);
  return 0;
}

try {
  process.exitCode = await main(process.argv[2]);
} catch (error) {
  process.stderr.write(`check-knowledge: ${(error as Error).message}\n`);
  process.exitCode = 1;
}

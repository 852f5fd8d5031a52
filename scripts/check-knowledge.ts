/**
 * The build-time check of the offline classifier's knowledge (run by `npm run build`
 * and by test/knowledge.test.ts): `node scripts/check-knowledge.ts`.
 *
 * It reads the built-in file with every check a user's file gets (a bad weight, a cue that
 * collapses into another, a link to a topic that does not exist, a name used twice: at run
 * time the per-cue checks are skipped for this file, so they must hold here). It also checks the language table against the topics, and runs every entry's
 * examples: the `selects` sentence must select the entry, the `rejects` one must not.
 */
import { checkBuiltInKnowledge, KNOWLEDGE } from '../src/classify/offline/knowledge.ts';
import { languageTableProblems } from '../src/classify/offline/signals.ts';
import { exampleFailures } from '../src/classify/offline/user-knowledge.ts';

function main(): number {
  try {
    checkBuiltInKnowledge();
  } catch (error) {
    process.stderr.write(`check-knowledge: ${(error as Error).message}\n`);
    return 1;
  }
  const problems = [...languageTableProblems(), ...exampleFailures(KNOWLEDGE)];
  const cues = KNOWLEDGE.reduce((n, e) => n + e.cues.length, 0);
  const withExamples = KNOWLEDGE.filter((e) => e.examples).length;
  if (problems.length) {
    process.stderr.write(`check-knowledge: ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n  ${problems.join('\n  ')}\n`);
    return 1;
  }
  process.stdout.write(`check-knowledge: ${KNOWLEDGE.length} entries, ${cues} cues, ${withExamples} entries with examples (all hold), language table ok\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`check-knowledge: ${(error as Error).message}\n`);
  process.exitCode = 1;
}

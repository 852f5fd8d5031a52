import type { Tag, TagChoice } from './types.ts';

/** Lowercase, trim, and fold separators so `Game Engine`, `game_engine` and `game-engine ` compare equal. */
export function tagKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-');
}

export interface SelectResult {
  tags: TagChoice[];
  /** Candidate names that matched no vocabulary entry (reported, never output). */
  dropped: string[];
}

/** Each vocabulary's tags by key, built once per vocabulary array (a batch passes the same one for every README, twice). */
const keyIndexes = new WeakMap<readonly Tag[], Map<string, Tag>>();

function keyIndex(vocabulary: readonly Tag[]): Map<string, Tag> {
  let byKey = keyIndexes.get(vocabulary);
  if (byKey) return byKey;
  byKey = new Map<string, Tag>();
  for (const tag of vocabulary) {
    byKey.set(tagKey(tag.name), tag);
    if (tag.topic) byKey.set(tagKey(tag.topic), byKey.get(tagKey(tag.topic)) ?? tag);
  }
  keyIndexes.set(vocabulary, byKey);
  return byKey;
}

/**
 * The one filter every provider's output goes through: keep only vocabulary
 * names (matched case- and separator-insensitively, output as the vocabulary
 * spells them), drop duplicates (first wins), keep order, cap at max.
 * Never trusts its input: non-strings and empty names are dropped.
 */
export function selectTags(candidates: ReadonlyArray<TagChoice | string>, vocabulary: readonly Tag[], max: number): SelectResult {
  const byKey = keyIndex(vocabulary);
  const seen = new Set<string>();
  const tags: TagChoice[] = [];
  const dropped: string[] = [];
  // A Set beside the list: a reply of 50,000 invented names must not cost 50,000² comparisons.
  const droppedSeen = new Set<string>();
  for (const raw of candidates) {
    const choice: TagChoice | undefined = typeof raw === 'string' ? { name: raw } : raw && typeof raw.name === 'string' ? raw : undefined;
    if (!choice || choice.name.trim() === '') continue;
    const tag = byKey.get(tagKey(choice.name));
    if (!tag) {
      if (!droppedSeen.has(choice.name)) {
        droppedSeen.add(choice.name);
        dropped.push(choice.name);
      }
      continue;
    }
    if (seen.has(tag.name)) continue;
    seen.add(tag.name);
    if (tags.length < max) tags.push({ ...choice, name: tag.name });
  }
  return { tags, dropped };
}

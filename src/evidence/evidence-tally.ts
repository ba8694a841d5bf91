// The evidence tally's rule: how a note's save changes the counts of notes by criterion, source and polarity.
import type { NoteSourceKind, Polarity } from './evidence.ts';

/** What the tally counts a note under: each of its criteria, with its source and polarity. */
export type Tallied = { criteria: readonly string[]; sourceKind: NoteSourceKind; polarity: Polarity };

export type TallyChange = { criterion: string; sourceKind: NoteSourceKind; polarity: Polarity; change: number };

function keyOf(criterion: string, sourceKind: string, polarity: string): string {
  return JSON.stringify([criterion, sourceKind, polarity]);
}

function compare(a: TallyChange, b: TallyChange): number {
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return order(a.criterion, b.criterion) || order(a.sourceKind, b.sourceKind) || order(a.polarity, b.polarity);
}

/**
 * The counts a save changes, from the note as it was (`before`, absent for a new note) to the note
 * as saved (`after`). A body-only change, or criteria merely reordered, changes nothing. Sorted by
 * criterion, source and polarity, so concurrent saves lock the tally's rows in the same order and
 * cannot deadlock.
 */
export function tallyChanges(before: Tallied | undefined, after: Tallied | undefined): TallyChange[] {
  const changes = new Map<string, TallyChange>();
  const count = (note: Tallied | undefined, change: number) => {
    if (!note) return;
    for (const criterion of new Set(note.criteria)) {
      const key = keyOf(criterion, note.sourceKind, note.polarity);
      const found = changes.get(key);
      if (found) found.change += change;
      else changes.set(key, { criterion, sourceKind: note.sourceKind, polarity: note.polarity, change });
    }
  };
  count(before, -1);
  count(after, 1);
  return [...changes.values()].filter((c) => c.change !== 0).sort(compare);
}

// The case sample, drawn reproducibly: tracked children from everyone and EHC plans to review,
// stratified by age phase, broad area of need, SEN status, placement and timeliness. Pure.
//
// How a draw works (algorithm 'balanced-quota-1'):
// 1. Order. Each person's place in the random order is a 53-bit hash of the seed and their id (ties,
//    vanishingly rare, go to the smaller id). The order is therefore the same whatever order the rows
//    come in, as sorting by id and then shuffling with a seeded generator would give, but it needs no
//    sort of the whole population (sorting 640,000 ids alone takes over a second on a small server),
//    and a correction that adds or removes one person leaves everyone else's order as it was.
// 2. Targets. For each dimension, the sample size is shared out in proportion to the population by
//    largest remainder, after giving every category present its minimum (capped by its population;
//    when the minimums do not fit, the largest categories get theirs first). Timeliness only means
//    something for plans, so its bands share out the plans' target and 'no EHC plan' takes SEN
//    support's: the two dimensions can then always be met together.
// 3. Selection. First (tracked children only) one child in alternative provision, if there is one.
//    Then, while a category is short of its minimum, the first unit in the random order that brings
//    one up; then the first unit whose categories are all still under target. When no unit fits, the
//    unit that breaks the fewest targets (the first such in the random order) is taken and the pick
//    is counted as relaxed. After a relaxed pick, chosen units are swapped for unchosen ones while a
//    swap brings the counts nearer the targets without taking any dimension further from them.
//
// What is guaranteed (and tested):
// - the sample has min(requested, eligible) units, none twice, and tracked and review never overlap;
// - a category never gets more units than its population has;
// - each target is within 1 of its share (the largest-remainder rounding of it), the share being
//   taken after the minimums and, for timeliness, of the plans' target;
// - every category gets at least min(minimum, population) when the sample size is at least
//   minimumsToCover(): every pick while a minimum is outstanding meets at least one of them;
// - within each dimension, the counts differ from the targets by at most 2 × the number of relaxed
//   picks in total (sum over categories of |count − target|): a pick that fits adds nothing to any
//   overshoot, a relaxed pick at most 1 to one category of each dimension, swaps take no dimension
//   further, and counts and targets have the same sum. With no relaxed pick, counts equal targets.
import {
  AGE_PHASE_LABELS,
  AGE_PHASES,
  NEED_AREA_LABELS,
  NEED_AREAS,
  PLACEMENT_GROUP_LABELS,
  PLACEMENT_GROUPS,
  SEN_STATUS_LABELS,
  SEN_STATUSES,
  TIMELINESS_BANDS,
  TIMELINESS_LABELS,
  agePhase,
  isInAlternativeProvision,
  needArea,
  placementGroup,
  timelinessBand,
  type AgePhase,
  type NeedArea,
  type PersonRecord,
  type PlacementGroup,
  type SenStatus,
  type TimelinessBand,
} from './case.ts';
import type { CasePurpose } from './case.table.ts';

/** Stored with every sample; a change to the rules below needs a new version. */
export const SAMPLING_ALGORITHM_VERSION = 'balanced-quota-1';
export const DEFAULT_TRACKED = 6;
export const DEFAULT_REVIEW = 40;
export const DEFAULT_MINIMUM_PER_STRATUM = 1;

/**
 * The five dimensions. Need is the Code of Practice's broad area rather than the 15 primary need
 * codes: with 40 plans and a minimum of one per category, 15 codes would give rare needs (0.3% of
 * plans) far more than their share and leave little to share out in proportion.
 */
export const SAMPLING_DIMENSIONS = ['agePhase', 'needArea', 'senStatus', 'placementGroup', 'timeliness'] as const;
export type SamplingDimension = (typeof SAMPLING_DIMENSIONS)[number];

export const DIMENSION_CATEGORIES: { readonly [D in SamplingDimension]: readonly string[] } = {
  agePhase: AGE_PHASES,
  needArea: NEED_AREAS,
  senStatus: SEN_STATUSES,
  placementGroup: PLACEMENT_GROUPS,
  timeliness: TIMELINESS_BANDS,
};

export const DIMENSION_LABELS: Readonly<Record<SamplingDimension, string>> = {
  agePhase: 'Age phase',
  needArea: 'Primary need (broad area)',
  senStatus: 'SEN status',
  placementGroup: 'Placement',
  timeliness: 'Timeliness of the plan',
};

const CATEGORY_LABELS: { readonly [D in SamplingDimension]: Readonly<Record<string, string>> } = {
  agePhase: AGE_PHASE_LABELS,
  needArea: NEED_AREA_LABELS,
  senStatus: SEN_STATUS_LABELS,
  placementGroup: PLACEMENT_GROUP_LABELS,
  timeliness: TIMELINESS_LABELS,
};

export function categoryLabel(dimension: SamplingDimension, category: string): string {
  return CATEGORY_LABELS[dimension][category] ?? category;
}

/** What the sample needs to know about a person: their categories, and whether they are in AP. */
export type SamplingUnit = {
  personId: string;
  agePhase: AgePhase;
  needArea: NeedArea;
  senStatus: SenStatus;
  placementGroup: PlacementGroup;
  timeliness: TimelinessBand;
  inAlternativeProvision: boolean;
};

export function samplingUnit(record: PersonRecord): SamplingUnit {
  return {
    personId: record.personId,
    agePhase: agePhase(record.age),
    needArea: needArea(record.primaryNeed),
    senStatus: record.senStatus,
    placementGroup: placementGroup(record.placementType),
    timeliness: timelinessBand(record),
    inAlternativeProvision: isInAlternativeProvision(record),
  };
}

/**
 * The same people in columns, as the database hands them over: each person's id, and their cell (the
 * combination of their categories, from samplingCell()). 640,000 people read this way cost two
 * arrays instead of 640,000 objects.
 */
export type PopulationColumns = { personIds: readonly string[]; cells: Uint16Array };

/** A population as units or as columns: the draw is the same either way. */
export type SamplingPopulation = readonly SamplingUnit[] | PopulationColumns;

/** Why a case is in the sample. */
export type DrawBasis = 'alternative_provision' | 'minimum' | 'quota' | 'closest_fit' | 'replacement' | 'replacement_closest' | 'named';

export const BASIS_LABELS: Readonly<Record<DrawBasis, string>> = {
  alternative_provision: 'At least one tracked child in alternative provision',
  minimum: 'Minimum for a category',
  quota: 'Share of its categories',
  closest_fit: 'Closest fit to the shares',
  replacement: 'Replacement from the same stratum',
  replacement_closest: 'Replacement from the nearest stratum',
  named: 'Replacement named by an inspector',
};

/** A case's categories and why it was chosen: stored as the case's stratum. */
export type Stratum = Record<SamplingDimension, string> & { basis: DrawBasis };

export function stratumOf(unit: SamplingUnit, basis: DrawBasis): Stratum {
  return { agePhase: unit.agePhase, needArea: unit.needArea, senStatus: unit.senStatus, placementGroup: unit.placementGroup, timeliness: unit.timeliness, basis };
}

/** Units per category, for every dimension (every category listed, absent ones with 0). */
export type CategoryCounts = Record<SamplingDimension, Record<string, number>>;
/** Cases aimed for per category, for every dimension. */
export type Targets = CategoryCounts;

export type ChosenUnit = { unit: SamplingUnit; position: number; stratum: Stratum };

export type SamplePart = {
  purpose: CasePurpose;
  requested: number;
  /** People who could be chosen: everyone for tracked children; plans not already tracked for review. */
  eligible: number;
  targets: Targets;
  chosen: ChosenUnit[];
  /** Picks that had to break a target because no unit fitted them all. */
  relaxed: number;
};

export type SampleRequest = { tracked: number; review: number; seed: string; minimum?: number };

export type SampleDraw = { algorithmVersion: string; seed: string; minimum: number; tracked: SamplePart; review: SamplePart };

// ---- The random order ------------------------------------------------------------------------

/** cyrb53 (public domain): a fast 53-bit string hash with two 32-bit seeds. */
function hash53(text: string, seedA: number, seedB: number): number {
  let h1 = 0xdeadbeef ^ seedA;
  let h2 = 0x41c6ce57 ^ seedB;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export type RandomOrder = (personId: string) => number;

/** A person's place in the seed's random order: smaller comes first. */
export function randomOrder(seed: string): RandomOrder {
  const a = hash53(seed, 0x9e3779b9, 0x85ebca6b);
  const seedA = a % 4294967296 | 0;
  const seedB = Math.floor(a / 4294967296) ^ hash53(seed, 0x27d4eb2f, 0x165667b1) | 0;
  return (personId) => hash53(personId, seedA, seedB);
}

function before(keyA: number, idA: string, keyB: number, idB: string): boolean {
  return keyA < keyB || (keyA === keyB && idA < idB);
}

// ---- Targets ---------------------------------------------------------------------------------

type Wanted = { category: string; count: number; lower: number };

/**
 * Shares n out among categories in proportion to their counts, each getting at least its lower
 * bound and at most its count, by largest remainder. When the lower bounds do not fit, the largest
 * categories get theirs first. Categories with no units get 0.
 */
export function allocate(n: number, wanted: readonly Wanted[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const w of wanted) result[w.category] = 0;
  const present = wanted
    .map((w, order) => ({ ...w, lower: Math.min(w.lower, w.count), order }))
    .filter((w) => w.count > 0);
  const total = present.reduce((s, w) => s + w.count, 0);
  const size = Math.min(n, total);
  if (size <= 0) return result;
  const lowerSum = present.reduce((s, w) => s + w.lower, 0);
  if (lowerSum >= size) {
    let left = size;
    for (const w of [...present].sort((x, y) => y.count - x.count || x.order - y.order)) {
      const give = Math.min(w.lower, left);
      result[w.category] = give;
      left -= give;
    }
    return result;
  }
  // Fix categories whose share falls outside their bounds at the bound, and share the rest again.
  const fixed = new Map<string, number>();
  let quotas: { w: (typeof present)[number]; q: number }[];
  for (;;) {
    const free = present.filter((w) => !fixed.has(w.category));
    const rest = size - [...fixed.values()].reduce((s, v) => s + v, 0);
    const weight = free.reduce((s, w) => s + w.count, 0);
    quotas = free.map((w) => ({ w, q: (rest * w.count) / weight }));
    const low = quotas.filter(({ w, q }) => q < w.lower);
    if (low.length) {
      for (const { w } of low) fixed.set(w.category, w.lower);
      continue;
    }
    const high = quotas.filter(({ w, q }) => q > w.count);
    if (high.length) {
      for (const { w } of high) fixed.set(w.category, w.count);
      continue;
    }
    break;
  }
  for (const [category, value] of fixed) result[category] = value;
  let left = size - [...fixed.values()].reduce((s, v) => s + v, 0);
  for (const { w, q } of quotas) {
    result[w.category] = Math.floor(q);
    left -= Math.floor(q);
  }
  const byRemainder = [...quotas].sort((x, y) => y.q - Math.floor(y.q) - (x.q - Math.floor(x.q)) || y.w.count - x.w.count || x.w.order - y.w.order);
  for (const { w } of byRemainder) {
    if (left <= 0) break;
    result[w.category]! += 1;
    left -= 1;
  }
  return result;
}

const PLAN_BANDS = TIMELINESS_BANDS.filter((b) => b !== 'not_applicable');

function emptyCounts(): CategoryCounts {
  const counts = {} as CategoryCounts;
  for (const d of SAMPLING_DIMENSIONS) counts[d] = Object.fromEntries(DIMENSION_CATEGORIES[d].map((c) => [c, 0]));
  return counts;
}

export function countCategories(units: Iterable<Pick<SamplingUnit, SamplingDimension>>): CategoryCounts {
  const counts = emptyCounts();
  for (const unit of units) for (const d of SAMPLING_DIMENSIONS) counts[d][unit[d]]! += 1;
  return counts;
}

export type PopulationTally = { counts: CategoryCounts; total: number; inAlternativeProvision: number };

/** The people per category of a population: everyone, or only those with a plan, leaving out some ids. */
export function tallyPopulation(population: SamplingPopulation, options: { plansOnly?: boolean; excluding?: ReadonlySet<string> } = {}): PopulationTally {
  const { personIds, cells } = toColumns(population);
  const cellCounts = new Int32Array(CELL_COUNT);
  for (let i = 0; i < cells.length; i++) {
    if (options.plansOnly && !hasPlan(cells[i]!)) continue;
    if (options.excluding?.has(personIds[i]!)) continue;
    cellCounts[cells[i]!]!++;
  }
  let total = 0;
  let inAlternativeProvision = 0;
  for (let cell = 0; cell < CELL_COUNT; cell++) {
    total += cellCounts[cell]!;
    if (CELL_CATEGORIES[cell]!.ap) inAlternativeProvision += cellCounts[cell]!;
  }
  return { counts: countsFromCells(cellCounts), total, inAlternativeProvision };
}

/** The lower bound of each category: its minimum, and for plans enough to give each timeliness band its own. */
function lowerBounds(counts: CategoryCounts, minimum: number): CategoryCounts {
  const lower = emptyCounts();
  for (const d of SAMPLING_DIMENSIONS) for (const c of DIMENSION_CATEGORIES[d]) lower[d][c] = Math.min(minimum, counts[d][c]!);
  const bands = PLAN_BANDS.reduce((s, b) => s + lower.timeliness[b]!, 0);
  lower.senStatus.EHCP = Math.max(lower.senStatus.EHCP!, bands);
  lower.timeliness.not_applicable = lower.senStatus.SEN_SUPPORT!;
  return lower;
}

function wantedOf(counts: CategoryCounts, lower: CategoryCounts, dimension: SamplingDimension, categories: readonly string[] = DIMENSION_CATEGORIES[dimension]): Wanted[] {
  return categories.map((category) => ({ category, count: counts[dimension][category]!, lower: lower[dimension][category]! }));
}

/** The targets for a sample of n from a population with these counts. */
export function samplingTargets(counts: CategoryCounts, n: number, minimum = DEFAULT_MINIMUM_PER_STRATUM): Targets {
  const lower = lowerBounds(counts, minimum);
  const targets = emptyCounts();
  for (const d of ['agePhase', 'needArea', 'placementGroup', 'senStatus'] as const) targets[d] = allocate(n, wantedOf(counts, lower, d));
  targets.timeliness = { ...allocate(targets.senStatus.EHCP!, wantedOf(counts, lower, 'timeliness', PLAN_BANDS)), not_applicable: targets.senStatus.SEN_SUPPORT! };
  return targets;
}

/**
 * The sample size from which every category is sure to get min(minimum, its population): the sum
 * of the lower bounds over every dimension (see the guarantees above).
 */
export function minimumsToCover(counts: CategoryCounts, minimum = DEFAULT_MINIMUM_PER_STRATUM): number {
  const lower = lowerBounds(counts, minimum);
  let sum = 0;
  for (const d of SAMPLING_DIMENSIONS) for (const c of DIMENSION_CATEGORIES[d]) sum += lower[d][c]!;
  return sum;
}

// ---- Selection -------------------------------------------------------------------------------

const DIMENSION_SIZES = SAMPLING_DIMENSIONS.map((d) => DIMENSION_CATEGORIES[d].length);
const CATEGORY_INDEX: readonly Readonly<Record<string, number>>[] = SAMPLING_DIMENSIONS.map((d) => Object.fromEntries(DIMENSION_CATEGORIES[d].map((c, i) => [c, i])));
/** A cell is one combination of the five categories and being in AP or not. */
const CELL_COUNT = DIMENSION_SIZES.reduce((p, s) => p * s, 2);

function cellOf(unit: Omit<SamplingUnit, 'personId'>): number {
  let cell = 0;
  for (let d = 0; d < SAMPLING_DIMENSIONS.length; d++) cell = cell * DIMENSION_SIZES[d]! + CATEGORY_INDEX[d]![unit[SAMPLING_DIMENSIONS[d]!]]!;
  return cell * 2 + (unit.inAlternativeProvision ? 1 : 0);
}

function cellCategories(cell: number): { categories: number[]; ap: boolean } {
  const ap = cell % 2 === 1;
  let rest = Math.floor(cell / 2);
  const categories = new Array<number>(SAMPLING_DIMENSIONS.length);
  for (let d = SAMPLING_DIMENSIONS.length - 1; d >= 0; d--) {
    categories[d] = rest % DIMENSION_SIZES[d]!;
    rest = Math.floor(rest / DIMENSION_SIZES[d]!);
  }
  return { categories, ap };
}

const CELL_CATEGORIES = Array.from({ length: CELL_COUNT }, (_, cell) => cellCategories(cell));
const SEN_DIMENSION = SAMPLING_DIMENSIONS.indexOf('senStatus');
const EHCP_INDEX = SEN_STATUSES.indexOf('EHCP');

function hasPlan(cell: number): boolean {
  return CELL_CATEGORIES[cell]!.categories[SEN_DIMENSION] === EHCP_INDEX;
}

/** The cell of a combination of categories (and being in AP or not). */
export function samplingCell(categories: Omit<SamplingUnit, 'personId'>): number {
  return cellOf(categories);
}

function unitOf(personId: string, cell: number): SamplingUnit {
  const { categories, ap } = CELL_CATEGORIES[cell]!;
  const name = (d: number) => DIMENSION_CATEGORIES[SAMPLING_DIMENSIONS[d]!][categories[d]!]!;
  return {
    personId,
    agePhase: name(0) as AgePhase,
    needArea: name(1) as NeedArea,
    senStatus: name(2) as SenStatus,
    placementGroup: name(3) as PlacementGroup,
    timeliness: name(4) as TimelinessBand,
    inAlternativeProvision: ap,
  };
}

export function toColumns(population: SamplingPopulation): PopulationColumns {
  if (!Array.isArray(population)) return population as PopulationColumns;
  const units = population as readonly SamplingUnit[];
  const cells = new Uint16Array(units.length);
  for (let i = 0; i < units.length; i++) cells[i] = cellOf(units[i]!);
  return { personIds: units.map((u) => u.personId), cells };
}

/** The person at position i of the population, as a unit. */
export function unitAt(population: PopulationColumns, i: number): SamplingUnit {
  return unitOf(population.personIds[i]!, population.cells[i]!);
}

type Prepared = { ids: readonly string[]; keys: Float64Array; cells: Uint16Array };

function prepare(population: SamplingPopulation, order: RandomOrder): Prepared {
  const { personIds, cells } = toColumns(population);
  const keys = new Float64Array(personIds.length);
  for (let i = 0; i < personIds.length; i++) keys[i] = order(personIds[i]!);
  return { ids: personIds, keys, cells };
}

function countsFromCells(cellCounts: Int32Array): CategoryCounts {
  const counts = emptyCounts();
  for (let cell = 0; cell < CELL_COUNT; cell++) {
    const n = cellCounts[cell]!;
    if (n === 0) continue;
    const { categories } = CELL_CATEGORIES[cell]!;
    for (let d = 0; d < categories.length; d++) counts[SAMPLING_DIMENSIONS[d]!][DIMENSION_CATEGORIES[SAMPLING_DIMENSIONS[d]!][categories[d]!]!]! += n;
  }
  return counts;
}

function toArrays(record: CategoryCounts): number[][] {
  return SAMPLING_DIMENSIONS.map((d) => DIMENSION_CATEGORIES[d].map((c) => record[d][c]!));
}

/** The eligible units grouped by cell: members of cell c are order[start[c] .. start[c + 1]). */
type Cells = { counts: Int32Array; start: Int32Array; order: Int32Array };

function groupByCell(prepared: Prepared, eligible: Uint8Array): Cells {
  const { cells } = prepared;
  const counts = new Int32Array(CELL_COUNT);
  for (let i = 0; i < cells.length; i++) if (eligible[i]) counts[cells[i]!]!++;
  const start = new Int32Array(CELL_COUNT + 1);
  for (let c = 0; c < CELL_COUNT; c++) start[c + 1] = start[c]! + counts[c]!;
  const fill = start.slice(0, CELL_COUNT);
  const order = new Int32Array(start[CELL_COUNT]!);
  for (let i = 0; i < cells.length; i++) if (eligible[i]) order[fill[cells[i]!]!++] = i;
  return { counts, start, order };
}

/**
 * Picks n of the eligible units against the targets, in the random order. Only the first untaken
 * unit of each cell can ever be picked, so the walk looks at cells rather than at every unit.
 */
function selectUnits(prepared: Prepared, grouped: Cells, n: number, targets: Targets, lower: CategoryCounts, withAp: boolean): { picks: { index: number; basis: DrawBasis }[]; relaxed: number } {
  const { keys, ids } = prepared;
  const taken = new Uint8Array(ids.length);
  const head = new Map<number, number>();
  const earlier = (a: number, b: number) => keys[a]! < keys[b]! || (keys[a] === keys[b] && ids[a]! < ids[b]!);
  const findHead = (cell: number) => {
    let best = -1;
    for (let k = grouped.start[cell]!; k < grouped.start[cell + 1]!; k++) {
      const i = grouped.order[k]!;
      if (!taken[i] && (best < 0 || earlier(i, best))) best = i;
    }
    if (best < 0) head.delete(cell);
    else head.set(cell, best);
  };
  for (let cell = 0; cell < CELL_COUNT; cell++) if (grouped.counts[cell]! > 0) findHead(cell);

  const target = toArrays(targets);
  const minimum = toArrays(lower).map((row, d) => row.map((v, c) => Math.min(v, target[d]![c]!)));
  const count = target.map((row) => row.map(() => 0));
  let outstanding = minimum.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);

  const breaks = (cell: number) => {
    const { categories } = CELL_CATEGORIES[cell]!;
    let broken = 0;
    for (let d = 0; d < categories.length; d++) if (count[d]![categories[d]!]! >= target[d]![categories[d]!]!) broken++;
    return broken;
  };
  const meetsMinimum = (cell: number) => CELL_CATEGORIES[cell]!.categories.some((c, d) => count[d]![c]! < minimum[d]![c]!);
  /** The first unit in the random order among those breaking the fewest targets, in the cells allowed. */
  const best = (allowed: (cell: number) => boolean) => {
    let chosen: { cell: number; broken: number; index: number } | undefined;
    for (const [cell, index] of head) {
      if (!allowed(cell)) continue;
      const broken = breaks(cell);
      if (!chosen || broken < chosen.broken || (broken === chosen.broken && earlier(index, chosen.index))) chosen = { cell, broken, index };
    }
    return chosen;
  };

  const picks: { index: number; basis: DrawBasis }[] = [];
  let relaxed = 0;
  const take = (pick: { cell: number; broken: number; index: number }, basis: DrawBasis) => {
    const { categories } = CELL_CATEGORIES[pick.cell]!;
    for (let d = 0; d < categories.length; d++) {
      if (count[d]![categories[d]!]! < minimum[d]![categories[d]!]!) outstanding--;
      count[d]![categories[d]!]! += 1;
    }
    if (pick.broken > 0) relaxed++;
    taken[pick.index] = 1;
    picks.push({ index: pick.index, basis });
    findHead(pick.cell);
  };

  if (withAp && n > 0) {
    const pick = best((cell) => CELL_CATEGORIES[cell]!.ap);
    if (pick) take(pick, 'alternative_provision');
  }
  while (picks.length < n && outstanding > 0) {
    const pick = best(meetsMinimum);
    if (!pick) break;
    take(pick, 'minimum');
  }
  while (picks.length < n) {
    const pick = best(() => true);
    if (!pick) break;
    take(pick, pick.broken > 0 ? 'closest_fit' : 'quota');
  }
  if (relaxed > 0) repair();
  return { picks, relaxed };

  /**
   * A walk in one pass can paint itself into a corner (the last slot wants a combination nobody
   * has). Swapping one chosen unit for an unchosen one often gets out: a swap is made only when it
   * brings no dimension further from its targets, brings some nearer, takes no category below its
   * minimum and keeps a tracked child in AP. Each swap brings the total nearer, so this ends.
   */
  function repair(): void {
    const apChosen = () => picks.filter((p) => CELL_CATEGORIES[prepared.cells[p.index]!]!.ap).length;
    for (;;) {
      let bestSwap: { slot: number; cell: number; index: number; gain: number } | undefined;
      for (let slot = picks.length - 1; slot >= 0; slot--) {
        const out = CELL_CATEGORIES[prepared.cells[picks[slot]!.index]!]!;
        const keepAp = withAp && out.ap && apChosen() === 1;
        for (const [cell, index] of head) {
          const into = CELL_CATEGORIES[cell]!;
          if (keepAp && !into.ap) continue;
          let gain = 0;
          let allowed = true;
          for (let d = 0; d < into.categories.length && allowed; d++) {
            const from = out.categories[d]!;
            const to = into.categories[d]!;
            if (from === to) continue;
            if (count[d]![from]! <= minimum[d]![from]!) allowed = false;
            const change = (count[d]![from]! > target[d]![from]! ? -1 : 1) + (count[d]![to]! < target[d]![to]! ? -1 : 1);
            if (change > 0) allowed = false;
            gain -= change;
          }
          if (!allowed || gain <= 0) continue;
          if (!bestSwap || gain > bestSwap.gain || (gain === bestSwap.gain && earlier(index, bestSwap.index))) bestSwap = { slot, cell, index, gain };
        }
      }
      if (!bestSwap) return;
      const removed = picks[bestSwap.slot]!;
      const outCell = prepared.cells[removed.index]!;
      for (let d = 0; d < SAMPLING_DIMENSIONS.length; d++) {
        count[d]![CELL_CATEGORIES[outCell]!.categories[d]!]! -= 1;
        count[d]![CELL_CATEGORIES[bestSwap.cell]!.categories[d]!]! += 1;
      }
      taken[removed.index] = 0;
      taken[bestSwap.index] = 1;
      picks[bestSwap.slot] = { index: bestSwap.index, basis: removed.basis === 'alternative_provision' ? 'alternative_provision' : 'quota' };
      findHead(outCell);
      findHead(bestSwap.cell);
    }
  }
}

function drawPart(prepared: Prepared, purpose: CasePurpose, eligible: Uint8Array, requested: number, minimum: number): SamplePart & { indices: number[] } {
  const grouped = groupByCell(prepared, eligible);
  const counts = countsFromCells(grouped.counts);
  const n = Math.max(0, Math.min(requested, grouped.order.length));
  const targets = samplingTargets(counts, n, minimum);
  const { picks, relaxed } = selectUnits(prepared, grouped, n, targets, lowerBounds(counts, minimum), purpose === 'tracked');
  return {
    purpose,
    requested,
    eligible: grouped.order.length,
    targets,
    chosen: picks.map((p, i) => {
      const unit = unitOf(prepared.ids[p.index]!, prepared.cells[p.index]!);
      return { unit, position: i + 1, stratum: stratumOf(unit, p.basis) };
    }),
    relaxed,
    indices: picks.map((p) => p.index),
  };
}

/**
 * Draws the tracked children (from everyone) and then the plans to review (from children with a
 * plan who are not tracked). The same population and seed give the same sample, in any row order.
 * Person ids must be unique.
 */
export function drawSample(population: SamplingPopulation, request: SampleRequest): SampleDraw {
  const minimum = request.minimum ?? DEFAULT_MINIMUM_PER_STRATUM;
  const prepared = prepare(population, randomOrder(request.seed));
  const size = prepared.ids.length;
  const everyone = new Uint8Array(size).fill(1);
  const { indices: trackedIndices, ...tracked } = drawPart(prepared, 'tracked', everyone, request.tracked, minimum);
  const plans = new Uint8Array(size);
  for (let i = 0; i < size; i++) plans[i] = hasPlan(prepared.cells[i]!) ? 1 : 0;
  for (const i of trackedIndices) plans[i] = 0;
  const { indices: _reviewIndices, ...review } = drawPart(prepared, 'review', plans, request.review, minimum);
  return { algorithmVersion: SAMPLING_ALGORITHM_VERSION, seed: request.seed, minimum, tracked, review };
}

// ---- Replacements ----------------------------------------------------------------------------

export type SampledPerson = { personId: string; purpose: CasePurpose; active: boolean };
export type CaseToReplace = { personId: string; purpose: CasePurpose; stratum: Record<SamplingDimension, string> };
export type Replacement = { unit: SamplingUnit; stratum: Stratum };

/**
 * Whether a case must be replaced by a child in alternative provision: it is the only tracked child
 * in AP among the active cases, and another child in AP could take its place.
 */
export function mustStayInAlternativeProvision(population: SamplingPopulation, sample: readonly SampledPerson[], caseToReplace: { personId: string; purpose: CasePurpose }): boolean {
  if (caseToReplace.purpose !== 'tracked') return false;
  const { personIds, cells } = toColumns(population);
  const inAp = new Map<string, boolean>();
  for (let i = 0; i < personIds.length; i++) inAp.set(personIds[i]!, CELL_CATEGORIES[cells[i]!]!.ap);
  if (!inAp.get(caseToReplace.personId)) return false;
  if (sample.some((s) => s.active && s.purpose === 'tracked' && s.personId !== caseToReplace.personId && inAp.get(s.personId))) return false;
  const inSample = new Set(sample.map((s) => s.personId));
  return personIds.some((id) => inAp.get(id) && !inSample.has(id));
}

/**
 * The next unit in the seed's random order from the replaced case's stratum (or, when that has no
 * one left, the stratum sharing most of its categories) who is not already in the sample: any child
 * for a tracked case, a child with a plan for a review. The only tracked child in AP is replaced by
 * another child in AP where there is one. Undefined when nobody is left.
 */
export function replacementFor(population: SamplingPopulation, sample: readonly SampledPerson[], caseToReplace: CaseToReplace, seed: string): Replacement | undefined {
  const { personIds, cells } = toColumns(population);
  const order = randomOrder(seed);
  const inSample = new Set(sample.map((s) => s.personId));
  inSample.add(caseToReplace.personId);
  const needsAp = mustStayInAlternativeProvision(population, sample, caseToReplace);
  const wanted = SAMPLING_DIMENSIONS.map((d, i) => CATEGORY_INDEX[i]![caseToReplace.stratum[d] ?? ''] ?? -1);
  let chosen: { index: number; matches: number; key: number } | undefined;
  for (let i = 0; i < personIds.length; i++) {
    const id = personIds[i]!;
    const { categories, ap } = CELL_CATEGORIES[cells[i]!]!;
    if (inSample.has(id)) continue;
    if (caseToReplace.purpose === 'review' && !hasPlan(cells[i]!)) continue;
    if (needsAp && !ap) continue;
    let matches = 0;
    for (let d = 0; d < categories.length; d++) if (categories[d] === wanted[d]) matches++;
    if (chosen && matches < chosen.matches) continue;
    const key = order(id);
    if (!chosen || matches > chosen.matches || before(key, id, chosen.key, personIds[chosen.index]!)) chosen = { index: i, matches, key };
  }
  if (!chosen) return undefined;
  const unit = unitOf(personIds[chosen.index]!, cells[chosen.index]!);
  return { unit, stratum: stratumOf(unit, chosen.matches === SAMPLING_DIMENSIONS.length ? 'replacement' : 'replacement_closest') };
}

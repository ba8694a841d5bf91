// SQL for the case sample: the people to draw from (only what the draw needs), the sample and its
// cases, replacements and sharing. Executor-first functions.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import {
  FIFTY_TWO_WEEKS_DAYS,
  PLACEMENT_TYPES,
  PRIMARY_NEEDS,
  TWENTY_WEEKS_DAYS,
  agePhase,
  isInAlternativeProvision,
  needArea,
  placementGroup,
  type PlacementType,
  type PrimaryNeed,
  type SenStatus,
  type TimelinessBand,
} from './case.ts';
import type { CaseSampleRow, NewCaseSampleRow, NewSampledCaseRow, SampledCaseRow } from './case.table.ts';
import { samplingCell, type PopulationColumns, type SamplingUnit } from './case-sampling.ts';

type Tx = Kysely<Database>;

type RawCategories = {
  age: number;
  primary_need: PrimaryNeed;
  sen_status: SenStatus;
  placement_type: PlacementType;
  alternative_provision: boolean;
  timeliness: TimelinessBand;
};

const BANDS_IN_ORDER: readonly TimelinessBand[] = ['not_applicable', 'no_request_date', 'within_20_weeks', '20_to_52_weeks', 'over_52_weeks'];

/**
 * The timeliness band in SQL, each band given as `value(band)`: the same rule as timelinessBand()
 * in case.ts, with its constants (the service test checks the two agree for every person).
 */
function timelinessSql(value: (band: TimelinessBand) => RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`case
    when sen_status <> 'EHCP' then ${value('not_applicable')}
    when request_date is null or plan_issued_date is null then ${value('no_request_date')}
    when plan_issued_date - request_date <= ${sql.lit(TWENTY_WEEKS_DAYS)} then ${value('within_20_weeks')}
    when plan_issued_date - request_date <= ${sql.lit(FIFTY_TWO_WEEKS_DAYS)} then ${value('20_to_52_weeks')}
    else ${value('over_52_weeks')}
  end`;
}

function categoriesOf(row: RawCategories): Omit<SamplingUnit, 'personId'> {
  return {
    agePhase: agePhase(row.age),
    needArea: needArea(row.primary_need),
    senStatus: row.sen_status,
    placementGroup: placementGroup(row.placement_type),
    timeliness: row.timeliness,
    inAlternativeProvision: isInAlternativeProvision({ placementType: row.placement_type, alternativeProvision: row.alternative_provision }),
  };
}

/** Codes are made of '0' to '_' (digits, capitals and _): a line's length, first and last character index a small table. */
const LOWEST = 48;
const SPAN = 48;
const LONGEST = 32;

function lineKey(text: string, from: number, to: number): number {
  const length = to - from;
  const first = text.charCodeAt(from) - LOWEST;
  const last = text.charCodeAt(to - 1) - LOWEST;
  if (length <= 0 || length >= LONGEST || first < 0 || first >= SPAN || last < 0 || last >= SPAN) return -1;
  return (length * SPAN + first) * SPAN + last;
}

/**
 * The position in `values` of each line of `text`, without making a string per line: a line is
 * looked up on its length and first and last characters, then checked in full.
 */
function positionsOf(text: string, values: readonly string[], count: number, what: string): Uint8Array {
  const table = new Int16Array(LONGEST * SPAN * SPAN).fill(-1);
  values.forEach((value, i) => {
    const key = lineKey(value, 0, value.length);
    if (key < 0 || table[key] !== -1) throw new Error(`The ${what} codes cannot be told apart by length, first and last letters`);
    table[key] = i;
  });
  const positions = new Uint8Array(count);
  let start = 0;
  for (let i = 0; i < count; i++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const key = lineKey(text, start, end);
    const found = key < 0 ? -1 : table[key]!;
    if (found < 0 || !text.startsWith(values[found]!, start)) throw new Error(`A person record has a ${what} the sample does not know: ${text.slice(start, end)}`);
    positions[i] = found;
    start = end + 1;
  }
  if (start !== text.length + 1) throw new Error(`There are more ${what} entries than people`);
  return positions;
}

/**
 * The columns of an import as selectSamplingPopulation reads them: ids, needs and placements one
 * per line, and `codes` one character per person, 32 + ((age × 2 + AP) × 8 + timeliness band).
 */
export type SamplingColumns = { people: number; ids: string | null; needs: string | null; placements: string | null; codes: string | null };

/** Turns the columns into the population the draw takes: ids, and each person's cell. */
export function populationFromColumns(columns: SamplingColumns): PopulationColumns {
  const { people, ids, needs, placements, codes } = columns;
  if (people === 0) return { personIds: [], cells: new Uint16Array(0) };
  const personIds = ids!.split('\n');
  if (personIds.length !== people || codes!.length !== people) {
    throw new Error(`Read a different number of people than the ${people} the import holds: a person id holds a line break`);
  }
  const needOf = positionsOf(needs!, PRIMARY_NEEDS, people, 'primary need');
  const placementOf = positionsOf(placements!, PLACEMENT_TYPES, people, 'placement type');
  const cellOfKey = new Map<number, number>();
  const cells = new Uint16Array(people);
  for (let i = 0; i < people; i++) {
    const need = needOf[i]!;
    const placement = placementOf[i]!;
    const code = codes!.charCodeAt(i) - 32;
    const key = (code * 16 + need) * 16 + placement;
    let cell = cellOfKey.get(key);
    if (cell === undefined) {
      const timeliness = BANDS_IN_ORDER[code & 7];
      const ageAp = code >> 3;
      if (!timeliness) throw new Error('A person record has a timeliness the sample does not know');
      cell = samplingCell(
        categoriesOf({
          age: ageAp >> 1,
          primary_need: PRIMARY_NEEDS[need]!,
          sen_status: timeliness === 'not_applicable' ? 'SEN_SUPPORT' : 'EHCP',
          placement_type: PLACEMENT_TYPES[placement]!,
          alternative_provision: (ageAp & 1) === 1,
          timeliness,
        }),
      );
      cellOfKey.set(key, cell);
    }
    cells[i] = cell;
  }
  return { personIds, cells };
}

/**
 * Everyone in the import, as the draw takes them (in no particular order: the draw does not depend on it).
 *
 * Each column comes back as one text value holding every row's entry. Reading four long texts is
 * several times quicker than reading 640,000 rows, or than grouping them or working out the
 * categories in SQL (measured on PostgreSQL 15: about 0.45 s against 1.5 to 2 s). Every aggregate of
 * a query is fed the rows in the same order (serial or parallel), so the nth entry of each column is
 * the same person's. Ids hold only letters, digits, - and _ (the import checks), so no line break
 * can occur in one; the count read alongside proves it.
 */
export async function selectSamplingPopulation(db: Tx, importId: string): Promise<PopulationColumns> {
  const { rows } = await sql<SamplingColumns>`
    select
      count(*)::int as people,
      string_agg(person_id, E'\n') as ids,
      string_agg(primary_need, E'\n') as needs,
      string_agg(placement_type, E'\n') as placements,
      string_agg(chr(32 + (age * 2 + alternative_provision::int) * 8 + ${timelinessSql((band) => sql.lit(BANDS_IN_ORDER.indexOf(band)))}), '') as codes
    from person_record
    where import_id = ${importId}
  `.execute(db);
  try {
    return populationFromColumns(rows[0]!);
  } catch (error) {
    throw new Error(`Import ${importId}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Holds the inspection's row until the transaction ends, so that two draws, replacements or shares
 * for it run one after the other. Returns the inspection's area code (undefined if there is none).
 */
export async function lockInspection(db: Tx, inspectionId: string): Promise<string | undefined> {
  const { rows } = await sql<{ la_code: string }>`select la_code from inspection where id = ${inspectionId} for update`.execute(db);
  return rows[0]?.la_code;
}

/** The sample in use: the latest not superseded. */
export async function selectCurrentSample(db: Tx, inspectionId: string): Promise<CaseSampleRow | undefined> {
  return db
    .selectFrom('case_sample')
    .selectAll()
    .where('inspection_id', '=', inspectionId)
    .where('superseded_at', 'is', null)
    .orderBy('drawn_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export type SampledCaseWithNames = SampledCaseRow & { replaced_by_name: string | null };

/** A sample's cases in order: by purpose, position, and a replaced case before what replaced it. */
export async function selectSampledCases(db: Tx, sampleId: string): Promise<SampledCaseWithNames[]> {
  return db
    .selectFrom('sampled_case')
    .leftJoin('app_user', 'app_user.id', 'sampled_case.replaced_by')
    .selectAll('sampled_case')
    .select('app_user.display_name as replaced_by_name')
    .where('sampled_case.sample_id', '=', sampleId)
    .orderBy('sampled_case.purpose', 'desc')
    .orderBy('sampled_case.position')
    .orderBy(sql`sampled_case.replaced_at is null`)
    .orderBy('sampled_case.replaced_at')
    .execute();
}

export async function selectSampledCase(db: Tx, inspectionId: string, caseId: string): Promise<SampledCaseRow | undefined> {
  return db.selectFrom('sampled_case').selectAll().where('id', '=', caseId).where('inspection_id', '=', inspectionId).executeTakeFirst();
}

export async function supersedeSample(db: Tx, sampleId: string, at: Date): Promise<void> {
  await db.updateTable('case_sample').set({ superseded_at: at }).where('id', '=', sampleId).execute();
}

export async function insertSample(db: Tx, row: NewCaseSampleRow): Promise<CaseSampleRow> {
  return db.insertInto('case_sample').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertSampledCases(db: Tx, rows: readonly NewSampledCaseRow[]): Promise<SampledCaseRow[]> {
  if (rows.length === 0) return [];
  return db.insertInto('sampled_case').values([...rows]).returningAll().execute();
}

export async function markCaseReplaced(db: Tx, caseId: string, change: { at: Date; by: string | null; reason: string }): Promise<void> {
  await db.updateTable('sampled_case').set({ replaced_at: change.at, replaced_by: change.by, replaced_reason: change.reason }).where('id', '=', caseId).execute();
}

export async function markSampleShared(db: Tx, sampleId: string, sharedAt: Date, documentsDue: string): Promise<void> {
  await db.updateTable('case_sample').set({ shared_at: sharedAt, documents_due: documentsDue }).where('id', '=', sampleId).execute();
}

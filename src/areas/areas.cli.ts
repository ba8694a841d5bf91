// CLI verbs for the local area partnerships.
import { z } from 'zod';
import { DATA_HELP, DATA_OPTION, UsageError, type CliCommand } from '../platform/cli.ts';
import { REGIONS } from './area.ts';
import { findAreas, syncLocalAreas } from './area.service.ts';
import type { LocalAreaRow } from './local-area.table.ts';

const listArgsSchema = z.object({
  region: z.enum(REGIONS, { error: `--region must be one of: ${REGIONS.join(', ')}` }).optional(),
  json: z.boolean().default(false),
});

const COLUMNS: { title: string; value: (area: LocalAreaRow) => string }[] = [
  { title: 'LA code', value: (a) => a.la_code },
  { title: 'ONS code', value: (a) => a.gss_code },
  { title: 'Name', value: (a) => a.name },
  { title: 'Region', value: (a) => a.region },
  { title: 'Integrated care board', value: (a) => a.icb },
];

export function formatAreaTable(areas: readonly LocalAreaRow[]): string[] {
  const widths = COLUMNS.map((c) => Math.max(c.title.length, ...areas.map((a) => c.value(a).length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
  return [line(COLUMNS.map((c) => c.title)), ...areas.map((a) => line(COLUMNS.map((c) => c.value(a))))];
}

export const areaCommands: CliCommand[] = [
  {
    name: 'areas list',
    summary: 'List the local area partnerships',
    usage: 'send-inspect areas list [--region REGION] [--json] [--data DIR]',
    help: [
      `  --region REGION  only areas in this region (${REGIONS.join(', ')})`,
      '  --json           print JSON (an array of areas) instead of a table',
      DATA_HELP,
    ].join('\n'),
    options: { ...DATA_OPTION, region: { type: 'string', short: 'r' }, json: { type: 'boolean' } },
    async run({ values, out, err, openDb }) {
      const parsed = listArgsSchema.safeParse({ region: values.region, json: values.json ?? false });
      if (!parsed.success) throw new UsageError(parsed.error.issues[0].message);
      const db = await openDb();
      try {
        // Loads the shipped list if this database has never been started (does nothing otherwise).
        await syncLocalAreas(db.kysely);
        const areas = await findAreas(db.kysely, { region: parsed.data.region });
        if (parsed.data.json) {
          out(JSON.stringify(areas.map(({ la_code, gss_code, name, region, icb, is_fictional }) => ({ la_code, gss_code, name, region, icb, is_fictional })), null, 2));
        } else {
          for (const line of formatAreaTable(areas)) out(line);
          err(`${areas.length} local area${areas.length === 1 ? '' : 's'}`);
        }
      } finally {
        await db.close();
      }
    },
  },
];

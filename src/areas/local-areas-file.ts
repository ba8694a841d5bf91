// Reads the shipped list of local areas (src/areas/data/local-areas.csv; its source is in data/README.md).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLocalAreasCsv, type LocalAreaRecord } from './area.ts';

export const LOCAL_AREAS_FILE = path.join(import.meta.dirname, 'data', 'local-areas.csv');

export class LocalAreasFileError extends Error {}

/** Every area in the file; any bad row stops the load, listing each problem with its line. */
export function readLocalAreasFile(file: string = LOCAL_AREAS_FILE): LocalAreaRecord[] {
  const { areas, problems } = parseLocalAreasCsv(readFileSync(file, 'utf8'));
  if (problems.length > 0) {
    const lines = problems.map((p) => `  - line ${p.line}: ${p.message}`);
    throw new LocalAreasFileError(`The local areas file ${file} is not valid:\n${lines.join('\n')}`);
  }
  return areas;
}

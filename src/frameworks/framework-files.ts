// Reads the framework definitions shipped in src/frameworks/data and validates each one;
// a file that does not pass stops the load with a message naming the file and the problem.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { frameworkDefinitionSchema, type FrameworkDefinition } from './framework.ts';

export const FRAMEWORK_DATA_DIR = path.join(import.meta.dirname, 'data');

export class FrameworkDataError extends Error {}

/** Validates one definition (already parsed from JSON); `origin` names it in error messages. */
export function parseFrameworkDefinition(raw: unknown, origin: string): FrameworkDefinition {
  const result = frameworkDefinitionSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  throw new FrameworkDataError(`The framework definition in ${origin} is not valid:\n${problems.join('\n')}`);
}

export function readFrameworkFile(file: string): FrameworkDefinition {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new FrameworkDataError(`The framework definition in ${file} could not be read: ${(error as Error).message}`);
  }
  return parseFrameworkDefinition(raw, file);
}

/** Every framework definition in the folder, in code order; each framework may appear once. */
export function loadFrameworkDefinitions(dir: string = FRAMEWORK_DATA_DIR): FrameworkDefinition[] {
  const files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  const definitions = files.map((name) => readFrameworkFile(path.join(dir, name)));
  const codes = definitions.map((d) => d.code);
  const repeated = codes.find((c, i) => codes.indexOf(c) !== i);
  if (repeated) throw new FrameworkDataError(`More than one file in ${dir} defines framework ${repeated}`);
  return definitions.sort((a, b) => a.code.localeCompare(b.code));
}

#!/usr/bin/env node
// CLI entry: `send-inspect <verb> [options]`. `npm start` runs `send-inspect start`.
import { prepareDatabase } from './bootstrap.ts';
import { loadConfig, ConfigError } from './config.ts';
import { CliError, UsageError, openDatabaseFor, parseCommandArgs, type CliCommand } from './platform/cli.ts';
import { dbCommands } from './platform/db/db.cli.ts';
import { DataDirectoryLockedError } from './platform/db/lock.ts';
import { platformCommands } from './platform/platform.cli.ts';
import { startCommands } from './start.cli.ts';
import { demoCommands } from './demo/demo.cli.ts';
import { userCommands } from './platform/auth/users.cli.ts';
import { areaCommands } from './areas/areas.cli.ts';
import { inspectionCommands } from './inspections/inspections.cli.ts';
import { themeCommands } from './surveys/themes.cli.ts';
import { surveyTransferCommands } from './surveys/survey-transfer.cli.ts';
import { surveyAnalysisCommands } from './surveys/survey-analysis.cli.ts';
import { caseImportCommands } from './cases/case-import.cli.ts';
import { caseMetricsCommands } from './cases/case-metrics.cli.ts';
import { caseSampleCommands } from './cases/case-sample.cli.ts';
import { evidenceCommands } from './evidence/evidence.cli.ts';
import { historicalImportCommands } from './reports/historical-import.cli.ts';
import { reportPublishCommands } from './reports/report-publish.cli.ts';
import { reportRenderCommands } from './reports/report-render.cli.ts';
import { openDataCommands } from './public/open-data.cli.ts';

const commands: CliCommand[] = [...startCommands, ...platformCommands, ...demoCommands, ...dbCommands, ...userCommands, ...areaCommands, ...inspectionCommands, ...historicalImportCommands, ...surveyTransferCommands, ...surveyAnalysisCommands, ...caseImportCommands, ...caseMetricsCommands, ...caseSampleCommands, ...evidenceCommands, ...reportPublishCommands, ...reportRenderCommands, ...themeCommands, ...openDataCommands];

function out(line: string) {
  process.stdout.write(`${line}\n`);
}
function err(line: string) {
  process.stderr.write(`${line}\n`);
}

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: send-inspect <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run send-inspect <command> --help for a command\'s options.',
    'Set DATABASE_URL to use PostgreSQL instead of the embedded database.',
  ].join('\n');
}

function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | undefined {
  const two = commands.find((c) => c.name === `${argv[0]} ${argv[1]}`);
  if (two) return { command: two, rest: argv.slice(2) };
  const one = commands.find((c) => c.name === argv[0]);
  return one ? { command: one, rest: argv.slice(1) } : undefined;
}

function helpFor(command: CliCommand): string {
  return [`Usage: ${command.usage}`, '', command.summary, ...(command.help ? ['', command.help] : [])].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    (argv.length === 0 ? err : out)(overview());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
    err(group.length ? `Unknown ${argv[0]} command: ${argv[1] ?? '(none given)'}` : `Unknown command: ${argv[0]}`);
    err('');
    err(group.length ? group.map((c) => `Usage: ${c.usage}`).join('\n') : overview());
    return 2;
  }
  const { command, rest } = found;
  try {
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values.help) {
      out(helpFor(command));
      return 0;
    }
    const config = loadConfig();
    const result = await command.run({
      config,
      values,
      positionals,
      out,
      err,
      openDb: () => openDatabaseFor(config, values, `send-inspect ${command.name}`, prepareDatabase, (m) => err(m)),
    });
    return typeof result === 'number' ? result : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`Error: ${error.message}`);
      err('');
      err(helpFor(command));
      return 2;
    }
    if (error instanceof CliError || error instanceof ConfigError || error instanceof DataDirectoryLockedError) {
      err(`Error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (import.meta.main) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      err(`Unexpected error: ${(error as Error).stack ?? String(error)}`);
      process.exitCode = 1;
    },
  );
}

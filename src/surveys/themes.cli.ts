// CLI verb `send-inspect themes`: codes free-text comments read one a line from standard input, without a database.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { CliCommand } from '../platform/cli.ts';
import { codeComment } from './comment-coding.ts';

/** Lines are written in batches: one write per comment would cost more than coding it. */
const BATCH_CHARACTERS = 64 * 1024;

/**
 * Reads comments line by line (so a file of any size streams through) and writes one JSON object per non-empty
 * line: themes as codes, or with --json as codes with confidences. Returns how many comments were coded.
 */
export async function codeCommentLines(input: Readable, write: (lines: string) => void, withConfidences: boolean): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let batch = '';
  let coded = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const { themes, sentiment, redacted } = codeComment(line);
    const json = JSON.stringify({ themes: withConfidences ? themes : themes.map((t) => t.code), sentiment, redacted });
    batch = batch ? `${batch}\n${json}` : json;
    coded++;
    if (batch.length >= BATCH_CHARACTERS) {
      write(batch);
      batch = '';
    }
  }
  if (batch) write(batch);
  return coded;
}

export const themeCommands: CliCommand[] = [
  {
    name: 'themes',
    summary: 'Code free-text comments from standard input: themes, sentiment and redacted text',
    usage: 'send-inspect themes [--json] < comments.txt',
    help: [
      'Reads one comment per line and writes one JSON object per non-empty line, for example',
      '  {"themes":["ND_PATHWAY","FAMILY_IMPACT"],"sentiment":"negative","redacted":"My son [name] has waited…"}',
      'Themes are codes from the 20-theme taxonomy, most likely first; personal details are replaced by labels.',
      'No database is opened.',
      '',
      'Options:',
      '  --json           give each theme as {"code": …, "confidence": 0..1}',
    ].join('\n'),
    options: { json: { type: 'boolean' } },
    run: async ({ values, out }) => {
      await codeCommentLines(process.stdin, out, values.json === true);
    },
  },
];

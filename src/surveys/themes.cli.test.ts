import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { parseCommandArgs } from '../platform/cli.ts';
import { codeCommentLines, themeCommands } from './themes.cli.ts';

async function coded(input: string, withConfidences = false): Promise<string[]> {
  const written: string[] = [];
  await codeCommentLines(Readable.from([input]), (lines) => written.push(...lines.split('\n')), withConfidences);
  return written;
}

describe('send-inspect themes', () => {
  test('one JSON object per non-empty line: theme codes, sentiment and redacted text', async () => {
    const lines = await coded('my son has waited 2 years for an autism assessment\n\n   \nthe taxi never turns up, ring 07700 900461\r\n');
    assert.equal(lines.length, 2);
    const [first, second] = lines.map((l) => JSON.parse(l) as { themes: string[]; sentiment: string; redacted: string });
    assert.equal(first.themes[0], 'ND_PATHWAY');
    assert.equal(first.sentiment, 'negative');
    assert.equal(first.redacted, 'my son has waited 2 years for an autism assessment');
    assert.deepEqual(Object.keys(first), ['themes', 'sentiment', 'redacted']);
    assert.equal(second.themes[0], 'TRANSPORT');
    assert.equal(second.redacted, 'the taxi never turns up, ring [phone number]');
  });

  test('--json gives each theme with its confidence', async () => {
    const [line] = await coded('Mrs Patel the SENCO was brilliant', true);
    const parsed = JSON.parse(line) as { themes: { code: string; confidence: number }[]; redacted: string };
    assert.ok(parsed.themes.length >= 1);
    for (const theme of parsed.themes) {
      assert.equal(typeof theme.code, 'string');
      assert.ok(theme.confidence >= 0 && theme.confidence <= 1);
    }
    assert.equal(parsed.redacted, 'Mrs [name] the SENCO was brilliant');
  });

  test('streams a large input in order, writing in batches', async () => {
    const count = 5000;
    const input = Array.from({ length: count }, (_, k) => `comment ${k}: the taxi was late again`).join('\n');
    const writes: string[] = [];
    await codeCommentLines(Readable.from([input]), (lines) => writes.push(lines), false);
    assert.ok(writes.length > 1 && writes.length < count, `${writes.length} writes`);
    const lines = writes.join('\n').split('\n');
    assert.equal(lines.length, count);
    assert.match(JSON.parse(lines[count - 1]).redacted as string, new RegExp(`^comment ${count - 1}:`));
  });

  test('the verb takes --json and no arguments', () => {
    const [command] = themeCommands;
    assert.equal(command.name, 'themes');
    assert.equal(parseCommandArgs(command, ['--json']).values.json, true);
    assert.throws(() => parseCommandArgs(command, ['extra']));
  });

  test('runs from the command line on standard input without opening a database', async () => {
    const main = path.join(import.meta.dirname, '..', 'main.ts');
    // A database that cannot be reached: the verb would fail if it tried to open one.
    const child = spawn(process.execPath, [main, 'themes'], { env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdin.end('we are still waiting for speech therapy\nno school place for my daughter\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { themes: string[] });
    assert.equal(lines.length, 2);
    assert.equal(lines[0].themes[0], 'THERAPY_WAITS');
  });
});

// `npm run eval:themes`: measures free-text coding on the held-out part of the labelled examples (or on every line
// of another file with --file): theme precision, recall and F1, top-1 accuracy, sentiment accuracy and redaction.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { codeComment } from '../src/surveys/comment-coding.ts';
import { THEME_CODES, type ThemeCode } from '../src/surveys/themes.ts';
import { EXAMPLES_FILE, readThemeExamples, type ThemeExample } from './train-themes.ts';

type ThemeFigures = { code: ThemeCode; precision: number; recall: number; f1: number; support: number };

export type Evaluation = {
  file: string;
  examples: number;
  themes: ThemeFigures[];
  micro: { precision: number; recall: number; f1: number };
  macro: { precision: number; recall: number; f1: number };
  top1Accuracy: number;
  sentimentAccuracy: number;
  redaction: {
    details: number;
    removed: number;
    recall: number;
    byKind: Record<string, { details: number; removed: number }>;
    /** Redactions made in comments that had nothing to redact. */
    falsePositives: number;
    commentsWithNothingToRedact: number;
  };
};

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function harmonic(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A detail is removed when its text no longer appears as a whole word (in any case) in the redacted comment. */
function stillPresent(detail: string, redacted: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeForPattern(detail)}(?![\\p{L}\\p{N}])`, 'iu').test(redacted);
}

export function evaluate(examples: ThemeExample[], file: string): Evaluation {
  const counts = new Map(THEME_CODES.map((code) => [code, { tp: 0, fp: 0, fn: 0, support: 0 }]));
  let top1 = 0;
  let sentimentRight = 0;
  let details = 0;
  let removed = 0;
  let falsePositives = 0;
  let commentsWithNothingToRedact = 0;
  const byKind: Record<string, { details: number; removed: number }> = {};
  for (const example of examples) {
    const coded = codeComment(example.text);
    const predicted = coded.themes.map((t) => t.code);
    for (const code of example.themes) counts.get(code)!.support++;
    for (const code of predicted) {
      if (example.themes.includes(code)) counts.get(code)!.tp++;
      else counts.get(code)!.fp++;
    }
    for (const code of example.themes) if (!predicted.includes(code)) counts.get(code)!.fn++;
    if (example.themes.includes(predicted[0])) top1++;
    if (coded.sentiment === example.sentiment) sentimentRight++;
    for (const detail of example.redact) {
      details++;
      const kind = (byKind[detail.kind] ??= { details: 0, removed: 0 });
      kind.details++;
      if (!stillPresent(detail.text, coded.redacted)) {
        removed++;
        kind.removed++;
      }
    }
    if (example.redact.length === 0) {
      commentsWithNothingToRedact++;
      falsePositives += coded.redactions.length;
    }
  }
  const themes: ThemeFigures[] = THEME_CODES.map((code) => {
    const c = counts.get(code)!;
    const precision = ratio(c.tp, c.tp + c.fp);
    const recall = ratio(c.tp, c.tp + c.fn);
    return { code, precision, recall, f1: harmonic(precision, recall), support: c.support };
  });
  const all = [...counts.values()].reduce((sum, c) => ({ tp: sum.tp + c.tp, fp: sum.fp + c.fp, fn: sum.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  const microPrecision = ratio(all.tp, all.tp + all.fp);
  const microRecall = ratio(all.tp, all.tp + all.fn);
  // Macro averages over the themes the file mentions or the coder predicted.
  const present = themes.filter((t) => t.support > 0 || counts.get(t.code)!.fp > 0);
  const mean = (values: number[]) => ratio(values.reduce((a, b) => a + b, 0), values.length);
  return {
    file,
    examples: examples.length,
    themes,
    micro: { precision: microPrecision, recall: microRecall, f1: harmonic(microPrecision, microRecall) },
    macro: { precision: mean(present.map((t) => t.precision)), recall: mean(present.map((t) => t.recall)), f1: mean(present.map((t) => t.f1)) },
    top1Accuracy: ratio(top1, examples.length),
    sentimentAccuracy: ratio(sentimentRight, examples.length),
    redaction: { details, removed, recall: ratio(removed, details), byKind, falsePositives, commentsWithNothingToRedact },
  };
}

function fixed(value: number): string {
  return value.toFixed(3);
}

function printReport(result: Evaluation): void {
  const width = Math.max(...THEME_CODES.map((c) => c.length));
  console.log(`Free-text coding evaluated on ${result.examples} comments from ${result.file}`);
  console.log('');
  console.log(`${'theme'.padEnd(width)}  precision  recall     F1  support`);
  for (const t of result.themes) {
    console.log(`${t.code.padEnd(width)}  ${fixed(t.precision).padStart(9)}  ${fixed(t.recall).padStart(6)}  ${fixed(t.f1).padStart(5)}  ${String(t.support).padStart(7)}`);
  }
  console.log(`${'micro average'.padEnd(width)}  ${fixed(result.micro.precision).padStart(9)}  ${fixed(result.micro.recall).padStart(6)}  ${fixed(result.micro.f1).padStart(5)}`);
  console.log(`${'macro average'.padEnd(width)}  ${fixed(result.macro.precision).padStart(9)}  ${fixed(result.macro.recall).padStart(6)}  ${fixed(result.macro.f1).padStart(5)}`);
  console.log('');
  console.log(`Top-1 accuracy (first theme is among the labelled ones): ${fixed(result.top1Accuracy)}`);
  console.log(`Sentiment accuracy: ${fixed(result.sentimentAccuracy)}`);
  const r = result.redaction;
  console.log(`Redaction recall: ${fixed(r.recall)} (${r.removed} of ${r.details} personal details removed)`);
  for (const [kind, k] of Object.entries(r.byKind).sort()) console.log(`  ${kind}: ${k.removed} of ${k.details}`);
  console.log(`Redactions of ordinary words in the ${r.commentsWithNothingToRedact} comments with nothing to redact: ${r.falsePositives}`);
}

function main(): void {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, file: { type: 'string' } } });
  const file = values.file ? path.resolve(values.file) : EXAMPLES_FILE;
  const all = readThemeExamples(file);
  // The labelled set is evaluated on its held-out part; any other file is evaluated whole.
  const examples = values.file ? all : all.filter((e) => e.split === 'test');
  const result = evaluate(examples, values.file ?? path.relative(process.cwd(), file));
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else printReport(result);
}

if (import.meta.main) main();

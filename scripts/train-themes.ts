// `npm run train:themes`: fits the theme coder's model on the training part of the labelled examples and writes
// src/surveys/data/theme-model.json. The held-out part is left out; settings are chosen by cross-validation on the rest.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { THEME_LEXICON_FINGERPRINT, selectThemes, themeFeatures, type ThemeModelFile } from '../src/surveys/theme-coder.ts';
import { THEME_CODES, isThemeCode, type ThemeCode } from '../src/surveys/themes.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
export const EXAMPLES_FILE = path.join(ROOT, 'src/surveys/data/theme-examples.jsonl');
const MODEL_FILE = path.join(ROOT, 'src/surveys/data/theme-model.json');

const REDACTION_KINDS = ['name', 'email', 'phone', 'postcode', 'nhs_number', 'pupil_number', 'date_of_birth', 'school'] as const;

const exampleSchema = z.object({
  id: z.string().min(1),
  audience: z.enum(['parent', 'young_person', 'practitioner']),
  text: z.string().min(1),
  themes: z
    .array(z.string().refine(isThemeCode, 'not a theme code'))
    .min(1)
    .max(3)
    .transform((codes) => codes as ThemeCode[]),
  sentiment: z.enum(['positive', 'negative', 'mixed', 'neutral']),
  redact: z.array(z.object({ kind: z.enum(REDACTION_KINDS), text: z.string().min(1) })),
  split: z.enum(['train', 'test']),
});

export type ThemeExample = z.infer<typeof exampleSchema>;

/** Reads a labelled examples file (one JSON object a line), failing with the line number of a bad line. */
export function readThemeExamples(file: string): ThemeExample[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const examples: ThemeExample[] = [];
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const parsed = exampleSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    examples.push(parsed.data);
  });
  return examples;
}

const THEMES = THEME_CODES.length;

type Encoded = { features: Int32Array; lexicon: Float64Array; labels: Uint8Array };

type Settings = { l2Words: number; l2Lexicon: number; epochs: number; learningRate: number; minimumCount: number };

type Fitted = { vocabulary: string[]; weights: Float64Array[]; bias: Float64Array; lexiconWeights: Float64Array[] };

function vocabularyOf(rows: { keys: string[] }[], minimumCount: number): string[] {
  const counts = new Map<string, number>();
  for (const row of rows) for (const key of row.keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].filter(([, n]) => n >= minimumCount).map(([key]) => key).sort();
}

function encode(rows: { keys: string[]; lexicon: number[]; themes: ThemeCode[] }[], vocabulary: string[]): Encoded[] {
  const index = new Map(vocabulary.map((key, i) => [key, i]));
  return rows.map((row) => {
    const labels = new Uint8Array(THEMES);
    for (const code of row.themes) labels[THEME_CODES.indexOf(code)] = 1;
    const features = row.keys.map((k) => index.get(k)).filter((i): i is number => i !== undefined);
    return { features: Int32Array.from(features), lexicon: Float64Array.from(row.lexicon), labels };
  });
}

function scoreInto(example: Encoded, fitted: Omit<Fitted, 'vocabulary'>, scores: Float64Array): void {
  for (let c = 0; c < THEMES; c++) {
    let s = fitted.bias[c];
    const w = fitted.weights[c];
    for (const f of example.features) s += w[f];
    const l = fitted.lexiconWeights[c];
    for (let t = 0; t < THEMES; t++) s += l[t] * example.lexicon[t];
    scores[c] = s;
  }
}

/** One-vs-rest logistic regression, full-batch Adam with L2 (lighter on the lexicon inputs, which generalise). */
function fit(examples: Encoded[], featureCount: number, settings: Settings): Omit<Fitted, 'vocabulary'> {
  const weights = Array.from({ length: THEMES }, () => new Float64Array(featureCount));
  const lexiconWeights = Array.from({ length: THEMES }, (_, c) => {
    const row = new Float64Array(THEMES);
    row[c] = 1;
    return row;
  });
  const bias = new Float64Array(THEMES).fill(-2);
  const n = examples.length;
  const beta1 = 0.9;
  const beta2 = 0.999;
  const adam = () => ({ m: new Float64Array(featureCount + THEMES + 1), v: new Float64Array(featureCount + THEMES + 1) });
  const moments = Array.from({ length: THEMES }, adam);
  const gradient = new Float64Array(featureCount + THEMES + 1);
  const scores = new Float64Array(THEMES);
  const model = { weights, bias, lexiconWeights };
  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    const errors = examples.map((example) => {
      scoreInto(example, model, scores);
      return Float64Array.from(scores, (s, c) => 1 / (1 + Math.exp(-s)) - example.labels[c]);
    });
    for (let c = 0; c < THEMES; c++) {
      gradient.fill(0);
      for (let e = 0; e < n; e++) {
        const error = errors[e][c] / n;
        if (error === 0) continue;
        for (const f of examples[e].features) gradient[f] += error;
        for (let t = 0; t < THEMES; t++) gradient[featureCount + t] += error * examples[e].lexicon[t];
        gradient[featureCount + THEMES] += error;
      }
      const w = weights[c];
      const l = lexiconWeights[c];
      for (let f = 0; f < featureCount; f++) gradient[f] += settings.l2Words * w[f];
      for (let t = 0; t < THEMES; t++) gradient[featureCount + t] += settings.l2Lexicon * (l[t] - (t === c ? 1 : 0));
      const { m, v } = moments[c];
      const correction1 = 1 - beta1 ** epoch;
      const correction2 = 1 - beta2 ** epoch;
      for (let k = 0; k < gradient.length; k++) {
        const g = gradient[k];
        if (g === 0 && m[k] === 0) continue;
        m[k] = beta1 * m[k] + (1 - beta1) * g;
        v[k] = beta2 * v[k] + (1 - beta2) * g * g;
        const step = (settings.learningRate * (m[k] / correction1)) / (Math.sqrt(v[k] / correction2) + 1e-8);
        if (k < featureCount) w[k] -= step;
        else if (k < featureCount + THEMES) l[k - featureCount] -= step;
        else bias[c] -= step;
      }
    }
  }
  return model;
}

type Counts = { truePositive: number; falsePositive: number; falseNegative: number };

function microF1(counts: Counts): number {
  const { truePositive: tp, falsePositive: fp, falseNegative: fn } = counts;
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

function countPredictions(predicted: ThemeCode[], labelled: ThemeCode[], counts: Counts): void {
  for (const code of predicted) {
    if (labelled.includes(code)) counts.truePositive++;
    else counts.falsePositive++;
  }
  for (const code of labelled) if (!predicted.includes(code)) counts.falseNegative++;
}

const THRESHOLDS = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];

/** Stratified folds: examples sorted by primary theme, dealt round-robin. */
function foldsOf<T extends { themes: ThemeCode[] }>(rows: T[], folds: number): number[] {
  const order = rows.map((row, i) => ({ i, key: row.themes[0] })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  const fold = new Array<number>(rows.length);
  order.forEach(({ i }, position) => (fold[i] = position % folds));
  return fold;
}

function crossValidate(rows: { keys: string[]; lexicon: number[]; themes: ThemeCode[] }[], settings: Settings, folds = 5) {
  const fold = foldsOf(rows, folds);
  const counts = THRESHOLDS.map(() => ({ truePositive: 0, falsePositive: 0, falseNegative: 0 }));
  let top1 = 0;
  for (let k = 0; k < folds; k++) {
    const training = rows.filter((_, i) => fold[i] !== k);
    const held = rows.filter((_, i) => fold[i] === k);
    const vocabulary = vocabularyOf(training, settings.minimumCount);
    const fitted = prune(fit(encode(training, vocabulary), vocabulary.length, settings));
    const scores = new Float64Array(THEMES);
    for (const example of encode(held, vocabulary)) {
      scoreInto(example, fitted, scores);
      const labelled = THEME_CODES.filter((_, c) => example.labels[c]);
      THRESHOLDS.forEach((threshold, t) => countPredictions(selectThemes(scores, threshold).map((p) => p.code), labelled, counts[t]));
      if (labelled.includes(selectThemes(scores, 1)[0].code)) top1++;
    }
  }
  const f1 = counts.map(microF1);
  const best = f1.indexOf(Math.max(...f1));
  return { microF1: f1[best], threshold: THRESHOLDS[best], top1: top1 / rows.length };
}

function round(value: number, places = 4): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/** Word weights this small change no decision; dropping them keeps the model file small and scoring quick. */
const SMALLEST_WEIGHT = 0.02;

function prune<T extends Omit<Fitted, 'vocabulary'>>(fitted: T): T {
  for (const w of fitted.weights) for (let f = 0; f < w.length; f++) w[f] = Math.abs(w[f]) < SMALLEST_WEIGHT ? 0 : round(w[f], 3);
  return fitted;
}

function modelFile(fitted: Fitted, threshold: number, trainedOn: number): ThemeModelFile {
  const features: Record<string, number[]> = {};
  fitted.vocabulary.forEach((key, f) => {
    const pairs = fitted.weights.flatMap((w, c) => (w[f] === 0 ? [] : [c, w[f]]));
    if (pairs.length > 0) features[key] = pairs;
  });
  return {
    version: 1,
    lexiconFingerprint: THEME_LEXICON_FINGERPRINT,
    trainedOn,
    themes: [...THEME_CODES],
    bias: Array.from(fitted.bias, (b) => round(b)),
    lexiconWeights: fitted.lexiconWeights.map((row) => Array.from(row, (w) => round(w))),
    features,
    secondaryThreshold: threshold,
  };
}

const SEARCH: Settings[] = [0.01, 0.03, 0.1].flatMap((l2Words) =>
  [0.1, 0.3, 1].map((l2Lexicon) => ({ l2Words, l2Lexicon, epochs: 300, learningRate: 0.05, minimumCount: 2 })),
);

function main(): void {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' } } });
  const training = readThemeExamples(EXAMPLES_FILE).filter((e) => e.split === 'train');
  const rows = training.map((e) => ({ ...themeFeatures(e.text), themes: e.themes }));
  console.log(`Training on the ${rows.length} training examples (the held-out part is left out).`);
  let chosen = { settings: SEARCH[0], microF1: -1, threshold: 0.5, top1: 0 };
  for (const settings of values.quick ? [SEARCH[4]] : SEARCH) {
    const result = crossValidate(rows, settings);
    console.log(`  L2 words ${settings.l2Words}, lexicon ${settings.l2Lexicon}: cross-validated micro F1 ${result.microF1.toFixed(3)} (threshold ${result.threshold}), top-1 ${result.top1.toFixed(3)}`);
    if (result.microF1 > chosen.microF1) chosen = { settings, ...result };
  }
  const vocabulary = vocabularyOf(rows, chosen.settings.minimumCount);
  const fitted = { vocabulary, ...prune(fit(encode(rows, vocabulary), vocabulary.length, chosen.settings)) };
  const file = modelFile(fitted, chosen.threshold, rows.length);
  fs.writeFileSync(MODEL_FILE, `${JSON.stringify(file)}\n`);
  console.log(`Chose L2 words ${chosen.settings.l2Words}, lexicon ${chosen.settings.l2Lexicon}, secondary threshold ${chosen.threshold}.`);
  console.log(`Wrote ${path.relative(ROOT, MODEL_FILE)}: ${Object.keys(file.features).length} features.`);
}

if (import.meta.main) main();

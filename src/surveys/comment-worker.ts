// Worker threads for analysing a large survey: each parses, counts and codes the batches of
// responses it is sent, and hands back its totals to merge, while the main thread reads on.
import os from 'node:os';
import { Worker, isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { codeComment } from './comment-coding.ts';
import { addResponse, compilePlan, correctionKey, createAccumulator, memoiseCoder, parseAnswers, type AnalysisAccumulator, type CommentSource } from './survey-analysis.ts';
import type { ResponseBatchRow } from './survey-analysis.repository.ts';
import type { SurveyDefinition } from './survey.ts';
import type { ThemeCode } from './themes.ts';

const WORKER_KIND = 'survey-analysis';
/** Batches queued per worker: enough to keep it busy while the next is read, few enough to bound memory. */
const MAX_IN_FLIGHT = 2;
/**
 * A worker keeps little (its totals, the best quotes, a bounded memo of codings: about 50 MB) but makes
 * much short-lived garbage; without limits V8 lets each heap grow to hundreds of megabytes before
 * collecting, and a million responses then came close to 1 GB in all. With them the whole analysis
 * stays near 600 MB.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 16 };

export type AnalysisWorkerInput = { definition: SurveyDefinition; corrections: [string, ThemeCode[]][] };

type ToWorker = { kind: 'batch'; ids: Float64Array; languages: string[]; answers: string[] } | { kind: 'finish' };
type FromWorker = { kind: 'ready' } | { kind: 'done' } | { kind: 'result'; accumulator: AnalysisAccumulator };

/** Two workers at most: the database and the thread reading from it need the other cores. */
export function analysisWorkerCount(): number {
  return Math.min(2, os.availableParallelism());
}

/** The comment source a thread codes with: the model, memoised, with inspectors' corrections winning. */
export function commentSource(corrections: ReadonlyMap<string, readonly ThemeCode[]>): CommentSource {
  return { code: memoiseCoder(codeComment), correction: (responseId, questionId) => corrections.get(correctionKey(responseId, questionId)) };
}

export type AnalysisWorkerPool = {
  /**
   * Whether a worker has started (or one failed, which `submit` reports). Starting takes a few
   * hundred milliseconds; until then the caller counts batches itself.
   */
  accepting(): boolean;
  /** Hands a batch to the least busy worker that has started; waits while every one has its fill. */
  submit(rows: readonly ResponseBatchRow[]): Promise<void>;
  /** Each worker's totals, once it has counted everything it was sent. */
  finish(): Promise<AnalysisAccumulator[]>;
  close(): Promise<void>;
};

type Slot = { worker: Worker; ready: boolean; inFlight: number; result: AnalysisAccumulator | undefined };

export function startAnalysisWorkers(count: number, input: AnalysisWorkerInput): AnalysisWorkerPool {
  let failure: Error | undefined;
  let closing = false;
  let waiting: (() => void)[] = [];
  const changed = () => {
    const wake = waiting;
    waiting = [];
    for (const resolve of wake) resolve();
  };
  const nextChange = () => new Promise<void>((resolve) => waiting.push(resolve));
  const slots: Slot[] = Array.from({ length: count }, () => {
    const slot: Slot = { worker: new Worker(new URL(import.meta.url), { workerData: { kind: WORKER_KIND, ...input }, resourceLimits: WORKER_LIMITS }), ready: false, inFlight: 0, result: undefined };
    slot.worker.on('message', (message: FromWorker) => {
      if (message.kind === 'ready') slot.ready = true;
      else if (message.kind === 'done') slot.inFlight--;
      else slot.result = message.accumulator;
      changed();
    });
    slot.worker.on('error', (error) => {
      failure ??= error;
      changed();
    });
    slot.worker.on('exit', (code) => {
      if (!closing && !slot.result) failure ??= new Error(`A survey analysis worker stopped unexpectedly (exit code ${code})`);
      changed();
    });
    return slot;
  });
  return {
    accepting: () => failure !== undefined || slots.some((s) => s.ready),
    async submit(rows) {
      const ids = new Float64Array(rows.length);
      const languages: string[] = new Array(rows.length);
      const answers: string[] = new Array(rows.length);
      rows.forEach((row, i) => {
        ids[i] = row.id;
        languages[i] = row.language;
        answers[i] = row.answers;
      });
      for (;;) {
        if (failure) throw failure;
        const slot = slots.filter((s) => s.ready).reduce<Slot | undefined>((a, b) => (a === undefined || b.inFlight < a.inFlight ? b : a), undefined);
        if (slot && slot.inFlight < MAX_IN_FLIGHT) {
          slot.inFlight++;
          const message: ToWorker = { kind: 'batch', ids, languages, answers };
          slot.worker.postMessage(message, [ids.buffer]);
          return;
        }
        await nextChange();
      }
    },
    async finish() {
      for (const slot of slots) slot.worker.postMessage({ kind: 'finish' } satisfies ToWorker);
      while (!slots.every((s) => s.result)) {
        if (failure) throw failure;
        await nextChange();
      }
      return slots.map((s) => s.result!);
    },
    async close() {
      closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

function runWorker(input: AnalysisWorkerInput, port: MessagePort): void {
  const plan = compilePlan(input.definition);
  const acc = createAccumulator(plan);
  const source = commentSource(new Map(input.corrections));
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'finish') {
      port.postMessage({ kind: 'result', accumulator: acc } satisfies FromWorker);
      return;
    }
    for (let i = 0; i < message.ids.length; i++) {
      addResponse(plan, acc, { id: message.ids[i], language: message.languages[i], answers: parseAnswers(message.answers[i]) }, source);
    }
    port.postMessage({ kind: 'done' } satisfies FromWorker);
  });
  port.postMessage({ kind: 'ready' } satisfies FromWorker);
}

if (!isMainThread && (workerData as { kind?: unknown } | null)?.kind === WORKER_KIND) runWorker(workerData as AnalysisWorkerInput, parentPort!);

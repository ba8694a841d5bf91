// Test support for job runners: a log that keeps what it was told, so tests can assert on skips and failures.
import type { JobsLog } from './jobs.ts';

export type LogEntry = { level: 'info' | 'warn' | 'error'; message: string; details: Record<string, unknown> };

export function recordingLog(): JobsLog & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (details: Record<string, unknown>, message: string) => {
    entries.push({ level, message, details });
  };
  return { entries, info: at('info'), warn: at('warn'), error: at('error') };
}

/** Waits (real time) until `check` passes or the time runs out; returns whether it passed. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

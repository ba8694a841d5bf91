// Account lock-out after repeated failed sign-ins, with a back-off that doubles.
export const FAILURES_BEFORE_LOCK = 5;
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 60 * 60_000;

/** How long an account stays locked after this many consecutive failures (0 = not locked). */
export function lockDurationMs(consecutiveFailures: number): number {
  if (consecutiveFailures < FAILURES_BEFORE_LOCK) return 0;
  const doublings = consecutiveFailures - FAILURES_BEFORE_LOCK;
  // Capped before exponentiating so a huge count cannot overflow to Infinity.
  return Math.min(FIRST_LOCK_MS * 2 ** Math.min(doublings, 12), LONGEST_LOCK_MS);
}

export type FailureOutcome = { failedSignIns: number; lockedUntil: Date | null };

/** The account's state after one more failed attempt. */
export function afterFailure(previousFailures: number, now: Date): FailureOutcome {
  const failedSignIns = previousFailures + 1;
  const duration = lockDurationMs(failedSignIns);
  return { failedSignIns, lockedUntil: duration > 0 ? new Date(now.getTime() + duration) : null };
}

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

// How a phase countdown reads, on the facilitator's screen and on the wall alike.

/** `m:ss` of a number of seconds (its absolute value): 754 → "12:34", 5 → "0:05". */
export function formatClock(seconds: number): string {
  const whole = Math.abs(Math.trunc(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return `${minutes}:${String(rest).padStart(2, "0")}`;
}

/**
 * What the timer shows: the time left, or, once over, by how much ("Dépassement : +2:05"),
 * so an overrun is said in words and never by colour alone.
 */
export function describeRemaining(remainingS: number): { clock: string; overrun: string | null } {
  if (remainingS < 0) return { clock: `+${formatClock(remainingS)}`, overrun: `Dépassement : +${formatClock(remainingS)}` };
  return { clock: formatClock(remainingS), overrun: null };
}

/**
 * The seconds left `elapsedMs` after the engine answered `remainingS`: a running timer moves
 * on between two answers, a paused one does not.
 */
export function remainingAfter(remainingS: number, running: boolean, elapsedMs: number): number {
  return running ? remainingS - Math.floor(Math.max(0, elapsedMs) / 1000) : remainingS;
}

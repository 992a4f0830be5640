// Workshop dates and times as facilitators type them (French, in Paris) and as the engine
// stores them (RFC 3339, UTC). The laptop's own time zone plays no part: a facilitator on
// a laptop set to another zone still plans 18 h 00 in Paris.

const PARIS = "Europe/Paris";

export type CalendarDay = { year: number; month: number; day: number };
export type ClockTime = { hour: number; minute: number };

const parisParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: PARIS,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function numberPart(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): number {
  return Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
}

/** The wall-clock reading in Paris at `instant` (ms since the epoch), as if it were UTC. */
function parisWallClock(instant: number): number {
  const parts = parisParts.formatToParts(new Date(instant));
  return Date.UTC(
    numberPart(parts, "year"),
    numberPart(parts, "month") - 1,
    numberPart(parts, "day"),
    numberPart(parts, "hour"),
    numberPart(parts, "minute"),
    numberPart(parts, "second"),
  );
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "24/11/2026" (also "24/11/26", "24.11.2026", "2026-11-24"); null if it is not a real day. */
export function parseFrenchDate(text: string): CalendarDay | null {
  const trimmed = text.trim();
  let year: number;
  let month: number;
  let day: number;
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(trimmed);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  if (french) {
    day = Number(french[1]);
    month = Number(french[2]);
    year = Number(french[3]);
    // "26" is 2026: workshops are planned for this century.
    if (french[3]!.length === 2) year += 2000;
  } else if (iso) {
    year = Number(iso[1]);
    month = Number(iso[2]);
    day = Number(iso[3]);
  } else {
    return null;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** "18:00", "18h", "18 h 30", "18h30", "9:05"; null if it is not a time of day. */
export function parseFrenchTime(text: string): ClockTime | null {
  const match = /^(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?$/i.exec(text.trim());
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

/**
 * The instant at which Paris reads `day` `time`, as RFC 3339 UTC ("2026-11-24T17:00:00Z").
 * In the hour skipped when clocks go forward, the time is read with the winter offset (so
 * 02:30 becomes 03:30 summer time); in the hour repeated in autumn, the first one is meant.
 */
export function parisToUtc(day: CalendarDay, time: ClockTime): string {
  const wall = Date.UTC(day.year, day.month - 1, day.day, time.hour, time.minute);
  // Paris is UTC+1 or UTC+2: try the offset in force at each candidate, earliest first.
  const candidates = [wall - 2 * 3600_000, wall - 3600_000];
  const exact = candidates.find((instant) => parisWallClock(instant) === wall);
  const instant = exact ?? wall - 3600_000;
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function twoDigits(n: number): string {
  return String(n).padStart(2, "0");
}

/** "24/11/2026" and "18:00" in Paris, to fill the form's fields; null if unreadable. */
export function utcToParisFields(iso: string): { date: string; time: string } | null {
  const instant = new Date(iso).getTime();
  if (Number.isNaN(instant)) return null;
  const parts = parisParts.formatToParts(new Date(instant));
  const [year, month, day, hour, minute] = (["year", "month", "day", "hour", "minute"] as const).map((type) =>
    numberPart(parts, type),
  ) as [number, number, number, number, number];
  return { date: `${twoDigits(day)}/${twoDigits(month)}/${year}`, time: `${twoDigits(hour)}:${twoDigits(minute)}` };
}

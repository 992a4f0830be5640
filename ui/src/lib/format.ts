// French formatting of dates, periods, durations and counts.
// Workshop times arrive as RFC 3339 UTC and are shown in Europe/Paris, whatever the laptop's
// own time zone; the diagnostic's period is a pair of calendar dates with no time zone.

const PARIS = "Europe/Paris";

const MONTHS = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
] as const;

const parisDay = new Intl.DateTimeFormat("fr-FR", {
  timeZone: PARIS,
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});

const parisTime = new Intl.DateTimeFormat("fr-FR", {
  timeZone: PARIS,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const parisDayKey = new Intl.DateTimeFormat("en-CA", {
  timeZone: PARIS,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

const frenchNumber = new Intl.NumberFormat("fr-FR");
const frenchPlural = new Intl.PluralRules("fr-FR");

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? "";
}

/** "1er" for the first of the month, as French writes it; the number otherwise. */
function dayOfMonth(day: number | string): string {
  return String(day) === "1" ? "1er" : String(day);
}

function parseInstant(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "mardi 12 avril 2011" (in Paris). */
export function formatParisDay(date: Date): string {
  const parts = parisDay.formatToParts(date);
  return `${part(parts, "weekday")} ${dayOfMonth(part(parts, "day"))} ${part(parts, "month")} ${part(parts, "year")}`;
}

/** "18 h 00" (in Paris). */
export function formatParisTime(date: Date): string {
  const parts = parisTime.formatToParts(date);
  return `${part(parts, "hour")} h ${part(parts, "minute")}`;
}

/** When a workshop takes place, as a day and a time span that the UI can keep unbroken. */
export type WorkshopWhen = { day: string; time: string | null };

/**
 * When a workshop takes place, in Paris: day "mardi 12 avril 2011", time "18 h 00 – 20 h 30".
 * `null` when it has no start yet; an unreadable value is shown as it is rather than hidden.
 */
export function workshopWhenParts(startsAt: string | null, endsAt: string | null = null): WorkshopWhen | null {
  if (startsAt === null) return null;
  const start = parseInstant(startsAt);
  if (start === null) return { day: startsAt, time: null };
  const end = endsAt === null ? null : parseInstant(endsAt);
  let time = formatParisTime(start);
  if (end !== null && end.getTime() > start.getTime()) {
    const sameDay = parisDayKey.format(start) === parisDayKey.format(end);
    time += sameDay ? ` – ${formatParisTime(end)}` : ` – ${formatParisDay(end)}, ${formatParisTime(end)}`;
  }
  return { day: formatParisDay(start), time };
}

/** The same as one line: "mardi 12 avril 2011, 18 h 00 – 20 h 30". */
export function formatWorkshopWhen(startsAt: string | null, endsAt: string | null = null): string | null {
  const when = workshopWhenParts(startsAt, endsAt);
  if (when === null) return null;
  return when.time === null ? when.day : `${when.day}, ${when.time}`;
}

type CalendarDate = { year: number; month: number; day: number };

function parseCalendarDate(text: string | null): CalendarDate | null {
  if (text === null) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC keeps it clear of any DST.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthName(date: CalendarDate): string {
  return MONTHS[date.month - 1] ?? "";
}

function fullDate(date: CalendarDate): string {
  return `${dayOfMonth(date.day)} ${monthName(date)} ${date.year}`;
}

/**
 * The diagnostic's period in French.
 * Whole months read as months ("avril – juin 2011"), other spans as days
 * ("du 1er avril au 15 juin 2011"); one missing bound gives "à partir du …" / "jusqu'au …".
 * `null` when there is nothing to show.
 */
export function formatPeriod(startText: string | null, endText: string | null): string | null {
  const start = parseCalendarDate(startText);
  const end = parseCalendarDate(endText);
  if (start && end) {
    const wholeMonths = start.day === 1 && end.day === daysInMonth(end.year, end.month);
    const sameYear = start.year === end.year;
    const sameMonth = sameYear && start.month === end.month;
    if (wholeMonths) {
      if (sameMonth) return `${monthName(start)} ${start.year}`;
      if (sameYear) return `${monthName(start)} – ${monthName(end)} ${end.year}`;
      return `${monthName(start)} ${start.year} – ${monthName(end)} ${end.year}`;
    }
    if (sameMonth) {
      if (start.day === end.day) return `le ${fullDate(start)}`;
      return `du ${dayOfMonth(start.day)} au ${fullDate(end)}`;
    }
    if (sameYear) return `du ${dayOfMonth(start.day)} ${monthName(start)} au ${fullDate(end)}`;
    return `du ${fullDate(start)} au ${fullDate(end)}`;
  }
  if (start) return `à partir du ${fullDate(start)}`;
  if (end) return `jusqu'au ${fullDate(end)}`;
  // A value we cannot read is shown raw rather than silently dropped.
  const raw = [startText, endText].filter((t): t is string => t !== null && t !== "");
  return raw.length > 0 ? raw.join(" – ") : null;
}

/** "15 min", "1 h", "1 h 30". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  if (rest === 0) return `${hours} h`;
  return `${hours} h ${String(rest).padStart(2, "0")}`;
}

/** "1 234" (French digit grouping). */
export function formatNumber(count: number): string {
  return frenchNumber.format(count);
}

/**
 * "2026-11-27": the day in Paris, for file names. Built from parts: a webview without the
 * en-CA locale formats it as "11/27/2026", which has no place in a file name.
 */
export function parisDateKey(date: Date): string {
  const parts = parisDayKey.formatToParts(date);
  return `${part(parts, "year")}-${part(parts, "month")}-${part(parts, "day")}`;
}

/** Whether French writes `count` things in the singular: 0 and 1 are. */
export function isSingular(count: number): boolean {
  return frenchPlural.select(count) === "one";
}

/** "1 contribution", "23 contributions", "0 contribution" (French: 0 and 1 are singular). */
export function formatCount(count: number, singular: string, plural: string): string {
  return `${frenchNumber.format(count)} ${isSingular(count) ? singular : plural}`;
}

/** "14 participant·es · 23 contributions". */
export function formatWorkshopCounts(participants: number, contributions: number): string {
  return `${formatCount(participants, "participant·e", "participant·es")} · ${formatCount(
    contributions,
    "contribution",
    "contributions",
  )}`;
}

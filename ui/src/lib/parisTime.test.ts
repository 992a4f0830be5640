import { describe, expect, it } from "vitest";
import { parseFrenchDate, parseFrenchTime, parisToUtc, utcToParisFields } from "./parisTime";

// vite.config.ts runs the tests in America/Los_Angeles: the laptop's zone must play no part.
describe("Paris wall-clock times and UTC", () => {
  it.each([
    // [day, time, UTC]: winter is UTC+1, summer UTC+2.
    ["24/11/2026", "18:00", "2026-11-24T17:00:00Z"],
    ["12/04/2011", "18h", "2011-04-12T16:00:00Z"],
    ["1/1/2027", "0:30", "2026-12-31T23:30:00Z"],
    ["2026-06-14", "20 h 30", "2026-06-14T18:30:00Z"],
    // The night clocks go forward (29 March 2026, 02:00 → 03:00): 01:59 is still winter,
    // 03:00 already summer, and 02:30, which Paris never reads, is taken as 03:30.
    ["29/03/2026", "01:59", "2026-03-29T00:59:00Z"],
    ["29/03/2026", "03:00", "2026-03-29T01:00:00Z"],
    ["29/03/2026", "02:30", "2026-03-29T01:30:00Z"],
    // The night clocks go back (25 October 2026, 03:00 → 02:00): 02:30 happens twice; the first is meant.
    ["25/10/2026", "02:30", "2026-10-25T00:30:00Z"],
    ["25/10/2026", "03:30", "2026-10-25T02:30:00Z"],
  ])("%s at %s in Paris is %s", (dayText, timeText, utc) => {
    const day = parseFrenchDate(dayText);
    const time = parseFrenchTime(timeText);
    expect(day).not.toBeNull();
    expect(time).not.toBeNull();
    expect(parisToUtc(day!, time!)).toBe(utc);
  });

  it("reads a stored instant back as the Paris date and time the form shows", () => {
    expect(utcToParisFields("2026-11-24T17:00:00Z")).toEqual({ date: "24/11/2026", time: "18:00" });
    expect(utcToParisFields("2011-04-12T16:00:00Z")).toEqual({ date: "12/04/2011", time: "18:00" });
    expect(utcToParisFields("2026-12-31T23:30:00Z")).toEqual({ date: "01/01/2027", time: "00:30" });
    expect(utcToParisFields("pas une date")).toBeNull();
  });

  it("round-trips every quarter hour of a year through UTC", () => {
    for (let instant = Date.UTC(2026, 0, 1); instant < Date.UTC(2027, 0, 1); instant += 15 * 60_000 * 97) {
      const iso = new Date(instant).toISOString().replace(/\.\d{3}Z$/, "Z");
      const fields = utcToParisFields(iso)!;
      const back = parisToUtc(parseFrenchDate(fields.date)!, parseFrenchTime(fields.time)!);
      // Only the repeated autumn hour is ambiguous; there the first one is kept.
      if (back !== iso) expect(new Date(iso).getTime() - new Date(back).getTime()).toBe(3600_000);
    }
  });

  it.each(["31/02/2026", "00/01/2026", "24-13-2026", "demain", "", "2026/11/24"])("refuses %j as a date", (text) => {
    expect(parseFrenchDate(text)).toBeNull();
  });

  it.each(["24:00", "18:60", "18h5", "six heures", "", "-1:00"])("refuses %j as a time", (text) => {
    expect(parseFrenchTime(text)).toBeNull();
  });

  it("reads a two-digit year in this century", () => {
    expect(parseFrenchDate("24/11/26")).toEqual({ year: 2026, month: 11, day: 24 });
  });
});

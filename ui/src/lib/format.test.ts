import { describe, expect, it } from "vitest";
import {
  formatCount,
  formatDuration,
  formatParisDay,
  formatPeriod,
  formatWorkshopCounts,
  formatWorkshopWhen,
  workshopWhenParts,
} from "./format";

// Intl may use narrow no-break spaces; compare words, not the exact kind of space.
const spaces = (text: string | null) => text?.replace(/[\u00a0\u202f]/g, " ") ?? null;

describe("formatWorkshopWhen", () => {
  it("shows a summer UTC time in Paris time (UTC+2)", () => {
    expect(formatWorkshopWhen("2011-04-12T16:00:00Z")).toBe("mardi 12 avril 2011, 18 h 00");
  });

  it("shows a winter UTC time in Paris time (UTC+1)", () => {
    expect(formatWorkshopWhen("2011-01-18T17:30:00Z")).toBe("mardi 18 janvier 2011, 18 h 30");
  });

  it("ignores the machine's own time zone", () => {
    expect(new Date("2011-04-12T16:00:00Z").getTimezoneOffset()).toBe(420); // vite.config.ts runs the tests in Los Angeles
    expect(formatWorkshopWhen("2011-04-12T22:30:00Z")).toBe("mercredi 13 avril 2011, 00 h 30");
  });

  it("adds the end time when the workshop ends the same day", () => {
    expect(formatWorkshopWhen("2011-04-12T16:00:00Z", "2011-04-12T18:30:00Z")).toBe(
      "mardi 12 avril 2011, 18 h 00 – 20 h 30",
    );
  });

  it("repeats the day when the workshop ends another day", () => {
    expect(formatWorkshopWhen("2011-04-12T20:00:00Z", "2011-04-12T23:15:00Z")).toBe(
      "mardi 12 avril 2011, 22 h 00 – mercredi 13 avril 2011, 01 h 15",
    );
  });

  it("ignores an end that is not after the start", () => {
    expect(formatWorkshopWhen("2011-04-12T16:00:00Z", "2011-04-12T15:00:00Z")).toBe("mardi 12 avril 2011, 18 h 00");
  });

  it("writes the first of the month as 1er", () => {
    expect(formatWorkshopWhen("2011-06-01T07:00:00Z")).toBe("mercredi 1er juin 2011, 09 h 00");
  });

  it("returns null when there is no date, and the raw text when it cannot be read", () => {
    expect(formatWorkshopWhen(null)).toBeNull();
    expect(formatWorkshopWhen("bientôt")).toBe("bientôt");
  });

  it("splits day and time so the UI can keep each on one line", () => {
    expect(workshopWhenParts("2011-04-12T16:00:00Z", "2011-04-12T18:30:00Z")).toEqual({
      day: "mardi 12 avril 2011",
      time: "18 h 00 – 20 h 30",
    });
  });

  it("formats a day across the autumn clock change", () => {
    // 30 October 2011, 23:30 UTC is already 31 October 00:30 in Paris (UTC+1 again).
    expect(formatParisDay(new Date("2011-10-30T23:30:00Z"))).toBe("lundi 31 octobre 2011");
  });
});

describe("formatPeriod", () => {
  it.each([
    ["2011-04-01", "2011-06-30", "avril – juin 2011"],
    ["2011-04-01", "2011-04-30", "avril 2011"],
    ["2010-11-01", "2011-02-28", "novembre 2010 – février 2011"],
    ["2011-04-01", "2011-06-15", "du 1er avril au 15 juin 2011"],
    ["2011-04-12", "2011-06-30", "du 12 avril au 30 juin 2011"],
    ["2011-04-03", "2011-04-17", "du 3 au 17 avril 2011"],
    ["2011-04-12", "2011-04-12", "le 12 avril 2011"],
    ["2010-12-15", "2011-01-31", "du 15 décembre 2010 au 31 janvier 2011"],
    ["2012-02-01", "2012-02-29", "février 2012"],
  ])("%s → %s reads “%s”", (start, end, expected) => {
    expect(formatPeriod(start, end)).toBe(expected);
  });

  it("does not take 28 February of a leap year for the end of the month", () => {
    expect(formatPeriod("2012-02-01", "2012-02-28")).toBe("du 1er au 28 février 2012");
  });

  it("handles a missing bound", () => {
    expect(formatPeriod("2011-04-01", null)).toBe("à partir du 1er avril 2011");
    expect(formatPeriod(null, "2011-06-30")).toBe("jusqu'au 30 juin 2011");
    expect(formatPeriod(null, null)).toBeNull();
  });

  it("shows unreadable dates as they are instead of hiding them", () => {
    expect(formatPeriod("2011-13-01", "printemps")).toBe("2011-13-01 – printemps");
  });
});

describe("counts and durations", () => {
  it("uses the French singular for 0 and 1", () => {
    expect(formatCount(0, "contribution", "contributions")).toBe("0 contribution");
    expect(formatCount(1, "contribution", "contributions")).toBe("1 contribution");
    expect(formatCount(2, "contribution", "contributions")).toBe("2 contributions");
  });

  it("groups thousands the French way", () => {
    expect(spaces(formatCount(12345, "contribution", "contributions"))).toBe("12 345 contributions");
  });

  it("writes a workshop's counts", () => {
    expect(formatWorkshopCounts(14, 23)).toBe("14 participant·es · 23 contributions");
    expect(formatWorkshopCounts(1, 0)).toBe("1 participant·e · 0 contribution");
  });

  it.each([
    [15, "15 min"],
    [60, "1 h"],
    [90, "1 h 30"],
    [125, "2 h 05"],
    [0, "0 min"],
  ])("%i minutes read “%s”", (minutes, expected) => {
    expect(formatDuration(minutes)).toBe(expected);
  });
});

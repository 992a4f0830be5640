import { describe, expect, it } from "vitest";
import { describeRemaining, formatClock, remainingAfter } from "./countdown";

describe("countdown", () => {
  it("reads minutes and two-digit seconds", () => {
    expect(formatClock(754)).toBe("12:34");
    expect(formatClock(5)).toBe("0:05");
    expect(formatClock(0)).toBe("0:00");
    // A 90-minute phase stays in minutes: no hours to misread.
    expect(formatClock(90 * 60)).toBe("90:00");
  });

  it("says an overrun in words, with the time over", () => {
    expect(describeRemaining(125)).toEqual({ clock: "2:05", overrun: null });
    expect(describeRemaining(-125)).toEqual({ clock: "+2:05", overrun: "Dépassement : +2:05" });
  });

  it("moves on between two answers only while running", () => {
    expect(remainingAfter(60, true, 2500)).toBe(58);
    expect(remainingAfter(60, false, 2500)).toBe(60);
    expect(remainingAfter(1, true, 3000)).toBe(-2);
  });
});

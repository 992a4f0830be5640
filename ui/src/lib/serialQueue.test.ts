import { describe, expect, it } from "vitest";
import { createSerialQueue } from "./serialQueue";

describe("serial queue", () => {
  it("runs each task after the previous one settled, failures included", async () => {
    const queue = createSerialQueue();
    const events: string[] = [];
    const slow = queue.run(async () => {
      events.push("slow start");
      await new Promise((resolve) => setTimeout(resolve, 20));
      events.push("slow end");
      throw new Error("refusé");
    });
    const fast = queue.run(async () => {
      events.push("fast");
      return 42;
    });
    await expect(slow).rejects.toThrow("refusé");
    await expect(fast).resolves.toBe(42);
    expect(events).toEqual(["slow start", "slow end", "fast"]);
  });
});

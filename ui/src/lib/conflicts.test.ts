import { describe, expect, it } from "vitest";
import { conflicts } from "../fixtures/exchange";
import { canWriteNewText, choiceFor, conflictKey, EMPTY_TEXT } from "./conflicts";

const [textConflict, placeConflict, categoryConflict] = conflicts as [
  (typeof conflicts)[0],
  (typeof conflicts)[0],
  (typeof conflicts)[0],
];

describe("choiceFor", () => {
  it("keeps the current version with no more detail", () => {
    expect(choiceFor(textConflict, { kind: "keep_current" })).toEqual({ kind: "keep_current" });
  });

  it("names the other version by its stamp, so a version changed meanwhile is refused, not kept", () => {
    expect(choiceFor(textConflict, { kind: "keep_other" })).toEqual({
      kind: "keep_other",
      other_stamp: textConflict.other_stamp,
    });
  });

  it("sends a new text trimmed", () => {
    expect(choiceFor(textConflict, { kind: "write", text: "  Les loyers sont trop chers.\n" })).toEqual({
      kind: "write",
      text: "Les loyers sont trop chers.",
    });
  });

  it("refuses an empty new text with a French reason, without a payload", () => {
    expect(choiceFor(textConflict, { kind: "write", text: " \n " })).toEqual({ problem: EMPTY_TEXT });
  });
});

describe("canWriteNewText", () => {
  it("offers a third version only for free-text fields", () => {
    expect(canWriteNewText(textConflict)).toBe(true);
    expect(canWriteNewText(placeConflict)).toBe(true);
    expect(canWriteNewText(categoryConflict)).toBe(false);
  });
});

describe("conflictKey", () => {
  it("tells apart two other versions of the same field", () => {
    const second = { ...textConflict, other_stamp: "ff" };
    expect(conflictKey(textConflict)).not.toBe(conflictKey(second));
    expect(conflictKey(textConflict)).toBe(conflictKey({ ...textConflict }));
  });
});

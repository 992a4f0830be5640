import { describe, expect, it } from "vitest";
import type { BoardView } from "./bindings/BoardView";
import type { ContributionView } from "./bindings/ContributionView";
import { clusterStacks, clusteredIds, columnsOf, fold, foldedText, originalsOf, stackMatches, stacksOf, withDuplicate, withMove } from "./board";
import { categories, contributions, stakes } from "../fixtures/demo";

const ids = contributions.map((c) => c.id);
const all = () => true;

function board(partial: Partial<BoardView> = {}): BoardView {
  return { clusters: [], duplicates: [], ...partial };
}

describe("board layout", () => {
  it("puts every contribution in no cluster in its category's column, the rest last", () => {
    const stacks = stacksOf(contributions, new Map());
    const columns = columnsOf("category", stacks, new Set(), categories, stakes, all);
    expect(columns.map((c) => c.title)).toEqual([...categories.map((c) => c.label), "Sans catégorie"]);
    const shown = columns.flatMap((c) => c.stacks.map((s) => s.original.id));
    expect(shown.sort()).toEqual([...ids].sort());
    expect(columns.at(-1)!.stacks.map((s) => s.original.text)[0]).toContain("<script>");
  });

  it("shows a contribution under each of its stakes in stake mode", () => {
    const stacks = stacksOf(contributions, new Map());
    const columns = columnsOf("stake", stacks, new Set(), categories, stakes, all);
    const third = contributions[2]!; // stakes 3 and 5
    const holding = columns.filter((c) => c.stacks.some((s) => s.original.id === third.id)).map((c) => c.key);
    expect(holding).toEqual([stakes[2]!.id, stakes[4]!.id]);
    expect(columns.at(-1)!.title, "one with no stake has a column of its own").toBe("Sans enjeu");
  });

  it("takes a clustered contribution out of its column and keeps the cluster's order", () => {
    const view = board({ clusters: [{ id: "k1", name: "Lieux", member_ids: [ids[3]!, ids[1]!] }] });
    const stacks = stacksOf(contributions, new Map());
    const columns = columnsOf("category", stacks, clusteredIds(view), categories, stakes, all);
    const inColumns = columns.flatMap((c) => c.stacks.map((s) => s.original.id));
    expect(inColumns).not.toContain(ids[1]);
    expect(inColumns).not.toContain(ids[3]);
    expect(clusterStacks(view, stacks, all)[0]!.stacks.map((s) => s.original.id)).toEqual([ids[3], ids[1]]);
  });

  it("stacks a duplicate under the end of its chain and ignores loops and deleted originals", () => {
    const view = board({
      duplicates: [
        { contribution_id: ids[2]!, duplicate_of: ids[1]! },
        { contribution_id: ids[1]!, duplicate_of: ids[0]! },
        { contribution_id: ids[4]!, duplicate_of: ids[5]! },
        { contribution_id: ids[5]!, duplicate_of: ids[4]! },
        { contribution_id: ids[6]!, duplicate_of: "gone" },
      ],
    });
    const originals = originalsOf(contributions, view);
    expect(originals.get(ids[2]!), "a duplicate of a duplicate goes to the first original").toBe(ids[0]);
    expect(originals.has(ids[4]!), "a loop leaves both as originals").toBe(false);
    expect(originals.has(ids[6]!), "a deleted original leaves its duplicate on the board").toBe(false);
    const stacks = stacksOf(contributions, originals);
    expect(stacks.get(ids[0]!)!.duplicates.map((c) => c.id)).toEqual([ids[1], ids[2]]);
    expect(stacks.has(ids[1]!), "a duplicate is no stack of its own").toBe(false);
  });

  it("filters without accents or case, on the original or any duplicate", () => {
    const folded = new Map(contributions.map((c) => [c.id, fold(c.text)]));
    const stack = { original: contributions[0]!, duplicates: [contributions[2]!] };
    expect(stackMatches(stack, fold("PÉPINIÈRE"), folded), "found in the duplicate, accents ignored").toBe(true);
    expect(stackMatches(stack, fold("velo"), folded)).toBe(false);
    expect(stackMatches(stack, "", folded)).toBe(true);
  });

  it("folds a contribution's text once, and again only for a corrected copy", () => {
    const original = { ...contributions[0]!, text: "Économie Sociale" };
    expect(foldedText(original)).toBe("economie sociale");
    expect(foldedText(original)).toBe(foldedText(original));
    // A correction replaces the object: its fold is the new text's, not the cached one.
    expect(foldedText({ ...original, text: "Mobilité" })).toBe("mobilite");
  });

  it("moves and marks the way the engine does", () => {
    const view = board({
      clusters: [
        { id: "k1", name: "A", member_ids: ["x", "y"] },
        { id: "k2", name: "B", member_ids: [] },
      ],
    });
    const moved = withMove(view, "x", "k2");
    expect(moved.clusters.map((c) => c.member_ids)).toEqual([["y"], ["x"]]);
    expect(withMove(moved, "x", null).clusters.map((c) => c.member_ids)).toEqual([["y"], []]);
    const marked = withDuplicate(withDuplicate(view, "x", "y"), "x", "z");
    expect(marked.duplicates, "a new original replaces the previous one").toEqual([{ contribution_id: "x", duplicate_of: "z" }]);
    expect(withDuplicate(marked, "x", null).duplicates).toEqual([]);
  });
});

describe("many contributions", () => {
  it("lays out 5,000 contributions quickly", () => {
    const many: ContributionView[] = Array.from({ length: 5000 }, (_, i) => ({
      ...contributions[i % contributions.length]!,
      id: `c-${i}`,
      text: `Contribution numéro ${i} sur l'économie solidaire`,
    }));
    const start = performance.now();
    const stacks = stacksOf(many, originalsOf(many, board()));
    const folded = new Map(many.map((c) => [c.id, fold(c.text)]));
    const columns = columnsOf("category", stacks, new Set(), categories, stakes, (s) => stackMatches(s, "economie", folded));
    const elapsed = performance.now() - start;
    expect(columns.reduce((n, c) => n + c.stacks.length, 0)).toBe(5000);
    expect(elapsed, "layout work stays well under a frame budget's worth of seconds").toBeLessThan(500);
  });
});

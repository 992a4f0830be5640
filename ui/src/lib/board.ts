// What the board shows, computed once per change of the contributions, the board or the
// filter, never per card: columns (by category or by stake) of the contributions in no
// cluster, the clusters with their members, and each contribution's duplicates stacked under
// the one they repeat.
//
// Invariants:
// - Every live contribution appears exactly once as an original or a duplicate in a stack
//   (in stake mode, once per stake it carries), so grouping never hides one.
// - A duplicate is stacked under the end of its chain of originals; a duplicate whose
//   original is gone (deleted) or that loops back to itself is shown as an original.
// - A contribution in a cluster leaves its column; one in two clusters (after concurrent
//   moves on two computers) shows in both until someone moves it again.

import type { BoardView } from "./bindings/BoardView";
import type { CategoryView } from "./bindings/CategoryView";
import type { ClusterView } from "./bindings/ClusterView";
import type { ContributionView } from "./bindings/ContributionView";
import type { StakeView } from "./bindings/StakeView";

export type BoardMode = "category" | "stake";

/** Where the keyboard's chooser puts a card. */
export type GroupChoice = { kind: "cluster"; id: string } | { kind: "new"; name: string } | { kind: "out" };

/** An original and the contributions marked as repeating it, in capture order. */
export type Stack = { original: ContributionView; duplicates: ContributionView[] };

export type BoardColumn = { key: string; title: string; stacks: Stack[] };
export type BoardCluster = { cluster: ClusterView; stacks: Stack[] };

export const NO_CATEGORY_KEY = "none";
export const NO_STAKE_KEY = "none";

/** Lower case, accents dropped: "Économie" and "economie" match. */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

const foldedTexts = new WeakMap<ContributionView, string>();

/**
 * The contribution's text folded, computed once per contribution object: the board and the
 * vote's filter fold thousands of texts each time they open. Contributions are replaced
 * whole when they change, never mutated, so a cached fold never goes stale.
 */
export function foldedText(contribution: ContributionView): string {
  let folded = foldedTexts.get(contribution);
  if (folded === undefined) {
    folded = fold(contribution.text);
    foldedTexts.set(contribution, folded);
  }
  return folded;
}

/** contribution id → the original at the end of its chain, for every valid duplicate. */
export function originalsOf(contributions: ContributionView[], board: BoardView): Map<string, string> {
  const live = new Set(contributions.map((c) => c.id));
  const pointsTo = new Map<string, string>();
  for (const link of board.duplicates) {
    if (live.has(link.contribution_id) && live.has(link.duplicate_of)) {
      pointsTo.set(link.contribution_id, link.duplicate_of);
    }
  }
  const roots = new Map<string, string>();
  for (const id of pointsTo.keys()) {
    const seen = new Set([id]);
    let current = pointsTo.get(id)!;
    while (pointsTo.has(current) && !seen.has(current)) {
      seen.add(current);
      current = pointsTo.get(current)!;
    }
    // A loop (two computers marking each other's original) leaves both as originals.
    if (!seen.has(current)) roots.set(id, current);
  }
  return roots;
}

/** The stacks of the board, keyed by their original's id, in capture order. */
export function stacksOf(contributions: ContributionView[], originals: Map<string, string>): Map<string, Stack> {
  const stacks = new Map<string, Stack>();
  for (const contribution of contributions) {
    if (!originals.has(contribution.id)) stacks.set(contribution.id, { original: contribution, duplicates: [] });
  }
  for (const contribution of contributions) {
    const root = originals.get(contribution.id);
    if (root !== undefined) stacks.get(root)?.duplicates.push(contribution);
  }
  return stacks;
}

/** Whether any contribution of the stack contains the folded `query` (empty: all do). */
export function stackMatches(stack: Stack, query: string, folded: Map<string, string>): boolean {
  if (query === "") return true;
  const has = (c: ContributionView) => (folded.get(c.id) ?? fold(c.text)).includes(query);
  return has(stack.original) || stack.duplicates.some(has);
}

/** The clusters in board order, each with its live stacks. */
export function clusterStacks(board: BoardView, stacks: Map<string, Stack>, keep: (stack: Stack) => boolean): BoardCluster[] {
  return board.clusters.map((cluster) => {
    const shown: Stack[] = [];
    const seen = new Set<string>();
    for (const id of cluster.member_ids) {
      const stack = stacks.get(id);
      if (stack && !seen.has(id) && keep(stack)) shown.push(stack);
      seen.add(id);
    }
    return { cluster, stacks: shown };
  });
}

/** Ids of the contributions in at least one cluster. */
export function clusteredIds(board: BoardView): Set<string> {
  return new Set(board.clusters.flatMap((c) => c.member_ids));
}

/** Columns of the stacks in no cluster: one per category (or stake), then one for the rest. */
export function columnsOf(
  mode: BoardMode,
  stacks: Map<string, Stack>,
  clustered: Set<string>,
  categories: CategoryView[],
  stakes: StakeView[],
  keep: (stack: Stack) => boolean,
): BoardColumn[] {
  const columns: BoardColumn[] =
    mode === "category"
      ? categories.map((c) => ({ key: c.id, title: c.label, stacks: [] }))
      : stakes.map((s) => ({ key: s.id, title: `Enjeu ${s.number} : ${s.label}`, stacks: [] }));
  const rest: BoardColumn = {
    key: mode === "category" ? NO_CATEGORY_KEY : NO_STAKE_KEY,
    title: mode === "category" ? "Sans catégorie" : "Sans enjeu",
    stacks: [],
  };
  const byKey = new Map(columns.map((column) => [column.key, column]));
  for (const stack of stacks.values()) {
    if (clustered.has(stack.original.id) || !keep(stack)) continue;
    const original = stack.original;
    if (mode === "category") {
      (byKey.get(original.category_id ?? "") ?? rest).stacks.push(stack);
    } else {
      const targets = original.stake_ids.map((id) => byKey.get(id)).filter((c) => c !== undefined);
      if (targets.length === 0) rest.stacks.push(stack);
      for (const column of new Set(targets)) column.stacks.push(stack);
    }
  }
  // An empty "rest" column is noise; an empty category column is a place to drop onto.
  return rest.stacks.length > 0 ? [...columns, rest] : columns;
}

/** The board after `contributionId` moved to `clusterId` (or out of every cluster): what the engine does. */
export function withMove(board: BoardView, contributionId: string, clusterId: string | null): BoardView {
  return {
    ...board,
    clusters: board.clusters.map((cluster) => {
      const others = cluster.member_ids.filter((id) => id !== contributionId);
      return { ...cluster, member_ids: cluster.id === clusterId ? [...others, contributionId] : others };
    }),
  };
}

/** The board after `contributionId` was marked as repeating `originalId` (or not, with null). */
export function withDuplicate(board: BoardView, contributionId: string, originalId: string | null): BoardView {
  const others = board.duplicates.filter((link) => link.contribution_id !== contributionId);
  return {
    ...board,
    duplicates: originalId === null ? others : [...others, { contribution_id: contributionId, duplicate_of: originalId }],
  };
}

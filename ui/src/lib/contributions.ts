// The live list of contributions, kept in capture order while the facilitator captures,
// deletes and restores.

import type { ContributionView } from "./bindings/ContributionView";

/**
 * `contributions` with `added` in its place in capture order (replacing an entry with the
 * same id). Ids are UUIDv7, made when the line was captured: their text order is the
 * capture order, the same order the engine lists them in.
 */
export function insertInCaptureOrder(contributions: ContributionView[], added: ContributionView): ContributionView[] {
  const others = contributions.filter((c) => c.id !== added.id);
  const index = others.findIndex((c) => c.id > added.id);
  if (index === -1) return [...others, added];
  return [...others.slice(0, index), added, ...others.slice(index)];
}

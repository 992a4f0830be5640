// French sentences for what a sync, a preview or an import changes, kind by kind:
// "12 contributions ajoutées, 3 mises à jour". The engine sends counts per table; the nouns,
// their gender and the agreement of the participles are French grammar, so they live here.

import type { KindCount } from "./bindings/KindCount";
import type { MergeSummaryView } from "./bindings/MergeSummaryView";
import { formatCount, formatNumber, isSingular } from "./format";

/** Masculine, feminine, or inclusive writing (participant·e, ajouté·e). */
type Gender = "m" | "f" | "inclusive";
type Noun = { one: string; many: string; gender: Gender };

const noun = (one: string, many: string, gender: Gender): Noun => ({ one, many, gender });

export const KIND_NOUNS: Record<string, Noun> = {
  diagnostic: noun("diagnostic", "diagnostics", "m"),
  stake: noun("enjeu", "enjeux", "m"),
  territory: noun("territoire", "territoires", "m"),
  theme: noun("thème", "thèmes", "m"),
  category: noun("catégorie", "catégories", "f"),
  workshop: noun("atelier", "ateliers", "m"),
  phase: noun("séquence", "séquences", "f"),
  organisation: noun("structure", "structures", "f"),
  participant: noun("participant·e", "participant·es", "inclusive"),
  attendance: noun("présence", "présences", "f"),
  contribution: noun("contribution", "contributions", "f"),
  contribution_stake: noun("enjeu de contribution", "enjeux de contributions", "m"),
  cluster: noun("regroupement", "regroupements", "m"),
  cluster_member: noun("membre de regroupement", "membres de regroupements", "m"),
  contribution_vote: noun("vote sur une contribution", "votes sur des contributions", "m"),
  cluster_vote: noun("vote sur un regroupement", "votes sur des regroupements", "m"),
  initiative: noun("initiative", "initiatives", "f"),
  initiative_source: noun("source d'initiative", "sources d'initiatives", "f"),
  recommendation: noun("préconisation", "préconisations", "f"),
  recommendation_stake: noun("enjeu de préconisation", "enjeux de préconisations", "m"),
  recommendation_source: noun("source de préconisation", "sources de préconisations", "f"),
};

// Past participles, by gender and number.
const ADDED: Record<Gender, [string, string]> = {
  m: ["ajouté", "ajoutés"],
  f: ["ajoutée", "ajoutées"],
  inclusive: ["ajouté·e", "ajouté·es"],
};
const UPDATED: Record<Gender, [string, string]> = {
  m: ["mis à jour", "mis à jour"],
  f: ["mise à jour", "mises à jour"],
  inclusive: ["mis·e à jour", "mis·es à jour"],
};

function participle(forms: Record<Gender, [string, string]>, gender: Gender, count: number): string {
  return forms[gender][isSingular(count) ? 0 : 1];
}

/**
 * One kind's line: "12 contributions ajoutées, 3 mises à jour", "1 atelier ajouté",
 * "2 participant·es mis·es à jour". The noun agrees with the first number shown.
 */
export function describeKind(kind: KindCount): string {
  const known = KIND_NOUNS[kind.table];
  if (!known) {
    // A kind this UI does not know yet (a newer engine): its gender is unknown, so the
    // numbers go with nouns that carry their own ("2 ajouts, 1 mise à jour").
    const counts = [
      kind.inserted > 0 ? formatCount(kind.inserted, "ajout", "ajouts") : null,
      kind.updated > 0 ? formatCount(kind.updated, "mise à jour", "mises à jour") : null,
    ];
    return `${kind.label} : ${counts.filter((c) => c !== null).join(", ")}`;
  }
  const { one, many, gender } = known;
  if (kind.inserted > 0) {
    const added = `${formatCount(kind.inserted, one, many)} ${participle(ADDED, gender, kind.inserted)}`;
    if (kind.updated === 0) return added;
    return `${added}, ${formatNumber(kind.updated)} ${participle(UPDATED, gender, kind.updated)}`;
  }
  return `${formatCount(kind.updated, one, many)} ${participle(UPDATED, gender, kind.updated)}`;
}

// The records people think in come first; the links between them (stakes of a contribution,
// members of a group, sources) follow.
const LINK_TABLES = new Set([
  "contribution_stake",
  "cluster_member",
  "attendance",
  "initiative_source",
  "recommendation_stake",
  "recommendation_source",
]);

/** The lines of a summary, records first, then links; empty when nothing changes. */
export function describeChanges(summary: MergeSummaryView): string[] {
  const changed = summary.kinds.filter((kind) => kind.inserted + kind.updated > 0);
  const records = changed.filter((kind) => !LINK_TABLES.has(kind.table));
  const links = changed.filter((kind) => LINK_TABLES.has(kind.table));
  return [...records, ...links].map(describeKind);
}

/** "1 nouveau conflit à examiner", "3 nouveaux conflits à examiner"; null when none. */
export function describeNewConflicts(count: number): string | null {
  if (count === 0) return null;
  return `${formatCount(count, "nouveau conflit", "nouveaux conflits")} à examiner`;
}

/** "Aucun conflit", "1 conflit à examiner", "4 conflits à examiner". */
export function describeOpenConflicts(count: number): string {
  if (count === 0) return "Aucun conflit à examiner";
  return `${formatCount(count, "conflit", "conflits")} à examiner`;
}

/** The last part of a path, for lists where the folder is shown once or on hover. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/).filter((part) => part !== "");
  return parts[parts.length - 1] ?? path;
}

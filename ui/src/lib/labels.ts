// French labels for the closed vocabularies, whose stored codes come from the engine.
// `Record<Code, string>` makes the compiler refuse a map that misses a code.

import type { Attribution } from "./bindings/Attribution";
import type { LegalForm } from "./bindings/LegalForm";
import type { ParticipantRole } from "./bindings/ParticipantRole";
import type { RecommendationStatus } from "./bindings/RecommendationStatus";
import type { StructureType } from "./bindings/StructureType";
import type { WorkshopKind } from "./bindings/WorkshopKind";

export const STRUCTURE_TYPE_LABELS: Record<StructureType, string> = {
  association: "Association",
  cooperative: "Coopérative",
  mutuelle: "Mutuelle",
  fondation: "Fondation",
  entreprise: "Entreprise",
  collectivite: "Collectivité",
  habitant: "Habitant·e",
  autre: "Autre",
};

export const PARTICIPANT_ROLE_LABELS: Record<ParticipantRole, string> = {
  elu: "Élu·e",
  technicien: "Technicien·ne",
  acteur_ess: "Acteur·rice ESS",
  citoyen: "Citoyen·ne",
};

export const WORKSHOP_KIND_LABELS: Record<WorkshopKind, string> = {
  territorial: "Territorial",
  thematic: "Thématique",
};

/** Mirrors the engine's `LegalForm::label_fr`, in the engine's order. */
export const LEGAL_FORM_LABELS: Record<LegalForm, string> = {
  association: "Association",
  scop: "SCOP",
  scic: "SCIC",
  cooperative: "Coopérative",
  mutuelle: "Mutuelle",
  fondation: "Fondation",
  insertion: "Structure d'insertion",
  entreprise_ess: "Entreprise de l'ESS",
  collectif: "Collectif informel",
  autre: "Autre",
};

/** The legal forms with their labels, in the engine's order: the choices of a form. */
export const LEGAL_FORMS = Object.entries(LEGAL_FORM_LABELS) as [LegalForm, string][];

/** In the order a recommendation goes through them; keys 1 to 4 choose them. */
export const RECOMMENDATION_STATUS_LABELS: Record<RecommendationStatus, string> = {
  proposee: "Proposée",
  retenue: "Retenue",
  ecartee: "Écartée",
  a_approfondir: "À approfondir",
};

export const RECOMMENDATION_STATUSES = Object.keys(RECOMMENDATION_STATUS_LABELS) as RecommendationStatus[];

/** Who a recommendation usually addresses; the audience is stored as these words, joined. */
export const RECOMMENDATION_AUDIENCES = ["élus", "services", "acteurs"] as const;

export const ANONYMOUS_LABEL = "Anonyme";

// A newer engine may send a code this UI does not know yet: show the code, not "undefined".
function labelOrCode<Code extends string>(labels: Record<Code, string>, code: Code): string {
  return labels[code] ?? code;
}

export function structureTypeLabel(code: StructureType): string {
  return labelOrCode(STRUCTURE_TYPE_LABELS, code);
}

export function participantRoleLabel(code: ParticipantRole): string {
  return labelOrCode(PARTICIPANT_ROLE_LABELS, code);
}

export function legalFormLabel(code: LegalForm): string {
  return labelOrCode(LEGAL_FORM_LABELS, code);
}

export function workshopKindLabel(code: WorkshopKind): string {
  return labelOrCode(WORKSHOP_KIND_LABELS, code);
}

/**
 * Who a contribution is attributed to: "Anonyme", a type of structure, or a participant's
 * name with their type of structure. A participant with no name (erased) falls back to the
 * type of structure only.
 */
export function attributionLabel(attribution: Attribution): string {
  switch (attribution.kind) {
    case "anonymous":
      return ANONYMOUS_LABEL;
    case "structure":
      return structureTypeLabel(attribution.structure_type);
    case "participant": {
      const structure = structureTypeLabel(attribution.structure_type);
      const name = attribution.name?.trim();
      return name ? `${name} (${structure})` : structure;
    }
    default:
      return ANONYMOUS_LABEL;
  }
}

/** The tones a category tag can take; the stylesheet gives each a colour pair. */
export const CATEGORY_TONES = ["slate", "green", "red", "violet", "amber", "teal", "blue", "rose"] as const;
export type CategoryTone = (typeof CATEGORY_TONES)[number];

const KNOWN_CATEGORY_TONES: Record<string, CategoryTone> = {
  constat: "slate",
  atout: "green",
  difficulte: "red",
  besoin: "violet",
  idee: "amber",
  preconisation: "teal",
  initiative: "blue",
  question: "rose",
};

function foldCode(code: string): string {
  return code.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase().trim();
}

/**
 * The tone of a category tag: fixed for the usual categories, so "atout" is always green;
 * stable for any other code (same code, same tone) so a custom category keeps its colour.
 */
export function categoryTone(code: string): CategoryTone {
  const folded = foldCode(code);
  const known = KNOWN_CATEGORY_TONES[folded];
  if (known) return known;
  let hash = 0;
  for (const char of folded) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return CATEGORY_TONES[hash % CATEGORY_TONES.length] ?? "slate";
}

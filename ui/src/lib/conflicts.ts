// The conflicts screen's logic: which decision becomes which payload for the engine.

import type { ConflictChoice } from "./bindings/ConflictChoice";
import type { ConflictView } from "./bindings/ConflictView";

/** What the user can decide; "write" carries the new text as typed. */
export type Decision = { kind: "keep_current" } | { kind: "keep_other" } | { kind: "write"; text: string };

export const EMPTY_TEXT = "Écrivez le nouveau texte, ou gardez l'une des deux versions.";

/**
 * The engine's payload for `decision` on `conflict`, or a French reason when it cannot be sent.
 * Keeping the other version names it by its stamp, so a version that changed meanwhile is
 * refused by the engine rather than kept by mistake.
 */
export function choiceFor(conflict: ConflictView, decision: Decision): ConflictChoice | { problem: string } {
  switch (decision.kind) {
    case "keep_current":
      return { kind: "keep_current" };
    case "keep_other":
      return { kind: "keep_other", other_stamp: conflict.other_stamp };
    case "write": {
      const text = decision.text.trim();
      return text === "" ? { problem: EMPTY_TEXT } : { kind: "write", text };
    }
  }
}

// Only where the value is free text can a person write a third version; other fields hold
// a choice (a category, a sequence, a type of structure) or a number. The engine says which.
export function canWriteNewText(conflict: ConflictView): boolean {
  return conflict.free_text;
}

/** Identifies one conflict in a list: one record's field can conflict with several versions. */
export function conflictKey(conflict: ConflictView): string {
  return `${conflict.table}/${conflict.record_id}/${conflict.field}/${conflict.other_stamp}`;
}

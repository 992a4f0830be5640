// The agenda as the planning form edits it: rows with a local key (so Svelte keeps each
// row's fields and focus while rows move), turned into the engine's PhasePlan on saving.

import type { PhasePlan } from "./bindings/PhasePlan";

export type AgendaRow = {
  /** Local to the form: stays with the row when it moves. */
  key: number;
  /** The saved phase's id; null for a phase added in the form. */
  id: string | null;
  title: string;
  question: string;
  /** As typed, so a half-typed number is not rewritten under the cursor. */
  duration: string;
};

let nextKey = 1;

export function rowFromPhase(phase: PhasePlan): AgendaRow {
  return { key: nextKey++, id: phase.id, title: phase.title, question: phase.question, duration: String(phase.duration_min) };
}

export function emptyRow(): AgendaRow {
  return { key: nextKey++, id: null, title: "", question: "", duration: "15" };
}

/** `rows` with the row at `index` moved one place up (-1) or down (+1); unchanged at an end. */
export function moveRow<T>(rows: T[], index: number, step: -1 | 1): T[] {
  const target = index + step;
  if (index < 0 || index >= rows.length || target < 0 || target >= rows.length) return rows;
  const moved = [...rows];
  [moved[index], moved[target]] = [moved[target]!, moved[index]!];
  return moved;
}

/** Minutes as typed ("15", " 20 "), or null when it is not a whole number of minutes. */
export function parseMinutes(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,3}$/.test(trimmed)) return null;
  return Number(trimmed);
}

export type AgendaProblem = { rowKey: number; message: string };

/** The agenda to save, or the first row that cannot be saved and why (in French). */
export function agendaToPlan(rows: AgendaRow[]): { agenda: PhasePlan[] } | { problem: AgendaProblem } {
  const agenda: PhasePlan[] = [];
  for (const [index, row] of rows.entries()) {
    const title = row.title.trim();
    if (title === "") {
      return { problem: { rowKey: row.key, message: `La séquence ${index + 1} n'a pas de titre.` } };
    }
    const minutes = parseMinutes(row.duration);
    if (minutes === null) {
      return {
        problem: { rowKey: row.key, message: `La durée de « ${title} » doit être un nombre de minutes, par exemple 15.` },
      };
    }
    agenda.push({ id: row.id, title, question: row.question.trim(), duration_min: minutes });
  }
  return { agenda };
}

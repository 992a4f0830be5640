import { describe, expect, it } from "vitest";
import { agendaToPlan, emptyRow, moveRow, parseMinutes, rowFromPhase } from "./agenda";

describe("agenda rows", () => {
  it("moves a row up or down one place, and leaves the ends alone", () => {
    const rows = ["accueil", "tour", "état", "clôture"];
    expect(moveRow(rows, 1, -1)).toEqual(["tour", "accueil", "état", "clôture"]);
    expect(moveRow(rows, 1, 1)).toEqual(["accueil", "état", "tour", "clôture"]);
    expect(moveRow(rows, 0, -1)).toBe(rows);
    expect(moveRow(rows, 3, 1)).toBe(rows);
    expect(rows).toEqual(["accueil", "tour", "état", "clôture"]);
  });

  it("reads durations as whole minutes only", () => {
    expect(parseMinutes(" 15 ")).toBe(15);
    expect(parseMinutes("0")).toBe(0);
    expect(parseMinutes("1,5")).toBeNull();
    expect(parseMinutes("")).toBeNull();
    expect(parseMinutes("quinze")).toBeNull();
  });

  it("turns rows into the engine's agenda in their order, keeping saved ids and trimming text", () => {
    const saved = rowFromPhase({ id: "p1", title: "Accueil", question: "", duration_min: 10 });
    const added = { ...emptyRow(), title: "  Pot de l'amitié ", question: " Et après ? ", duration: "20" };
    expect(agendaToPlan([added, saved])).toEqual({
      agenda: [
        { id: null, title: "Pot de l'amitié", question: "Et après ?", duration_min: 20 },
        { id: "p1", title: "Accueil", question: "", duration_min: 10 },
      ],
    });
  });

  it("names the row that cannot be saved, and why, in French", () => {
    const untitled = emptyRow();
    expect(agendaToPlan([untitled])).toEqual({
      problem: { rowKey: untitled.key, message: "La séquence 1 n'a pas de titre." },
    });
    const badDuration = { ...emptyRow(), title: "Clôture", duration: "5 min" };
    expect(agendaToPlan([badDuration])).toEqual({
      problem: { rowKey: badDuration.key, message: "La durée de « Clôture » doit être un nombre de minutes, par exemple 15." },
    });
  });
});

import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { InitiativeView } from "../bindings/InitiativeView";
import type { TerritoryView } from "../bindings/TerritoryView";
import InitiativeList, { filterInitiatives } from "./InitiativeList.svelte";

const NORTH: TerritoryView = { id: "7465-terr-1", name: "Secteur Nord", communes: ["Aucamville"] };

function initiative(n: number, name: string, commune: string, more: Partial<InitiativeView["fields"]> = {}, sources = 0): InitiativeView {
  return {
    id: `1a17a71e-0000-7000-8000-00000000000${n}`,
    fields: {
      name,
      legal_form: "association",
      sector: "",
      commune,
      territory_id: null,
      jobs: null,
      contact: null,
      description: "",
      ...more,
    },
    sources: Array.from({ length: sources }, (_, i) => ({
      contribution_id: `c${i}`,
      contribution_text: "Texte",
      workshop_id: "w",
      workshop_title: "Atelier",
    })),
  };
}

const LIST = [
  initiative(1, "Régie de quartier Nord", "Aucamville", { legal_form: "insertion", jobs: 35, territory_id: NORTH.id, sector: "Services" }, 2),
  initiative(2, "Coop'Vélo", "Toulouse", { legal_form: "scop" }),
  initiative(3, "Les Jardins de Cocagne", "Blagnac", { jobs: 1200 }),
];

function renderList() {
  const onSelect = vi.fn();
  render(InitiativeList, { initiatives: LIST, territories: [NORTH], selectedId: null, onSelect });
  return { onSelect, user: userEvent.setup() };
}

describe("InitiativeList", () => {
  it("shows each initiative with its legal form's label, commune, territory, jobs and number of sources", () => {
    renderList();
    const rows = screen.getAllByTestId("initiative");
    expect(rows).toHaveLength(3);
    const regie = within(rows[0]!);
    expect(regie.getByTestId("initiative-form"), "the French label, not the stored code").toHaveTextContent("Structure d'insertion");
    expect(rows[0]).toHaveTextContent("Secteur Nord");
    expect(rows[0]).toHaveTextContent("35");
    expect(regie.getByTestId("initiative-source-count")).toHaveAttribute("data-count", "2");
    expect(within(rows[1]!).getByTestId("initiative-form")).toHaveTextContent("SCOP");
    expect(rows[2], "jobs are written the French way").toHaveTextContent(/1\s200/);
  });

  it("filters on every word typed, accents and case aside, and says when nothing matches", async () => {
    const { user } = renderList();
    await user.type(screen.getByTestId("initiative-filter"), "regie NORD");
    expect(screen.getAllByTestId("initiative").map((row) => row.dataset.initiativeId)).toEqual([LIST[0]!.id]);
    expect(screen.getByTestId("initiative-count")).toHaveTextContent("1 sur 3");
    await user.clear(screen.getByTestId("initiative-filter"));
    await user.type(screen.getByTestId("initiative-filter"), "secteur nord");
    expect(screen.getAllByTestId("initiative"), "the territory's name is searched too").toHaveLength(1);
    await user.clear(screen.getByTestId("initiative-filter"));
    await user.type(screen.getByTestId("initiative-filter"), "boulangerie");
    expect(screen.getByTestId("initiative-list-none")).toHaveTextContent("« boulangerie »");
  });

  it("moves through the rows with the arrows and opens one with Enter", async () => {
    const { onSelect, user } = renderList();
    await user.click(screen.getByTestId("initiative-filter"));
    await user.keyboard("{ArrowDown}{ArrowDown}{Enter}");
    expect(onSelect, "the second row was opened from the keyboard").toHaveBeenCalledWith(LIST[1]!.id);
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(document.activeElement, "up from the first row goes back to the filter").toBe(screen.getByTestId("initiative-filter"));
  });

  it("filters the way the screen's list does, for names with legal-form words", () => {
    expect(filterInitiatives(LIST, "scop", []).map((i) => i.fields.name)).toEqual(["Coop'Vélo"]);
    expect(filterInitiatives(LIST, "  ", []), "an empty filter keeps everything").toHaveLength(3);
  });
});

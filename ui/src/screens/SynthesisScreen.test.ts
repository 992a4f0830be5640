import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Backend } from "../lib/api";
import { ApiError } from "../lib/api";
import { demoOverview, fixtureBackend } from "../fixtures/demo";
import * as exchange from "../fixtures/exchange";
import SynthesisScreen from "./SynthesisScreen.svelte";

// 2026-11-27 at noon in Paris, so the proposed file names are stable.
const TODAY = new Date("2026-11-27T11:00:00Z");

async function renderSynthesis(backend: Backend = fixtureBackend()) {
  const user = userEvent.setup();
  const onBack = vi.fn();
  render(SynthesisScreen, { overview: demoOverview, backend, onBack, today: TODAY });
  await screen.findByTestId("coverage-territory");
  await screen.findByTestId("diagnostic-export");
  return { user, backend, onBack };
}

function cellsOf(testid: string): HTMLElement[] {
  return within(screen.getByTestId(testid)).getAllByTestId("coverage-cell");
}

function counts(testid: string): number[] {
  return cellsOf(testid).map((cell) => Number(cell.dataset.count));
}

function field(testid: string): HTMLInputElement {
  return screen.getByTestId(testid) as HTMLInputElement;
}

describe("SynthesisScreen: coverage and filters", () => {
  it("writes a count in every cell of both heat maps, stakes by territories and by themes", async () => {
    await renderSynthesis();
    const territories = demoOverview.territories.length;
    const themes = demoOverview.themes.length;
    expect(cellsOf("coverage-territory")).toHaveLength(demoOverview.stakes.length * territories);
    expect(cellsOf("coverage-theme")).toHaveLength(demoOverview.stakes.length * themes);
    for (const cell of cellsOf("coverage-territory")) {
      expect(cell, "the count is written, not only coloured").toHaveTextContent(cell.dataset.count!);
    }
    // Stake 1 in "Secteur Nord": three contributions in the fixtures.
    expect(cellsOf("coverage-territory")[0]).toHaveAttribute("data-count", "3");
  });

  it("marks a never-discussed cell in words and with its own look, not by colour alone", async () => {
    await renderSynthesis();
    const cells = cellsOf("coverage-territory");
    const never = cells.filter((cell) => cell.dataset.count === "0");
    const discussed = cells.filter((cell) => cell.dataset.count !== "0");
    expect(never.length, "Toulouse and Secteur Ouest have no workshop in the fixtures").toBeGreaterThan(0);
    for (const cell of never) {
      expect(cell).toHaveAttribute("data-never", "true");
      expect(cell).toHaveClass("never");
      expect(cell).toHaveTextContent(/jamais/);
    }
    for (const cell of discussed) {
      expect(cell).not.toHaveAttribute("data-never");
      expect(cell).not.toHaveTextContent(/jamais/);
    }
    expect(screen.getByTestId("coverage-territory-never")).toHaveTextContent(`${never.length} cases jamais abordées`);
    expect(within(screen.getByTestId("coverage-territory")).getByLabelText("Légende")).toHaveTextContent("jamais abordé");
  });

  it("asks again with each filter and shows only what the filter keeps", async () => {
    const backend = fixtureBackend();
    const synthesisView = vi.spyOn(backend, "synthesisView");
    const { user } = await renderSynthesis(backend);
    const north = demoOverview.territories[0]!;
    const before = counts("coverage-territory").reduce((a, b) => a + b, 0);

    await user.selectOptions(screen.getByTestId("synthesis-filter-territory"), north.id);
    await vi.waitFor(() =>
      expect(synthesisView).toHaveBeenLastCalledWith(demoOverview.id, {
        territory_id: north.id,
        theme_id: null,
        stake_id: null,
        workshop_id: null,
        from: null,
        to: null,
      }),
    );
    await vi.waitFor(() => expect(screen.getByTestId("participation-workshops")).toHaveTextContent("1"));
    const after = counts("coverage-territory");
    expect(after.reduce((a, b) => a + b, 0), "the other sectors' contributions are left out").toBeLessThan(before);
    // Only the first column (Secteur Nord) still counts anything.
    const columns = demoOverview.territories.length;
    expect(after.filter((n, i) => n > 0 && i % columns !== 0)).toEqual([]);
    expect(counts("coverage-theme").every((n) => n === 0), "the thematic workshops are filtered out").toBe(true);

    await user.type(field("synthesis-filter-from"), "01/05/2011");
    await vi.waitFor(() => expect(synthesisView.mock.lastCall?.[1].from, "typed the French way").toBe("2011-05-01"));
    await vi.waitFor(() => expect(screen.getByTestId("participation-workshops")).toHaveTextContent("0"));

    await user.click(screen.getByTestId("synthesis-filter-reset"));
    await vi.waitFor(() => expect(synthesisView.mock.lastCall?.[1].territory_id).toBeNull());
    expect(synthesisView.mock.lastCall?.[1].from).toBeNull();
    expect(screen.getByTestId("synthesis-filter-territory")).toHaveFocus();
  });

  it("filters by stake, workshop and theme too", async () => {
    const backend = fixtureBackend();
    const synthesisView = vi.spyOn(backend, "synthesisView");
    const { user } = await renderSynthesis(backend);
    const stake = demoOverview.stakes[2]!;
    await user.selectOptions(screen.getByTestId("synthesis-filter-stake"), stake.id);
    await vi.waitFor(() => expect(synthesisView.mock.lastCall?.[1].stake_id).toBe(stake.id));
    await user.selectOptions(screen.getByTestId("synthesis-filter-theme"), demoOverview.themes[0]!.id);
    await vi.waitFor(() => expect(synthesisView.mock.lastCall?.[1].theme_id).toBe(demoOverview.themes[0]!.id));
    await user.selectOptions(screen.getByTestId("synthesis-filter-workshop"), demoOverview.workshops[1]!.id);
    await vi.waitFor(() => expect(synthesisView.mock.lastCall?.[1].workshop_id).toBe(demoOverview.workshops[1]!.id));
    // Stake 3 in the thematic workshop on solidarity entrepreneurship: two contributions.
    await vi.waitFor(() => expect(screen.getByTestId("participation-contributions")).toHaveTextContent("2"));
  });

  it("keeps the answer to the last filter when an earlier one comes back late", async () => {
    const backend = fixtureBackend();
    const inner = backend.synthesisView;
    const north = demoOverview.territories[0]!;
    // The unfiltered answer takes long; the filtered one comes back first.
    backend.synthesisView = async (id, filter) => {
      const answer = await inner(id, filter);
      if (filter.territory_id === null) await new Promise((resolve) => setTimeout(resolve, 150));
      return answer;
    };
    const user = userEvent.setup();
    render(SynthesisScreen, { overview: demoOverview, backend, onBack: vi.fn(), today: TODAY });
    await user.selectOptions(await screen.findByTestId("synthesis-filter-territory"), north.id);
    await vi.waitFor(() => expect(screen.getByTestId("participation-workshops")).toHaveTextContent("1"));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(screen.getByTestId("participation-workshops"), "the late unfiltered answer is dropped").toHaveTextContent("1");
  });

  it("says when the period is upside down", async () => {
    const { user } = await renderSynthesis();
    await user.type(field("synthesis-filter-from"), "01/06/2011");
    await user.type(field("synthesis-filter-to"), "01/04/2011");
    expect(await screen.findByTestId("synthesis-period-problem")).toHaveTextContent("après la date de fin");
  });

  it("says how to write a date it cannot read, and leaves the period out meanwhile", async () => {
    const backend = fixtureBackend();
    const synthesisView = vi.spyOn(backend, "synthesisView");
    const { user } = await renderSynthesis(backend);
    await user.type(field("synthesis-filter-from"), "31/02/2011");
    expect(await screen.findByTestId("synthesis-period-problem")).toHaveTextContent(
      "« 31/02/2011 » n'est pas une date : écrivez-la jj/mm/aaaa",
    );
    expect(synthesisView.mock.lastCall?.[1].from, "no made-up day is sent").toBeNull();
  });

  it("shows the backend's French message when the synthesis cannot be computed", async () => {
    const backend = fixtureBackend();
    backend.synthesisView = async () => {
      throw new ApiError("storage", "Le fichier du diagnostic est illisible.");
    };
    render(SynthesisScreen, { overview: demoOverview, backend, onBack: vi.fn(), today: TODAY });
    expect(await screen.findByRole("alert")).toHaveTextContent("Le fichier du diagnostic est illisible.");
  });
});

describe("SynthesisScreen: participation and priorities", () => {
  it("gives the totals and a bar per structure type and per category, each with its count", async () => {
    await renderSynthesis();
    const participation = screen.getByTestId("participation");
    expect(within(participation).getByTestId("participation-workshops")).toHaveTextContent("4");
    expect(within(participation).getByTestId("participation-contributions")).toHaveTextContent("13");
    const structures = within(participation).getAllByTestId("participation-structures-bar");
    expect(structures[0], "the most frequent type first").toHaveTextContent(/Association\s*7/);
    expect(within(participation).getAllByTestId("participation-categories-bar").length).toBeGreaterThan(1);
    expect(within(participation).getByTestId("participation-territory")).toHaveTextContent("Secteur Ouest");
  });

  it("lists priorities by score as a share of the tokens, with where they ranked and the high badge", async () => {
    await renderSynthesis();
    const priorities = screen.getAllByTestId("priority");
    const first = priorities[0]!;
    expect(first).toHaveTextContent("Un lieu ressource pour les porteurs de projet");
    // 7 of 15 tokens in the north (47 %), 6 of 12 in the south-east (50 %).
    expect(within(first).getByTestId("priority-score")).toHaveTextContent("97 %");
    expect(within(first).getByTestId("priority-high")).toHaveTextContent("Classée haut dans 2 ateliers");
    expect(first).toHaveTextContent("Atelier territorial — secteur Nord : 1re, 7 gommettes (47 % des jetons)");
  });
});

describe("SynthesisScreen: export", () => {
  it("proposes a file in the documents folder named after the format, and says where it wrote it", async () => {
    const backend = fixtureBackend();
    const exportDiagnostic = vi.spyOn(backend, "exportDiagnostic");
    const { user } = await renderSynthesis(backend);
    expect(field("diagnostic-export-anonymous").checked, "anonymous unless asked otherwise").toBe(true);
    const slugged = "diagnostic-collaboratif-de-l-ess-au-grand-toulouse-2026-11-27-anonyme";
    expect(field("diagnostic-export-path").value).toBe(`${exchange.EXPORT_FOLDER}/${slugged}.pdf`);
    await user.selectOptions(screen.getByTestId("diagnostic-export-format"), "html");
    expect(field("diagnostic-export-path").value, "the extension follows the format").toBe(`${exchange.EXPORT_FOLDER}/${slugged}.html`);

    await user.click(screen.getByTestId("diagnostic-export-run"));
    const done = await screen.findByTestId("diagnostic-export-done");
    expect(done).toHaveTextContent(`${slugged}.html`);
    expect(done).toHaveFocus();
    expect(exportDiagnostic).toHaveBeenCalledWith(demoOverview.id, "html", true, `${exchange.EXPORT_FOLDER}/${slugged}.html`, false);
  });

  it("exports named when the box is unticked, to a typed path, with Enter", async () => {
    const backend = fixtureBackend();
    const exportDiagnostic = vi.spyOn(backend, "exportDiagnostic");
    const { user } = await renderSynthesis(backend);
    await user.click(screen.getByTestId("diagnostic-export-anonymous"));
    expect(screen.getByTestId("diagnostic-export-named-hint")).toHaveTextContent("accepté d'être citées");
    await user.selectOptions(screen.getByTestId("diagnostic-export-format"), "xlsx");
    await user.clear(field("diagnostic-export-path"));
    await user.type(field("diagnostic-export-path"), "/tmp/rapport.xlsx{Enter}");
    expect(await screen.findByTestId("diagnostic-export-done")).toHaveTextContent("/tmp/rapport.xlsx");
    expect(exportDiagnostic).toHaveBeenCalledWith(demoOverview.id, "xlsx", false, "/tmp/rapport.xlsx", false);
  });

  it("asks before replacing an existing file, and replaces it only when told", async () => {
    const backend = fixtureBackend({ existingFiles: ["/tmp/rapport.pdf"] });
    const exportDiagnostic = vi.spyOn(backend, "exportDiagnostic");
    const { user } = await renderSynthesis(backend);
    await user.clear(field("diagnostic-export-path"));
    await user.type(field("diagnostic-export-path"), "/tmp/rapport.pdf");
    await user.click(screen.getByTestId("diagnostic-export-run"));
    const question = await screen.findByTestId("diagnostic-export-exists");
    expect(question).toHaveTextContent("existe déjà");
    expect(screen.queryByTestId("diagnostic-export-done")).toBeNull();
    expect(screen.getByTestId("diagnostic-export-replace"), "the keyboard is on the answer").toHaveFocus();

    await user.click(screen.getByTestId("diagnostic-export-keep"));
    expect(screen.queryByTestId("diagnostic-export-exists")).toBeNull();
    expect(exportDiagnostic).toHaveBeenCalledTimes(1);

    await user.click(screen.getByTestId("diagnostic-export-run"));
    await user.click(await screen.findByTestId("diagnostic-export-replace"));
    expect(await screen.findByTestId("diagnostic-export-done")).toHaveTextContent("/tmp/rapport.pdf");
    expect(exportDiagnostic).toHaveBeenLastCalledWith(demoOverview.id, "pdf", true, "/tmp/rapport.pdf", true);
  });

  it("does not ask again for a file picked in the save dialog, which already asked", async () => {
    const backend = fixtureBackend({ existingFiles: [`${exchange.EXPORT_FOLDER}/choisi.csv`] });
    backend.pickExportFile = vi.fn(async () => `${exchange.EXPORT_FOLDER}/choisi.csv`);
    const { user } = await renderSynthesis(backend);
    await user.selectOptions(screen.getByTestId("diagnostic-export-format"), "csv");
    await user.click(screen.getByTestId("diagnostic-export-choose"));
    expect(backend.pickExportFile).toHaveBeenCalledWith("csv", expect.stringMatching(/\.csv$/));
    expect(field("diagnostic-export-path").value).toBe(`${exchange.EXPORT_FOLDER}/choisi.csv`);
    await user.click(screen.getByTestId("diagnostic-export-run"));
    expect(await screen.findByTestId("diagnostic-export-done")).toHaveTextContent("choisi.csv");
    expect(screen.queryByTestId("diagnostic-export-exists")).toBeNull();
  });

  it("shows a relative or blank path as a problem on the field, and a write failure as an error", async () => {
    const { user } = await renderSynthesis();
    await user.clear(field("diagnostic-export-path"));
    await user.click(screen.getByTestId("diagnostic-export-run"));
    expect(await screen.findByTestId("diagnostic-export-path-problem")).toHaveTextContent("Indiquez où écrire");

    await user.type(field("diagnostic-export-path"), "rapport.pdf");
    await user.click(screen.getByTestId("diagnostic-export-run"));
    expect(await screen.findByTestId("diagnostic-export-path-problem")).toHaveTextContent("n'est pas un chemin complet");
    expect(field("diagnostic-export-path")).toHaveAttribute("aria-invalid", "true");

    await user.clear(field("diagnostic-export-path"));
    await user.type(field("diagnostic-export-path"), "/lecture-seule/rapport.pdf");
    await user.click(screen.getByTestId("diagnostic-export-run"));
    expect(await screen.findByRole("alert")).toHaveTextContent("permission refusée");
    expect(screen.queryByTestId("diagnostic-export-done")).toBeNull();
    expect(field("diagnostic-export-path").value, "nothing typed is lost").toBe("/lecture-seule/rapport.pdf");
  });
});

describe("SynthesisScreen: navigation", () => {
  it("goes back with Escape", async () => {
    const { user, onBack } = await renderSynthesis();
    await user.keyboard("{Escape}");
    expect(onBack).toHaveBeenCalled();
  });
});

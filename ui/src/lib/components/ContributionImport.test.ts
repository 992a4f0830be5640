import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api";
import type { ContributionCsvPreview } from "../bindings/ContributionCsvPreview";
import type { ContributionImportReport } from "../bindings/ContributionImportReport";
import ContributionImport from "./ContributionImport.svelte";

const WORKSHOP = "0196f0a0-0000-7000-8000-000000000001";
const BOARD = "/home/camille/Documents/klaxoon.csv";

const PREVIEW: ContributionCsvPreview = {
  headers: ["Idée", "Catégorie", "Auteur", "Groupe", "Votes"],
  sample: [
    ["Un tiers-lieu pour les associations", "Besoin", "Nadia F.", "Lieux", "4"],
    ["", "Constat", "Paul", "", ""],
  ],
  row_count: 2,
  guessed: { text: 0, category: 1, stakes: null, structure_type: null, group: 3, votes: 4 },
};

const REPORT: ContributionImportReport = {
  added: 1,
  clusters_created: 1,
  voted: 1,
  dots: 4,
  problems: [{ line: 3, message: "pas de texte : la ligne est ignorée." }],
};

function renderImport({ importBoard = () => Promise.resolve(REPORT) } = {}) {
  const backend = {
    previewContributionsCsv: vi.fn((_path: string) => Promise.resolve(PREVIEW)),
    importContributionsCsv: vi.fn(importBoard),
    pickContributionsCsv: vi.fn(() => Promise.resolve(BOARD)),
  };
  const onImported = vi.fn();
  render(ContributionImport, { workshopId: WORKSHOP, backend, onImported });
  return { backend, onImported, user: userEvent.setup() };
}

describe("ContributionImport", () => {
  it("shows its shortcut, reads a typed path and maps the guessed columns, the author column ignored", async () => {
    const { user, backend } = renderImport();
    expect(screen.getByTestId("contributions-import-open").parentElement).toHaveTextContent("Alt+I");
    await user.click(screen.getByTestId("contributions-import-open"));
    const dialog = screen.getByTestId("contributions-import");
    await user.type(within(dialog).getByTestId("contributions-import-path"), `${BOARD}{Enter}`);
    await screen.findByTestId("contributions-import-preview");
    expect(backend.previewContributionsCsv).toHaveBeenCalledWith(BOARD);
    expect(screen.getByTestId("contributions-map-text")).toHaveDisplayValue("A · Idée");
    expect(screen.getByTestId("contributions-map-votes")).toHaveDisplayValue("E · Votes");
    const authorHeader = within(screen.getByTestId("contributions-import-preview")).getAllByRole("columnheader")[3]!;
    expect(authorHeader, "no field reads the author").toHaveTextContent("ignorée");
    expect(screen.getByTestId("contributions-import-anonymous")).toHaveTextContent("Les auteurs ne sont jamais repris");
  });

  it("imports and sums up contributions, groups and votes, with each row to check by line", async () => {
    const { user, backend, onImported } = renderImport();
    await user.click(screen.getByTestId("contributions-import-open"));
    await user.click(screen.getByTestId("contributions-import-pick"));
    await screen.findByTestId("contributions-import-preview");
    await user.click(screen.getByTestId("contributions-import-run"));
    await screen.findByTestId("contributions-import-report");
    expect(backend.importContributionsCsv).toHaveBeenCalledWith(WORKSHOP, BOARD, PREVIEW.guessed);
    expect(screen.getByTestId("contributions-import-added")).toHaveTextContent("1 contribution importée dans l'atelier.");
    expect(screen.getByTestId("contributions-import-groups")).toHaveTextContent("1 regroupement créé");
    expect(screen.getByTestId("contributions-import-votes")).toHaveTextContent("4 votes repris sur 1 contribution");
    expect(screen.getByTestId("contributions-import-problem")).toHaveTextContent("Ligne 3 : pas de texte");
    expect(onImported).toHaveBeenCalledWith(REPORT);
    expect(screen.getByTestId("contributions-import-run"), "the same rows are not written twice").toBeDisabled();
    await user.click(screen.getByTestId("contributions-import-read"));
    await vi.waitFor(() => expect(screen.getByTestId("contributions-import-run"), "reading the file again allows it").toBeEnabled());
  });

  it("needs the text column, and says nothing was imported when the file is refused", async () => {
    const { user, onImported } = renderImport({
      importBoard: () => Promise.reject(new ApiError("invalid_input", "Ligne 4 illisible : vérifiez les guillemets.")),
    });
    await user.click(screen.getByTestId("contributions-import-open"));
    await user.click(screen.getByTestId("contributions-import-pick"));
    await user.selectOptions(await screen.findByTestId("contributions-map-text"), "");
    expect(screen.getByTestId("contributions-import-run")).toBeDisabled();
    expect(screen.getByTestId("contributions-import-needs-text")).toHaveTextContent("colonne du texte");
    await user.selectOptions(screen.getByTestId("contributions-map-text"), "0");
    await user.click(screen.getByTestId("contributions-import-run"));
    expect(await screen.findByTestId("contributions-import-error")).toHaveTextContent("vérifiez les guillemets. Rien n'a été importé.");
    expect(onImported).not.toHaveBeenCalled();
  });
});

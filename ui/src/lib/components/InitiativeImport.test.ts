import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api";
import type { InitiativeImportReport } from "../bindings/InitiativeImportReport";
import { INITIATIVES_CSV, initiativesCsvPreview } from "../../fixtures/inventory";
import InitiativeImport from "./InitiativeImport.svelte";

const DIAGNOSTIC = "64696167-0000-7000-8000-000000000001";

const REPORT: InitiativeImportReport = {
  added: 2,
  problems: [
    { line: 3, message: "« SARL » n'est pas une forme juridique connue (association, SCOP, SCIC…)." },
    { line: 4, message: "« beaucoup » n'est pas un nombre d'emplois." },
  ],
};

function renderImport(importList = () => Promise.resolve(REPORT)) {
  const backend = {
    previewInitiativesCsv: vi.fn((_path: string) => Promise.resolve(initiativesCsvPreview)),
    importInitiativesCsv: vi.fn(importList),
    pickInitiativesCsv: vi.fn(() => Promise.resolve(INITIATIVES_CSV as string | null)),
  };
  const onImported = vi.fn();
  render(InitiativeImport, { diagnosticId: DIAGNOSTIC, backend, onImported });
  return { backend, onImported, user: userEvent.setup() };
}

async function openAndRead(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByTestId("initiative-import-open"));
  expect(document.activeElement, "the keyboard starts in the path field").toBe(screen.getByTestId("initiative-import-path"));
  await user.keyboard(`${INITIATIVES_CSV}{Enter}`);
  await screen.findByTestId("initiative-import-preview");
}

describe("InitiativeImport", () => {
  it("previews the list with the inventory's columns guessed from the headers", async () => {
    const { backend, user } = renderImport();
    await openAndRead(user);
    expect(backend.previewInitiativesCsv).toHaveBeenCalledWith(INITIATIVES_CSV);
    const table = screen.getByTestId("initiative-import-preview");
    expect(within(table).getAllByTestId("initiative-import-sample-row")).toHaveLength(4);
    expect(within(table).getAllByRole("columnheader")[2]).toHaveTextContent("→ Forme juridique");
    expect(screen.getByTestId("initiative-map-commune")).toHaveDisplayValue("D · Commune");
    expect((screen.getByTestId("initiative-map-description") as HTMLSelectElement).value, "no such column").toBe("");
    expect(screen.getByTestId("initiative-import-conventions")).toHaveTextContent("SCOP");
  });

  it("imports with the mapping chosen and lists each bad row by line, in French", async () => {
    const { backend, onImported, user } = renderImport();
    await openAndRead(user);
    await user.selectOptions(screen.getByTestId("initiative-map-contact"), "");
    await user.click(screen.getByTestId("initiative-import-run"));
    await screen.findByTestId("initiative-import-report");
    expect(backend.importInitiativesCsv).toHaveBeenCalledWith(DIAGNOSTIC, INITIATIVES_CSV, { ...initiativesCsvPreview.guessed, contact: null });
    expect(screen.getByTestId("initiative-import-added")).toHaveTextContent("2 initiatives ajoutées à l'inventaire.");
    const problems = screen.getAllByTestId("initiative-import-problem");
    expect(problems.map((p) => p.dataset.line)).toEqual(["3", "4"]);
    expect(problems[0]).toHaveTextContent("Ligne 3 : « SARL » n'est pas une forme juridique connue");
    expect(onImported, "the screen reloads the inventory").toHaveBeenCalledWith(REPORT);
  });

  it("cannot import without the name's column, and says nothing was imported when the file is refused", async () => {
    const { backend, user } = renderImport(() => Promise.reject(new ApiError("invalid_input", "Ligne 7 illisible : vérifiez les guillemets.")));
    await openAndRead(user);
    await user.selectOptions(screen.getByTestId("initiative-map-name"), "");
    expect(screen.getByTestId("initiative-import-run")).toBeDisabled();
    expect(screen.getByTestId("initiative-import-needs-name")).toHaveTextContent("colonne du nom de l'initiative");
    await user.selectOptions(screen.getByTestId("initiative-map-name"), "0");
    await user.click(screen.getByTestId("initiative-import-run"));
    expect(await screen.findByTestId("initiative-import-error")).toHaveTextContent("vérifiez les guillemets. Rien n'a été importé.");
    expect(backend.importInitiativesCsv).toHaveBeenCalledTimes(1);
  });
});

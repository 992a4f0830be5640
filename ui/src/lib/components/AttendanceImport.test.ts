import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api";
import type { AttendeeImportReport } from "../bindings/AttendeeImportReport";
import type { CsvPreview } from "../bindings/CsvPreview";
import AttendanceImport, { columnLetter } from "./AttendanceImport.svelte";

const WORKSHOP = "0196f0a0-0000-7000-8000-000000000001";
const LIST = "/home/camille/Documents/emargement.csv";

const PREVIEW: CsvPreview = {
  headers: ["Nom", "Structure", "Type", "Rôle", "Courriel", "Accord"],
  sample: [
    ["Amina Diallo", "Régie de quartier Nord", "Association", "Acteur ESS", "amina@example.org", "oui"],
    ["", "Coop'Vélo", "SCOP", "bénévole", "", "oui"],
  ],
  row_count: 2,
  guessed: { name: 0, first_name: null, organisation: 1, structure_type: 2, role: 3, email: 4, consent: 5 },
};

const REPORT: AttendeeImportReport = {
  added: 1,
  already_registered: 0,
  problems: [{ line: 3, message: "pas de nom : la ligne est ignorée." }],
};

function renderImport({
  preview = (_path: string) => Promise.resolve(PREVIEW),
  importList = () => Promise.resolve(REPORT),
  picked = LIST as string | null,
  participantCount = 0,
} = {}) {
  const backend = {
    previewAttendanceCsv: vi.fn(preview),
    importAttendanceCsv: vi.fn(importList),
    pickAttendanceCsv: vi.fn(() => Promise.resolve(picked)),
  };
  const onImported = vi.fn();
  render(AttendanceImport, { workshopId: WORKSHOP, backend, participantCount, onImported });
  return { backend, onImported, user: userEvent.setup() };
}

async function openAndRead(user: ReturnType<typeof userEvent.setup>, path = LIST) {
  await user.click(screen.getByTestId("attendance-import-open"));
  const field = screen.getByTestId("attendance-import-path");
  expect(document.activeElement, "the dialog opens with the keyboard in the path field").toBe(field);
  await user.type(field, `${path}{Enter}`);
}

describe("AttendanceImport", () => {
  it("reads a typed path on Enter and shows the first rows with the guessed columns", async () => {
    const { backend, user } = renderImport();
    await openAndRead(user);
    expect(backend.previewAttendanceCsv).toHaveBeenCalledWith(LIST);
    const table = await screen.findByTestId("attendance-import-preview");
    expect(within(table).getAllByTestId("attendance-import-sample-row")).toHaveLength(2);
    expect(within(table).getAllByRole("columnheader")[1]).toHaveTextContent("→ Nom");
    expect((screen.getByTestId("attendance-map-name") as HTMLSelectElement).value).toBe("0");
    expect((screen.getByTestId("attendance-map-first_name") as HTMLSelectElement).value, "no first-name column guessed").toBe("");
    expect(screen.getByTestId("attendance-map-consent")).toHaveDisplayValue("F · Accord");
    expect(screen.getByTestId("attendance-import-count")).toHaveTextContent("2 lignes lues");
  });

  it("explains the French spreadsheet conventions before a file is read", async () => {
    const { user } = renderImport();
    await user.click(screen.getByTestId("attendance-import-open"));
    const conventions = screen.getByTestId("attendance-import-conventions");
    expect(conventions).toHaveAttribute("open");
    expect(conventions).toHaveTextContent("Windows-1252");
    expect(conventions).toHaveTextContent("« oui »");
    expect(conventions).toHaveTextContent("Collectivité");
  });

  it("imports with the mapping chosen, then lists each row to check with its line number", async () => {
    const { backend, onImported, user } = renderImport();
    await openAndRead(user);
    await screen.findByTestId("attendance-import-preview");
    await user.selectOptions(screen.getByTestId("attendance-map-email"), "");
    // A path typed after reading does not change which file is imported.
    await user.type(screen.getByTestId("attendance-import-path"), "-autre");
    await user.click(screen.getByTestId("attendance-import-run"));

    await screen.findByTestId("attendance-import-report");
    expect(document.activeElement, "the report is read next").toBe(screen.getByTestId("attendance-import-report"));
    expect(backend.importAttendanceCsv).toHaveBeenCalledWith(WORKSHOP, LIST, { ...PREVIEW.guessed, email: null });
    expect(screen.getByTestId("attendance-import-added")).toHaveTextContent("1 personne ajoutée à l'atelier.");
    const problems = screen.getAllByTestId("attendance-import-problem");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toHaveAttribute("data-line", "3");
    expect(problems[0]).toHaveTextContent("Ligne 3 : pas de nom : la ligne est ignorée.");
    expect(onImported, "the screen reloads its participants").toHaveBeenCalledWith(REPORT);
  });

  it("says nothing was imported when the whole file is refused", async () => {
    const { onImported, user } = renderImport({
      importList: () => Promise.reject(new ApiError("invalid_input", "Indiquez quelle colonne contient le nom.")),
    });
    await openAndRead(user);
    await user.click(await screen.findByTestId("attendance-import-run"));
    const error = await screen.findByTestId("attendance-import-error");
    expect(error).toHaveTextContent("Indiquez quelle colonne contient le nom. Rien n'a été importé.");
    expect(screen.queryByTestId("attendance-import-report")).toBeNull();
    expect(onImported).not.toHaveBeenCalled();
  });

  it("shows why a file cannot be read, and offers no import", async () => {
    const { user } = renderImport({
      preview: (path) => Promise.reject(new ApiError("invalid_input", `Le fichier « ${path} » n'existe pas : vérifiez le chemin.`)),
    });
    await openAndRead(user, "/tmp/absent.csv");
    expect(await screen.findByTestId("attendance-import-error")).toHaveTextContent("« /tmp/absent.csv » n'existe pas");
    expect(screen.queryByTestId("attendance-import-run")).toBeNull();
  });

  it("cannot import until a column is chosen for the name", async () => {
    const { backend, user } = renderImport();
    await openAndRead(user);
    await user.selectOptions(await screen.findByTestId("attendance-map-name"), "");
    expect(screen.getByTestId("attendance-import-run")).toBeDisabled();
    expect(screen.getByTestId("attendance-import-needs-name")).toBeInTheDocument();
    await user.selectOptions(screen.getByTestId("attendance-map-name"), "1");
    expect(screen.getByTestId("attendance-import-run")).toBeEnabled();
    expect(backend.importAttendanceCsv).not.toHaveBeenCalled();
  });

  it("reads the file picked in the dialog, and does nothing when the dialog is cancelled", async () => {
    const { backend, user } = renderImport();
    await user.click(screen.getByTestId("attendance-import-open"));
    await user.click(screen.getByTestId("attendance-import-pick"));
    await screen.findByTestId("attendance-import-preview");
    expect(backend.previewAttendanceCsv).toHaveBeenCalledWith(LIST);
    expect(screen.getByTestId("attendance-import-path")).toHaveValue(LIST);

    backend.pickAttendanceCsv.mockResolvedValueOnce(null);
    await user.click(screen.getByTestId("attendance-import-pick"));
    expect(backend.previewAttendanceCsv).toHaveBeenCalledTimes(1);
  });

  it("says that people already registered will not be added twice, then how many were not", async () => {
    const { user } = renderImport({
      participantCount: 5,
      importList: () => Promise.resolve({ ...REPORT, already_registered: 2 }),
    });
    await openAndRead(user);
    expect(await screen.findByTestId("attendance-import-duplicates")).toHaveTextContent(
      "déjà 5 participant·es : les personnes de la liste déjà inscrites",
    );
    await user.click(screen.getByTestId("attendance-import-run"));
    expect(await screen.findByTestId("attendance-import-already")).toHaveTextContent(
      "2 personnes étaient déjà inscrites : non ajoutées une seconde fois.",
    );
  });

  it("closes with Escape wherever the focus is, without the screen behind also going back", async () => {
    const { user } = renderImport();
    await user.click(screen.getByTestId("attendance-import-open"));
    // As after a button disabled while importing: the focus falls back on <body>.
    (document.activeElement as HTMLElement).blur();
    const leave = vi.fn();
    const screenBehind = (event: KeyboardEvent) => event.defaultPrevented || leave();
    window.addEventListener("keydown", screenBehind);
    await user.keyboard("{Escape}");
    window.removeEventListener("keydown", screenBehind);
    expect(screen.queryByTestId("attendance-import")).toBeNull();
    expect(leave, "the workshop screen leaves on an Escape nobody handled").not.toHaveBeenCalled();
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("attendance-import-open")));
  });

  it("names the columns as the spreadsheet does", () => {
    expect([0, 1, 25, 26, 27].map(columnLetter)).toEqual(["A", "B", "Z", "AA", "AB"]);
  });
});

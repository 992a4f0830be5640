import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Backend } from "../lib/api";
import { ApiError } from "../lib/api";
import { fixtureBackend, NORTH_WORKSHOP_ID, workshops } from "../fixtures/demo";
import * as exchange from "../fixtures/exchange";
import FilesScreen from "./FilesScreen.svelte";

async function renderFiles(backend: Backend = fixtureBackend(), exportWorkshopId: string | null = null) {
  const user = userEvent.setup();
  const onDataChanged = vi.fn();
  const onOpenConflicts = vi.fn();
  const onBack = vi.fn();
  render(FilesScreen, { backend, workshops, exportWorkshopId, onBack, onDataChanged, onOpenConflicts });
  await screen.findByTestId("sync-panel");
  return { user, backend, onDataChanged, onOpenConflicts, onBack };
}

function field(testid: string): HTMLInputElement {
  return screen.getByTestId(testid) as HTMLInputElement;
}

describe("FilesScreen: synchronise", () => {
  it("starts from the remembered shared file, focused on its title", async () => {
    await renderFiles();
    expect(field("shared-path").value).toBe(exchange.SHARED_FILE);
    expect(screen.getByTestId("files-title")).toHaveFocus();
  });

  it("starts empty when no shared file was ever used", async () => {
    const backend = fixtureBackend();
    backend.fileDefaults = async () => ({ shared_file: null, export_folder: null });
    await renderFiles(backend);
    expect(field("shared-path").value).toBe("");
  });

  it("shows what will change, per kind and in both directions, before changing anything", async () => {
    const backend = fixtureBackend();
    const runSync = vi.spyOn(backend, "runSync");
    const { user, onDataChanged } = await renderFiles(backend);
    await user.click(screen.getByTestId("sync-preview"));
    const preview = await screen.findByTestId("sync-preview-result");
    expect(within(preview).getByTestId("sync-preview-receive")).toHaveTextContent("112 contributions ajoutées, 3 mises à jour");
    expect(within(preview).getByTestId("sync-preview-send")).toHaveTextContent("87 contributions ajoutées");
    expect(within(preview).getByTestId("sync-preview-send")).toHaveTextContent("23 participant·es ajouté·es");
    expect(preview).toHaveTextContent("1 nouveau conflit à examiner");
    expect(preview).toHaveTextContent("diagnostic-partage (conflicted copy 2026-11-27 181502).recolte");
    expect(within(preview).queryByTestId("sync-first")).toBeNull();
    expect(runSync).not.toHaveBeenCalled();
    expect(onDataChanged).not.toHaveBeenCalled();
  });

  it("says that a first sync creates the shared file", async () => {
    const { user } = await renderFiles();
    await user.clear(field("shared-path"));
    await user.type(field("shared-path"), "/home/camille/Nextcloud/nouveau.recolte");
    await user.click(screen.getByTestId("sync-preview"));
    expect(await screen.findByTestId("sync-first")).toHaveTextContent("n'existe pas encore");
  });

  it("hides a preview once the path is edited: it described another file", async () => {
    const { user } = await renderFiles();
    await user.click(screen.getByTestId("sync-preview"));
    await screen.findByTestId("sync-preview-result");
    await user.type(field("shared-path"), "x");
    expect(screen.queryByTestId("sync-preview-result")).toBeNull();
  });

  it("runs the sync with a progress bar fed step by step, then shows the summary", async () => {
    const backend = fixtureBackend();
    let release: () => void = () => {};
    const inner = backend.runSync;
    backend.runSync = async (path, onProgress) => {
      onProgress({ done: 2, total: 5, step: "Fusion du fichier partagé" });
      await new Promise<void>((resolve) => (release = resolve));
      return inner(path, onProgress);
    };
    const { user, onDataChanged } = await renderFiles(backend);
    await user.click(screen.getByTestId("sync-run"));
    const bar = await screen.findByRole("progressbar");
    expect(bar).toHaveAttribute("data-testid", "sync-progress");
    expect(bar).toHaveAttribute("aria-valuenow", "2");
    expect(bar).toHaveAttribute("aria-valuemax", "5");
    expect(bar).toHaveTextContent("Fusion du fichier partagé");
    expect(screen.getByTestId("sync-run")).toBeDisabled();

    release();
    const summary = await screen.findByTestId("sync-summary");
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(within(summary).getByTestId("sync-summary-received")).toHaveTextContent("3 ateliers ajoutés");
    expect(within(summary).getByTestId("sync-backup")).toHaveTextContent(exchange.BACKUP);
    expect(summary).toHaveTextContent("Copies en conflit fusionnées et archivées");
    expect(onDataChanged).toHaveBeenCalledTimes(1);
    expect(within(summary).getByRole("heading", { name: "Synchronisation terminée" })).toHaveFocus();
  });

  it("offers to review the new conflicts after a sync", async () => {
    const { user, onOpenConflicts } = await renderFiles();
    await user.click(screen.getByTestId("sync-run"));
    await user.click(await screen.findByTestId("sync-open-conflicts"));
    expect(onOpenConflicts).toHaveBeenCalled();
  });

  it("shows who holds the shared file when it is locked, and keeps the data unchanged", async () => {
    const backend = fixtureBackend();
    backend.runSync = () =>
      Promise.reject({
        code: "locked",
        message: "le fichier partagé /partage/d.recolte est en cours de synchronisation par malik sur fixe depuis 27/11/2026 18:05. Réessayez dans quelques minutes.",
      });
    const { user, onDataChanged } = await renderFiles(backend);
    await user.click(screen.getByTestId("sync-run"));
    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveAttribute("data-code", "locked");
    expect(banner).toHaveTextContent("par malik sur fixe");
    expect(banner).toHaveTextContent("Une erreur est survenue. Le fichier partagé /partage/d.recolte est en cours");
    expect(screen.queryByTestId("sync-summary")).toBeNull();
    expect(onDataChanged).not.toHaveBeenCalled();
    expect(screen.getByTestId("sync-run")).toBeEnabled();
  });

  it("asks for a path instead of calling the backend with none", async () => {
    const backend = fixtureBackend();
    const previewSync = vi.spyOn(backend, "previewSync");
    const { user } = await renderFiles(backend);
    await user.clear(field("shared-path"));
    await user.click(screen.getByTestId("sync-preview"));
    expect(screen.getByTestId("shared-path-problem")).toHaveTextContent("Indiquez le fichier partagé");
    expect(field("shared-path")).toHaveAttribute("aria-invalid", "true");
    expect(previewSync).not.toHaveBeenCalled();
  });

  it("fills the path from the file picker, which the user can still edit", async () => {
    const backend = fixtureBackend();
    backend.fileDefaults = async () => ({ shared_file: null, export_folder: null });
    const { user } = await renderFiles(backend);
    await user.click(screen.getByTestId("shared-path-choose"));
    await vi.waitFor(() => expect(field("shared-path").value).toBe(exchange.SHARED_FILE));
  });

  it("leaves the path alone when the picker is cancelled", async () => {
    const backend = fixtureBackend();
    backend.pickSharedFile = async () => null;
    const { user } = await renderFiles(backend);
    await user.click(screen.getByTestId("shared-path-choose"));
    expect(field("shared-path").value).toBe(exchange.SHARED_FILE);
  });
});

describe("FilesScreen: export", () => {
  it("proposes everything, in the documents folder, named after today in Paris", async () => {
    const { user } = await renderFiles();
    const scope = screen.getByTestId("export-scope") as HTMLSelectElement;
    expect(scope.selectedOptions[0]).toHaveTextContent("Tout le diagnostic");
    expect(field("export-path").value).toMatch(/^\/home\/camille\/Documents\/session-diagnostic-\d{4}-\d{2}-\d{2}\.recolte$/);
    await user.selectOptions(scope, NORTH_WORKSHOP_ID);
    expect(field("export-path").value).toMatch(/\/session-atelier-territorial-secteur-nord-\d{4}-\d{2}-\d{2}\.recolte$/);
  });

  it("preselects the workshop it was opened from and goes straight to the export", async () => {
    await renderFiles(fixtureBackend(), NORTH_WORKSHOP_ID);
    expect((screen.getByTestId("export-scope") as HTMLSelectElement).value).toBe(NORTH_WORKSHOP_ID);
    expect(screen.getByRole("heading", { name: "Exporter la session" })).toHaveFocus();
  });

  it("keeps a typed path when the scope changes", async () => {
    const { user } = await renderFiles();
    await user.clear(field("export-path"));
    await user.type(field("export-path"), "/media/cle/ma-session.recolte");
    await user.selectOptions(screen.getByTestId("export-scope"), NORTH_WORKSHOP_ID);
    expect(field("export-path").value).toBe("/media/cle/ma-session.recolte");
  });

  it("exports the chosen workshop and confirms with the path written", async () => {
    const backend = fixtureBackend();
    const exportSession = vi.spyOn(backend, "exportSession");
    const { user } = await renderFiles(backend);
    await user.selectOptions(screen.getByTestId("export-scope"), NORTH_WORKSHOP_ID);
    await user.clear(field("export-path"));
    await user.type(field("export-path"), "/media/cle/nord.recolte{Enter}");
    expect(await screen.findByTestId("export-done")).toHaveTextContent("/media/cle/nord.recolte");
    expect(exportSession).toHaveBeenCalledWith("/media/cle/nord.recolte", NORTH_WORKSHOP_ID, false);
  });

  it("asks before replacing an existing file, and replaces it only when told", async () => {
    const backend = fixtureBackend({ existingFiles: ["/media/cle/session.recolte"] });
    const exportSession = vi.spyOn(backend, "exportSession");
    const { user } = await renderFiles(backend);
    await user.clear(field("export-path"));
    await user.type(field("export-path"), "/media/cle/session.recolte");
    await user.click(screen.getByTestId("export-run"));
    expect(await screen.findByTestId("export-exists")).toHaveTextContent("Un fichier existe déjà");
    expect(screen.queryByTestId("export-done")).toBeNull();
    expect(screen.getByTestId("export-replace")).toHaveFocus();
    await user.click(screen.getByTestId("export-replace"));
    expect(await screen.findByTestId("export-done")).toHaveTextContent("/media/cle/session.recolte");
    expect(exportSession.mock.calls.map((call) => call[2])).toEqual([false, true]);
  });

  it("does not ask again for a file the system's save dialog already confirmed", async () => {
    const backend = fixtureBackend({ existingFiles: ["/media/cle/session.recolte"] });
    backend.pickNewFile = async () => "/media/cle/session.recolte";
    const exportSession = vi.spyOn(backend, "exportSession");
    const { user } = await renderFiles(backend);
    await user.click(screen.getByTestId("export-path-choose"));
    await vi.waitFor(() => expect(field("export-path").value).toBe("/media/cle/session.recolte"));
    await user.click(screen.getByTestId("export-run"));
    await screen.findByTestId("export-done");
    expect(exportSession).toHaveBeenCalledWith("/media/cle/session.recolte", null, true);
  });

  it("refuses to export over the shared file: a sync merges, an export would replace", async () => {
    const backend = fixtureBackend();
    const exportSession = vi.spyOn(backend, "exportSession");
    const { user } = await renderFiles(backend);
    await user.clear(field("export-path"));
    await user.type(field("export-path"), ` ${exchange.SHARED_FILE} `);
    await user.click(screen.getByTestId("export-run"));
    expect(screen.getByTestId("export-path-problem")).toHaveTextContent("C'est le fichier partagé");
    expect(exportSession).not.toHaveBeenCalled();
  });

  it("shows the backend's message when the folder cannot be written", async () => {
    const backend = fixtureBackend();
    backend.exportSession = () => Promise.reject(new ApiError("io", "/media/cle/s.recolte : Permission denied (os error 13)"));
    const { user } = await renderFiles(backend);
    await user.click(screen.getByTestId("export-run"));
    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveAttribute("data-code", "io");
    expect(banner).toHaveTextContent("/media/cle/s.recolte");
  });
});

describe("FilesScreen: import", () => {
  it("imports the paths typed one per line and reports each file, the refused ones with their reason", async () => {
    const backend = fixtureBackend();
    const importFiles = vi.spyOn(backend, "importFiles");
    const { user, onDataChanged } = await renderFiles(backend);
    await user.type(screen.getByTestId("import-paths"), "  /media/cle/session-malik.recolte \n\n/media/cle/abime.recolte\n");
    await user.click(screen.getByTestId("import-run"));
    const summary = await screen.findByTestId("import-summary");
    expect(importFiles).toHaveBeenCalledWith(["/media/cle/session-malik.recolte", "/media/cle/abime.recolte"]);
    const [file] = within(summary).getAllByTestId("import-file");
    expect(file).toHaveTextContent("session-malik.recolte");
    expect(file).toHaveTextContent("12 contributions ajoutées, 3 mises à jour");
    const refused = within(summary).getByTestId("refused-file");
    expect(refused).toHaveTextContent("abime.recolte");
    expect(refused).toHaveTextContent(exchange.DAMAGED_REASON);
    expect(onDataChanged).toHaveBeenCalledTimes(1);
  });

  it("does not reload anything when every file was refused", async () => {
    const { user, onDataChanged } = await renderFiles();
    await user.type(screen.getByTestId("import-paths"), "/media/cle/abime.recolte");
    await user.click(screen.getByTestId("import-run"));
    expect(await screen.findByTestId("import-summary")).toHaveTextContent("Aucun fichier importé");
    expect(onDataChanged).not.toHaveBeenCalled();
  });

  it("adds picked files and folders to the list, once each", async () => {
    const { user } = await renderFiles();
    await user.click(screen.getByTestId("import-choose-files"));
    await user.click(screen.getByTestId("import-choose-folder"));
    await user.click(screen.getByTestId("import-choose-files"));
    await vi.waitFor(() =>
      expect((screen.getByTestId("import-paths") as HTMLTextAreaElement).value).toBe(
        "/media/camille/CLE-USB/session-malik.recolte\n/media/camille/CLE-USB/session-sophie.recolte\n/media/camille/CLE-USB",
      ),
    );
  });

  it("asks for at least one path", async () => {
    const backend = fixtureBackend();
    const importFiles = vi.spyOn(backend, "importFiles");
    const { user } = await renderFiles(backend);
    await user.type(screen.getByTestId("import-paths"), "   \n ");
    await user.click(screen.getByTestId("import-run"));
    expect(screen.getByTestId("import-paths-problem")).toHaveTextContent("Indiquez au moins un fichier");
    expect(importFiles).not.toHaveBeenCalled();
  });
});

describe("FilesScreen: navigation", () => {
  it("goes back with Escape outside a field, but Escape in a path field stays there", async () => {
    const { user, onBack } = await renderFiles();
    field("shared-path").focus();
    await user.keyboard("{Escape}");
    expect(onBack).not.toHaveBeenCalled();
    screen.getByTestId("sync-run").focus();
    await user.keyboard("{Escape}");
    expect(onBack).toHaveBeenCalledTimes(1);
  });

  it("still works when the defaults cannot be read: the paths are typed", async () => {
    const backend = fixtureBackend();
    backend.fileDefaults = () => Promise.reject({ code: "storage", message: "Base illisible." });
    await renderFiles(backend);
    expect(screen.getByTestId("error-banner")).toHaveTextContent("Base illisible.");
    expect(field("shared-path").value).toBe("");
    expect(field("export-path").value).toMatch(/^session-diagnostic-/);
  });
});

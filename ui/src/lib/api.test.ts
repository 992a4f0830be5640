import { beforeEach, describe, expect, it, vi } from "vitest";

// The seam's unit test: `invoke`, `Channel` and the file pickers are replaced, so only
// api.ts's own logic runs.
const { invoke, FakeChannel, openDialog, saveDialog } = vi.hoisted(() => {
  class FakeChannel<T> {
    constructor(readonly onmessage: (message: T) => void) {}
  }
  return { invoke: vi.fn(), FakeChannel, openDialog: vi.fn(), saveDialog: vi.fn() };
});
vi.mock("@tauri-apps/api/core", () => ({ invoke, Channel: FakeChannel }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: openDialog, save: saveDialog }));

import {
  ApiError,
  createDiagnostic,
  currentDiagnostic,
  exportSession,
  fileDefaults,
  importFiles,
  listConflicts,
  listDiagnostics,
  normaliseError,
  openDiagnostic,
  pickImportFiles,
  pickImportFolder,
  pickNewFile,
  pickSharedFile,
  previewSync,
  resolveConflict,
  runSync,
  workshopDetail,
} from "./api";
import { conflicts } from "../fixtures/exchange";

beforeEach(() => {
  invoke.mockReset();
  openDialog.mockReset();
  saveDialog.mockReset();
});

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error("the call should have been rejected");
}

describe("commands", () => {
  it("calls each command by its name with its arguments", async () => {
    invoke.mockResolvedValue("answer");
    await listDiagnostics();
    await currentDiagnostic();
    await openDiagnostic("d1");
    await createDiagnostic("Diagnostic ESS 2026");
    await workshopDetail("w1");
    expect(invoke.mock.calls).toEqual([
      ["diagnostic_list", undefined],
      ["diagnostic_current", undefined],
      ["diagnostic_open", { id: "d1" }],
      ["diagnostic_create", { title: "Diagnostic ESS 2026" }],
      ["workshop_detail", { id: "w1" }],
    ]);
  });

  it("names the file and conflict commands and their arguments as the shell expects them", async () => {
    invoke.mockResolvedValue("answer");
    const conflict = conflicts[0]!;
    await fileDefaults();
    await previewSync("/partage/diagnostic.recolte");
    await exportSession("/cle/session.recolte", "w1", false);
    await exportSession("/cle/tout.recolte", null, true);
    await importFiles(["/cle/a.recolte", "/cle"]);
    await listConflicts();
    await resolveConflict(conflict, { kind: "keep_other", other_stamp: conflict.other_stamp });
    expect(invoke.mock.calls).toEqual([
      ["file_defaults", undefined],
      ["sync_preview", { sharedFile: "/partage/diagnostic.recolte" }],
      ["session_export", { destination: "/cle/session.recolte", workshopId: "w1", replace: false }],
      ["session_export", { destination: "/cle/tout.recolte", workshopId: null, replace: true }],
      ["session_import", { paths: ["/cle/a.recolte", "/cle"] }],
      ["conflict_list", undefined],
      [
        "conflict_resolve",
        {
          table: "contribution",
          recordId: conflict.record_id,
          field: "text",
          choice: { kind: "keep_other", other_stamp: conflict.other_stamp },
        },
      ],
    ]);
  });

  it("hands the sync a channel that delivers each step to the caller", async () => {
    invoke.mockResolvedValue({ retries: 0 });
    const steps: unknown[] = [];
    await runSync("/partage/diagnostic.recolte", (step) => steps.push(step));
    const [command, args] = invoke.mock.calls[0]!;
    expect(command).toBe("sync_run");
    expect(args.sharedFile).toBe("/partage/diagnostic.recolte");
    expect(args.onProgress).toBeInstanceOf(FakeChannel);
    args.onProgress.onmessage({ done: 1, total: 4, step: "Lecture du fichier partagé" });
    expect(steps).toEqual([{ done: 1, total: 4, step: "Lecture du fichier partagé" }]);
  });

  it("passes the backend's answer through", async () => {
    const summaries = [{ id: "d1", title: "Démo", is_demo: true, workshop_count: 4 }];
    invoke.mockResolvedValue(summaries);
    await expect(listDiagnostics()).resolves.toBe(summaries);
  });
});

describe("file pickers", () => {
  it("asks for .recolte files, starting from the current path when there is one", async () => {
    openDialog.mockResolvedValue("/partage/diagnostic.recolte");
    await expect(pickSharedFile("/ancien/diagnostic.recolte")).resolves.toBe("/partage/diagnostic.recolte");
    expect(openDialog.mock.calls[0]![0]).toMatchObject({
      filters: [{ extensions: ["recolte"] }],
      defaultPath: "/ancien/diagnostic.recolte",
    });
    await pickSharedFile("");
    expect(openDialog.mock.calls[1]![0]).not.toHaveProperty("defaultPath");
  });

  it("proposes a name when saving", async () => {
    saveDialog.mockResolvedValue(null);
    await expect(pickNewFile("Exporter la session", "/doc/session.recolte")).resolves.toBeNull();
    expect(saveDialog.mock.calls[0]![0]).toMatchObject({ title: "Exporter la session", defaultPath: "/doc/session.recolte" });
  });

  it("returns no files when the user cancels, and picks one folder", async () => {
    openDialog.mockResolvedValueOnce(null).mockResolvedValueOnce("/media/cle");
    await expect(pickImportFiles()).resolves.toEqual([]);
    await expect(pickImportFolder()).resolves.toBe("/media/cle");
    expect(openDialog.mock.calls[0]![0]).toMatchObject({ multiple: true });
    expect(openDialog.mock.calls[1]![0]).toMatchObject({ directory: true });
  });

  it("turns a refused dialog into an ApiError", async () => {
    openDialog.mockRejectedValue("dialog.open not allowed");
    const error = await rejection(pickImportFolder());
    expect(error.code).toBe("internal");
    expect(error.message).toContain("not allowed");
  });
});

describe("error normalisation", () => {
  it("keeps the code and the French message of an IpcError", async () => {
    invoke.mockRejectedValue({ code: "invalid_input", message: "Le titre ne peut pas être vide." });
    const error = await rejection(createDiagnostic(""));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toBe("Le titre ne peut pas être vide.");
  });

  it.each([
    "not_found",
    "not_a_recolte_file",
    "too_new",
    "storage",
    "refused_file",
    "io",
    "locked",
    "keeps_changing",
    "already_exists",
    "internal",
  ] as const)(
    "keeps the known code %s",
    async (code) => {
      invoke.mockRejectedValue({ code, message: "Message du moteur." });
      expect((await rejection(openDiagnostic("d1"))).code).toBe(code);
    },
  );

  it("turns a plain string rejection into an internal error", async () => {
    invoke.mockRejectedValue("command diagnostic_list not found");
    const error = await rejection(listDiagnostics());
    expect(error.code).toBe("internal");
    expect(error.message).toBe("Erreur inattendue : command diagnostic_list not found");
  });

  it("turns a JavaScript error (no Tauri around) into an internal error", async () => {
    invoke.mockRejectedValue(new TypeError("window.__TAURI_INTERNALS__ is undefined"));
    const error = await rejection(currentDiagnostic());
    expect(error.code).toBe("internal");
    expect(error.message).toBe("Erreur inattendue : window.__TAURI_INTERNALS__ is undefined");
  });

  it("makes an unknown code internal but keeps the backend's message", () => {
    const error = normaliseError({ code: "disk_on_fire", message: "Le disque est en feu." });
    expect(error.code).toBe("internal");
    expect(error.message).toBe("Le disque est en feu.");
  });

  it.each([
    [{ code: "storage" }, 'Erreur inattendue : {"code":"storage"}'],
    [{ code: "storage", message: 42 }, 'Erreur inattendue : {"code":"storage","message":42}'],
    [{ code: "storage", message: "  " }, 'Erreur inattendue : {"code":"storage","message":"  "}'],
    [null, "Erreur inattendue : null"],
    [undefined, "Erreur inattendue : aucun détail"],
  ])("treats %j as an unexpected shape", (raw, message) => {
    const error = normaliseError(raw);
    expect(error.code).toBe("internal");
    expect(error.message).toBe(message);
  });

  it("shortens a huge unexpected payload", () => {
    const error = normaliseError("x".repeat(5000));
    expect(error.message.length).toBeLessThan(400);
    expect(error.message.endsWith("…")).toBe(true);
  });

  it("returns an ApiError unchanged", () => {
    const original = new ApiError("too_new", "Fichier trop récent.");
    expect(normaliseError(original)).toBe(original);
  });
});

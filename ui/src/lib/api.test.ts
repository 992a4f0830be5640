import { beforeEach, describe, expect, it, vi } from "vitest";

// The seam's unit test: `invoke` is replaced, so only api.ts's own logic runs.
const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import {
  ApiError,
  createDiagnostic,
  currentDiagnostic,
  listDiagnostics,
  normaliseError,
  openDiagnostic,
  workshopDetail,
} from "./api";

beforeEach(() => {
  invoke.mockReset();
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

  it("passes the backend's answer through", async () => {
    const summaries = [{ id: "d1", title: "Démo", is_demo: true, workshop_count: 4 }];
    invoke.mockResolvedValue(summaries);
    await expect(listDiagnostics()).resolves.toBe(summaries);
  });
});

describe("error normalisation", () => {
  it("keeps the code and the French message of an IpcError", async () => {
    invoke.mockRejectedValue({ code: "invalid_input", message: "Le titre ne peut pas être vide." });
    const error = await rejection(createDiagnostic(""));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toBe("Le titre ne peut pas être vide.");
  });

  it.each(["not_found", "not_a_recolte_file", "too_new", "storage", "internal"] as const)(
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

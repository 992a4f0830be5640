// The one IPC seam: the only module that calls `invoke`. Every other module talks to the
// backend through these typed functions (or the `Backend` object that bundles them), and
// every failure leaves here as an `ApiError`, so screens branch on `code`, never on text.

import { invoke } from "@tauri-apps/api/core";
import type { DiagnosticOverview } from "./bindings/DiagnosticOverview";
import type { DiagnosticSummary } from "./bindings/DiagnosticSummary";
import type { IpcError } from "./bindings/IpcError";
import type { IpcErrorCode } from "./bindings/IpcErrorCode";
import type { WorkshopDetail } from "./bindings/WorkshopDetail";

export type { IpcError, IpcErrorCode };

// Every code the shell can send, checked both ways against the generated union by the
// compiler: a code added in Rust breaks this line until the UI knows it.
const KNOWN_CODES: Record<IpcErrorCode, true> = {
  not_found: true,
  invalid_input: true,
  not_a_recolte_file: true,
  too_new: true,
  storage: true,
  internal: true,
};

/** A failed backend call: a stable `code` to branch on and a French `message` to show. */
export class ApiError extends Error {
  readonly code: IpcErrorCode;

  constructor(code: IpcErrorCode, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }
}

const UNEXPECTED = "Erreur inattendue : ";
// A rejection we did not expect may carry anything; keep the banner readable.
const MAX_DETAIL_LENGTH = 300;

function isIpcErrorCode(value: unknown): value is IpcErrorCode {
  return typeof value === "string" && Object.hasOwn(KNOWN_CODES, value);
}

function describeUnknown(raw: unknown): string {
  if (raw instanceof Error) return raw.message || raw.name;
  if (typeof raw === "string") return raw;
  if (raw === undefined) return "aucun détail";
  try {
    return JSON.stringify(raw) ?? String(raw);
  } catch {
    return String(raw);
  }
}

function truncate(text: string): string {
  return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;
}

/**
 * Turns whatever a rejected `invoke` produced into an `ApiError`.
 * A well-formed `IpcError` (`{ code, message }`) keeps the backend's French message; anything else
 * (a plain string, a JS `Error` when running outside Tauri, an unknown code) is "internal".
 */
export function normaliseError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (typeof raw === "object" && raw !== null && "message" in raw && "code" in raw) {
    const { code, message } = raw as { code: unknown; message: unknown };
    if (typeof message === "string" && message.trim() !== "") {
      // A code this UI does not know yet (a newer shell) still carries a message for people.
      return new ApiError(isIpcErrorCode(code) ? code : "internal", message);
    }
  }
  return new ApiError("internal", UNEXPECTED + truncate(describeUnknown(raw)));
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw normaliseError(raw);
  }
}

export function listDiagnostics(): Promise<DiagnosticSummary[]> {
  return call("diagnostic_list");
}

export function currentDiagnostic(): Promise<DiagnosticOverview> {
  return call("diagnostic_current");
}

export function openDiagnostic(id: string): Promise<DiagnosticOverview> {
  return call("diagnostic_open", { id });
}

export function createDiagnostic(title: string): Promise<DiagnosticOverview> {
  return call("diagnostic_create", { title });
}

export function workshopDetail(id: string): Promise<WorkshopDetail> {
  return call("workshop_detail", { id });
}

/** The calls the screens need; App receives one so the preview and tests can pass fixtures. */
export type Backend = {
  listDiagnostics: typeof listDiagnostics;
  currentDiagnostic: typeof currentDiagnostic;
  openDiagnostic: typeof openDiagnostic;
  createDiagnostic: typeof createDiagnostic;
  workshopDetail: typeof workshopDetail;
};

export const tauriBackend: Backend = {
  listDiagnostics,
  currentDiagnostic,
  openDiagnostic,
  createDiagnostic,
  workshopDetail,
};

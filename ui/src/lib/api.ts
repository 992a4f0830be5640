// The one IPC seam: the only module that calls `invoke`. Every other module talks to the
// backend through these typed functions (or the `Backend` object that bundles them), and
// every failure leaves here as an `ApiError`, so screens branch on `code`, never on text.

import { Channel, invoke } from "@tauri-apps/api/core";
import { open, save } from "@tauri-apps/plugin-dialog";
import type { SearchHit } from "./bindings/SearchHit";
import type { ItemDots } from "./bindings/ItemDots";
import type { TimerAction } from "./bindings/TimerAction";
import type { TimerView } from "./bindings/TimerView";
import type { VoteResults } from "./bindings/VoteResults";
import type { VoteTarget } from "./bindings/VoteTarget";
import type { VotingSheet } from "./bindings/VotingSheet";
import type { BoardView } from "./bindings/BoardView";
import type { AttendeeColumns } from "./bindings/AttendeeColumns";
import type { AttendeeImportReport } from "./bindings/AttendeeImportReport";
import type { CaptureOutcome } from "./bindings/CaptureOutcome";
import type { CapturePreview } from "./bindings/CapturePreview";
import type { CsvPreview } from "./bindings/CsvPreview";
import type { ConflictChoice } from "./bindings/ConflictChoice";
import type { ConflictView } from "./bindings/ConflictView";
import type { ContributionView } from "./bindings/ContributionView";
import type { DiagnosticOverview } from "./bindings/DiagnosticOverview";
import type { DiagnosticSummary } from "./bindings/DiagnosticSummary";
import type { FileDefaults } from "./bindings/FileDefaults";
import type { ImportSummaryView } from "./bindings/ImportSummaryView";
import type { IpcError } from "./bindings/IpcError";
import type { IpcErrorCode } from "./bindings/IpcErrorCode";
import type { NewAttendee } from "./bindings/NewAttendee";
import type { ParticipantView } from "./bindings/ParticipantView";
import type { PhasePlan } from "./bindings/PhasePlan";
import type { RoomView } from "./bindings/RoomView";
import type { SyncPreviewView } from "./bindings/SyncPreviewView";
import type { SyncProgressView } from "./bindings/SyncProgressView";
import type { SyncSummaryView } from "./bindings/SyncSummaryView";
import type { WorkshopDetail } from "./bindings/WorkshopDetail";
import type { WorkshopPlan } from "./bindings/WorkshopPlan";
import type { WorkshopPlanView } from "./bindings/WorkshopPlanView";
import type { DiagnosticExportFormat } from "./bindings/DiagnosticExportFormat";
import type { Synthesis } from "./bindings/Synthesis";
import type { SynthesisFilter } from "./bindings/SynthesisFilter";
import type { InitiativeColumns } from "./bindings/InitiativeColumns";
import type { InitiativeCsvPreview } from "./bindings/InitiativeCsvPreview";
import type { InitiativeFields } from "./bindings/InitiativeFields";
import type { InitiativeImportReport } from "./bindings/InitiativeImportReport";
import type { InitiativeView } from "./bindings/InitiativeView";
import type { LikelyDuplicate } from "./bindings/LikelyDuplicate";
import type { ContributionColumns } from "./bindings/ContributionColumns";
import type { ContributionCsvPreview } from "./bindings/ContributionCsvPreview";
import type { ContributionImportReport } from "./bindings/ContributionImportReport";
import type { NewRecommendation } from "./bindings/NewRecommendation";
import type { RecommendationStatus } from "./bindings/RecommendationStatus";
import type { RecommendationText } from "./bindings/RecommendationText";
import type { RecommendationView } from "./bindings/RecommendationView";

export type { IpcError, IpcErrorCode };

// Every code the shell can send, checked both ways against the generated union by the
// compiler: a code added in Rust breaks this line until the UI knows it.
const KNOWN_CODES: Record<IpcErrorCode, true> = {
  not_found: true,
  invalid_input: true,
  not_a_recolte_file: true,
  too_new: true,
  storage: true,
  refused_file: true,
  io: true,
  locked: true,
  keeps_changing: true,
  already_exists: true,
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

// The file pickers are the dialog plugin's commands, so they fail like any other call.
async function pick<T>(dialog: () => Promise<T>): Promise<T> {
  try {
    return await dialog();
  } catch (raw) {
    throw normaliseError(raw);
  }
}

const RECOLTE_FILES = [{ name: "Fichiers Récolte", extensions: ["recolte"] }];

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

/**
 * Saves one capture line in the workshop's current phase. Resolves only once the
 * contribution is on disk: the capture bar may say "Enregistré" then, and not before.
 */
export function captureContribution(workshopId: string, line: string): Promise<CaptureOutcome> {
  return call("contribution_capture", { workshopId, line });
}

/** Corrects a contribution's text; resolves to the contribution as stored. */
export function editContribution(id: string, text: string): Promise<ContributionView> {
  return call("contribution_edit", { id, text });
}

/** Deletes (`true`) or restores (`false`) a contribution. */
export function setContributionDeleted(id: string, deleted: boolean): Promise<void> {
  return call("contribution_set_deleted", { id, deleted });
}

export function deletedContributions(workshopId: string): Promise<ContributionView[]> {
  return call("contributions_deleted", { workshopId });
}

/** Keeps the line being typed, so a crash does not lose it; an empty text forgets it. */
export function saveCaptureDraft(workshopId: string, text: string): Promise<void> {
  return call("capture_draft_save", { workshopId, text });
}

/** The line that was being typed when the app last stopped, if any. */
export function captureDraft(workshopId: string): Promise<string | null> {
  return call("capture_draft", { workshopId });
}

/** What a capture line would be saved as (category, stakes, attribution); saves nothing. */
export function capturePreview(workshopId: string, line: string): Promise<CapturePreview> {
  return call("capture_preview", { workshopId, line });
}

export function setCurrentPhase(workshopId: string, phaseId: string): Promise<void> {
  return call("phase_set_current", { workshopId, phaseId });
}

/** Opens the projector window on this workshop, or brings it forward. */
export function openProjector(workshopId: string): Promise<void> {
  return call("projector_open", { workshopId });
}

/** What the room sees; only the projector window is allowed to ask. */
export function roomView(workshopId: string): Promise<RoomView> {
  return call("room_view", { workshopId });
}

export function defaultAgenda(): Promise<PhasePlan[]> {
  return call("agenda_default");
}

/** Creates a workshop with its agenda; resolves to its id. */
export function createWorkshop(diagnosticId: string, plan: WorkshopPlan, agenda: PhasePlan[]): Promise<string> {
  return call("workshop_create", { diagnosticId, plan, agenda });
}

/** The diagnostic's contributions containing every word typed, accents and case ignored. */
export function searchContributions(diagnosticId: string, text: string): Promise<SearchHit[]> {
  return call("contribution_search", { diagnosticId, text });
}

export function workshopPlan(id: string): Promise<WorkshopPlanView> {
  return call("workshop_plan", { id });
}

/** Saves an edited plan and its agenda together: both or neither. */
export function updateWorkshop(id: string, plan: WorkshopPlan, agenda: PhasePlan[]): Promise<void> {
  return call("workshop_update", { id, plan, agenda });
}

/** Saves the agenda in this order; phases left out are deleted. */
export function setAgenda(id: string, agenda: PhasePlan[]): Promise<void> {
  return call("workshop_agenda_set", { id, agenda });
}

export function addAttendee(workshopId: string, attendee: NewAttendee): Promise<ParticipantView> {
  return call("attendee_add", { workshopId, attendee });
}

export function removeAttendee(workshopId: string, participantId: string): Promise<void> {
  return call("attendee_remove", { workshopId, participantId });
}

/** A sign-up list's headers, guessed columns and first rows; reads the file, changes nothing. */
export function previewAttendanceCsv(path: string): Promise<CsvPreview> {
  return call("attendance_csv_preview", { path });
}

/** Registers the list's people in the workshop; the report gives the rows left out, by line. */
export function importAttendanceCsv(workshopId: string, path: string, columns: AttendeeColumns): Promise<AttendeeImportReport> {
  return call("attendance_csv_import", { workshopId, path, columns });
}

export function fileDefaults(): Promise<FileDefaults> {
  return call("file_defaults");
}

/** What a sync with `sharedFile` would change; nothing changes. */
export function previewSync(sharedFile: string): Promise<SyncPreviewView> {
  return call("sync_preview", { sharedFile });
}

/** Synchronises with `sharedFile`; `onProgress` hears each step while it runs. */
export function runSync(sharedFile: string, onProgress: (progress: SyncProgressView) => void): Promise<SyncSummaryView> {
  return call("sync_run", { sharedFile, onProgress: new Channel<SyncProgressView>(onProgress) });
}

/**
 * Writes a session file of everything (`workshopId` null) or of one workshop. An existing file
 * is replaced only when `replace` is true; otherwise the call fails with `already_exists`.
 * Resolves to the path written.
 */
export function exportSession(destination: string, workshopId: string | null, replace: boolean): Promise<string> {
  return call("session_export", { destination, workshopId, replace });
}

/** Imports session files; a folder stands for the .recolte files it holds. */
export function importFiles(paths: string[]): Promise<ImportSummaryView> {
  return call("session_import", { paths });
}

export function listConflicts(): Promise<ConflictView[]> {
  return call("conflict_list");
}

export function resolveConflict(conflict: ConflictView, choice: ConflictChoice): Promise<void> {
  return call("conflict_resolve", {
    table: conflict.table,
    recordId: conflict.record_id,
    field: conflict.field,
    choice,
  });
}

/** The workshop's clusters and duplicates; its contributions come with `workshopDetail`. */
export function boardView(workshopId: string): Promise<BoardView> {
  return call("board_view", { workshopId });
}

/** Creates an empty cluster at the end of the board; resolves to its id. */
export function createCluster(workshopId: string, name: string): Promise<string> {
  return call("cluster_create", { workshopId, name });
}

export function renameCluster(id: string, name: string): Promise<void> {
  return call("cluster_rename", { id, name });
}

/** Removes a cluster; its contributions go back to their columns. */
export function deleteCluster(id: string): Promise<void> {
  return call("cluster_delete", { id });
}

/** Puts a contribution in a cluster (out of any other), or back in its column with null. */
export function moveToCluster(contributionId: string, clusterId: string | null): Promise<void> {
  return call("contribution_move_to_cluster", { contributionId, clusterId });
}

/** Marks a contribution as repeating `originalId`, or not any more with null. */
export function markDuplicate(contributionId: string, originalId: string | null): Promise<void> {
  return call("contribution_mark_duplicate", { contributionId, originalId });
}

/** The token budget, the dots entered (wall tallies and ballots apart) and the results with their check. */
export function votingSheet(workshopId: string): Promise<VotingSheet> {
  return call("voting_sheet", { workshopId });
}

/** The ranking and whether the dots counted match participants × tokens. */
export function voteResults(workshopId: string): Promise<VoteResults> {
  return call("vote_results", { workshopId });
}

/** Sets the dots each participant may place; resolves to the sheet as now stored. */
export function setTokenBudget(workshopId: string, tokens: number): Promise<VotingSheet> {
  return call("token_budget_set", { workshopId, tokens });
}

/** The stickers counted on the wall for one item (replaces the previous count). */
export function setVoteTally(workshopId: string, target: VoteTarget, dots: number): Promise<VotingSheet> {
  return call("vote_tally_set", { workshopId, target, dots });
}

/** One participant's dots, item by item (replaces what they had on those items). */
export function setVoteBallot(workshopId: string, participantId: string, dots: ItemDots[]): Promise<VotingSheet> {
  return call("vote_ballot_set", { workshopId, participantId, dots });
}

/** The phase countdown now, or null before one was started. */
export function timerView(workshopId: string): Promise<TimerView | null> {
  return call("timer_view", { workshopId });
}

/** Starts, pauses, resets or extends the countdown; resolves to it as it now stands. */
export function actOnTimer(workshopId: string, action: TimerAction): Promise<TimerView> {
  return call("timer_act", { workshopId, action });
}

/** Coverage, participation and priorities of the workshops `filter` keeps. */
export function synthesisView(diagnosticId: string, filter: SynthesisFilter): Promise<Synthesis> {
  return call("synthesis_view", { diagnosticId, filter });
}

/**
 * Writes the diagnostic as a report (PDF, HTML) or tables (CSV, XLSX, Markdown) at `destination`;
 * `anonymous` leaves out every name, e-mail address and phone number. Fails with
 * `already_exists` unless `replace`. Resolves to the path written.
 */
export function exportDiagnostic(
  diagnosticId: string,
  format: DiagnosticExportFormat,
  anonymous: boolean,
  destination: string,
  replace: boolean,
): Promise<string> {
  return call("diagnostic_export", { diagnosticId, format, anonymous, destination, replace });
}

/** The file filter of each export format, for the save dialog. */
export const EXPORT_FILE_FILTERS: Record<DiagnosticExportFormat, { name: string; extensions: string[] }> = {
  pdf: { name: "Rapport PDF", extensions: ["pdf"] },
  html: { name: "Rapport HTML", extensions: ["html", "htm"] },
  csv: { name: "Tableau CSV", extensions: ["csv"] },
  xlsx: { name: "Classeur Excel", extensions: ["xlsx"] },
  md: { name: "Texte Markdown", extensions: ["md"] },
};

/** Where to write an export of the diagnostic in `format`, or null if cancelled. */
export function pickExportFile(format: DiagnosticExportFormat, defaultPath: string): Promise<string | null> {
  return pick(() =>
    save({ title: "Exporter le diagnostic", filters: [EXPORT_FILE_FILTERS[format]], ...(defaultPath ? { defaultPath } : {}) }),
  );
}

/** An existing shared file, or null if the user cancelled. */
export function pickSharedFile(current: string): Promise<string | null> {
  return pick(() =>
    open({ title: "Choisir le fichier partagé", filters: RECOLTE_FILES, ...(current ? { defaultPath: current } : {}) }),
  );
}

/** Where to write a new file (a new shared file, or a session file), or null if cancelled. */
export function pickNewFile(title: string, defaultPath: string): Promise<string | null> {
  return pick(() => save({ title, filters: RECOLTE_FILES, ...(defaultPath ? { defaultPath } : {}) }));
}

/** Session files to import; empty if cancelled. */
export async function pickImportFiles(): Promise<string[]> {
  const picked = await pick(() => open({ title: "Choisir des fichiers de session", filters: RECOLTE_FILES, multiple: true }));
  return picked ?? [];
}

/** A sign-up list exported from a spreadsheet, or null if cancelled. */
export function pickAttendanceCsv(): Promise<string | null> {
  return pick(() =>
    open({ title: "Choisir la liste d'émargement", filters: [{ name: "Listes CSV (tableur)", extensions: ["csv", "CSV", "txt"] }] }),
  );
}

/** The inventory of initiatives with their sources, by commune then name. */
export function listInitiatives(diagnosticId: string): Promise<InitiativeView[]> {
  return call("initiative_list", { diagnosticId });
}

/** Records an initiative (cited by the contribution `from`, if any); resolves to its id. */
export function createInitiative(diagnosticId: string, fields: InitiativeFields, from: string | null): Promise<string> {
  return call("initiative_create", { diagnosticId, fields, from });
}

/** Saves an initiative's corrected fields; a refusal (`invalid_input`) changes nothing. */
export function updateInitiative(id: string, fields: InitiativeFields): Promise<void> {
  return call("initiative_update", { id, fields });
}

/** Removes an initiative entered by mistake. */
export function deleteInitiative(id: string): Promise<void> {
  return call("initiative_delete", { id });
}

/** Links a contribution (and its workshop) to an initiative as a source. */
export function addInitiativeSource(initiativeId: string, contributionId: string): Promise<void> {
  return call("initiative_source_add", { initiativeId, contributionId });
}

/** Unlinks a contribution from an initiative (a source linked by mistake). */
export function removeInitiativeSource(initiativeId: string, contributionId: string): Promise<void> {
  return call("initiative_source_remove", { initiativeId, contributionId });
}

/** Pairs of initiatives that are probably the same, with why. */
export function likelyDuplicateInitiatives(diagnosticId: string): Promise<LikelyDuplicate[]> {
  return call("initiative_duplicates", { diagnosticId });
}

/** Merges `other` into `keep`; every source of both stays on `keep`. */
export function mergeInitiatives(keep: string, other: string): Promise<void> {
  return call("initiative_merge", { keep, other });
}

/** A list of initiatives' headers, guessed columns and first rows; changes nothing. */
export function previewInitiativesCsv(path: string): Promise<InitiativeCsvPreview> {
  return call("initiative_csv_preview", { path });
}

/** Adds the list's initiatives to the inventory; the report gives the rows left out, by line. */
export function importInitiativesCsv(diagnosticId: string, path: string, columns: InitiativeColumns): Promise<InitiativeImportReport> {
  return call("initiative_csv_import", { diagnosticId, path, columns });
}

/**
 * Writes the inventory as CSV at `destination` (`anonymous`: without contacts). Fails with
 * `already_exists` unless `replace`. Resolves to the path written.
 */
export function exportInventory(diagnosticId: string, anonymous: boolean, destination: string, replace: boolean): Promise<string> {
  return call("inventory_export", { diagnosticId, anonymous, destination, replace });
}

/** A list of initiatives exported from a spreadsheet, or null if cancelled. */
export function pickInitiativesCsv(): Promise<string | null> {
  return pick(() =>
    open({ title: "Choisir la liste d'initiatives", filters: [{ name: "Listes CSV (tableur)", extensions: ["csv", "CSV", "txt"] }] }),
  );
}

/** Where to write the inventory as CSV, or null if cancelled. */
export function pickInventoryFile(defaultPath: string): Promise<string | null> {
  return pick(() => save({ title: "Exporter l'inventaire", filters: [EXPORT_FILE_FILTERS.csv], ...(defaultPath ? { defaultPath } : {}) }));
}

/** A folder of session files to import, or null if cancelled. */
export function pickImportFolder(): Promise<string | null> {
  return pick(() => open({ title: "Choisir un dossier de fichiers de session", directory: true }));
}

/** The diagnostic's recommendations in their order, each with its source contributions. */
export function listRecommendations(diagnosticId: string): Promise<RecommendationView[]> {
  return call("recommendations_list", { diagnosticId });
}

/** Creates a recommendation at the end of the list; resolves to its id. */
export function createRecommendation(diagnosticId: string, recommendation: NewRecommendation): Promise<string> {
  return call("recommendation_create", { diagnosticId, recommendation });
}

/** Rewrites a recommendation's title, text and audience. */
export function updateRecommendation(id: string, text: RecommendationText): Promise<void> {
  return call("recommendation_update", { id, text });
}

export function setRecommendationStatus(id: string, status: RecommendationStatus): Promise<void> {
  return call("recommendation_set_status", { id, status });
}

/** Makes the recommendation's stakes exactly these. */
export function setRecommendationStakes(id: string, stakeIds: string[]): Promise<void> {
  return call("recommendation_set_stakes", { id, stakeIds });
}

/** Links one more contribution, of any workshop of the diagnostic, as a source of a recommendation. */
export function addRecommendationSource(id: string, contributionId: string): Promise<void> {
  return call("recommendation_add_source", { id, contributionId });
}

/** Takes a contribution out of a recommendation's sources (the contribution stays). */
export function removeRecommendationSource(id: string, contributionId: string): Promise<void> {
  return call("recommendation_remove_source", { id, contributionId });
}

export function deleteRecommendation(id: string): Promise<void> {
  return call("recommendation_delete", { id });
}

/** Moves a recommendation to `index` (0-based) in the list. */
export function moveRecommendation(id: string, index: number): Promise<void> {
  return call("recommendation_move", { id, index });
}

/** Makes a recommendation of a contribution in one step; resolves to its id. */
export function promoteContribution(contributionId: string): Promise<string> {
  return call("contribution_promote", { contributionId });
}

/** A board exported by another tool: headers, guessed columns, first rows; changes nothing. */
export function previewContributionsCsv(path: string): Promise<ContributionCsvPreview> {
  return call("contributions_csv_preview", { path });
}

/** Imports the board's rows as the workshop's contributions, with their groups and votes. */
export function importContributionsCsv(
  workshopId: string,
  path: string,
  columns: ContributionColumns,
): Promise<ContributionImportReport> {
  return call("contributions_csv_import", { workshopId, path, columns });
}

/** A board exported by Klaxoon, Parabol or a spreadsheet, or null if cancelled. */
export function pickContributionsCsv(): Promise<string | null> {
  return pick(() =>
    open({ title: "Choisir le tableau exporté", filters: [{ name: "Fichiers CSV", extensions: ["csv", "CSV", "txt"] }] }),
  );
}

/** The calls the screens need; App receives one so the preview and tests can pass fixtures. */
export type Backend = {
  votingSheet: typeof votingSheet;
  voteResults: typeof voteResults;
  setTokenBudget: typeof setTokenBudget;
  setVoteTally: typeof setVoteTally;
  setVoteBallot: typeof setVoteBallot;
  timerView: typeof timerView;
  actOnTimer: typeof actOnTimer;
  listDiagnostics: typeof listDiagnostics;
  currentDiagnostic: typeof currentDiagnostic;
  openDiagnostic: typeof openDiagnostic;
  createDiagnostic: typeof createDiagnostic;
  workshopDetail: typeof workshopDetail;
  captureContribution: typeof captureContribution;
  editContribution: typeof editContribution;
  setContributionDeleted: typeof setContributionDeleted;
  deletedContributions: typeof deletedContributions;
  saveCaptureDraft: typeof saveCaptureDraft;
  captureDraft: typeof captureDraft;
  setCurrentPhase: typeof setCurrentPhase;
  openProjector: typeof openProjector;
  roomView: typeof roomView;
  defaultAgenda: typeof defaultAgenda;
  createWorkshop: typeof createWorkshop;
  workshopPlan: typeof workshopPlan;
  updateWorkshop: typeof updateWorkshop;
  setAgenda: typeof setAgenda;
  addAttendee: typeof addAttendee;
  removeAttendee: typeof removeAttendee;
  fileDefaults: typeof fileDefaults;
  previewSync: typeof previewSync;
  runSync: typeof runSync;
  exportSession: typeof exportSession;
  importFiles: typeof importFiles;
  listConflicts: typeof listConflicts;
  resolveConflict: typeof resolveConflict;
  pickSharedFile: typeof pickSharedFile;
  pickNewFile: typeof pickNewFile;
  pickImportFiles: typeof pickImportFiles;
  pickImportFolder: typeof pickImportFolder;
  searchContributions: typeof searchContributions;
  capturePreview: typeof capturePreview;
  previewAttendanceCsv: typeof previewAttendanceCsv;
  importAttendanceCsv: typeof importAttendanceCsv;
  pickAttendanceCsv: typeof pickAttendanceCsv;
  boardView: typeof boardView;
  createCluster: typeof createCluster;
  renameCluster: typeof renameCluster;
  deleteCluster: typeof deleteCluster;
  moveToCluster: typeof moveToCluster;
  markDuplicate: typeof markDuplicate;
  synthesisView: typeof synthesisView;
  exportDiagnostic: typeof exportDiagnostic;
  pickExportFile: typeof pickExportFile;
  listInitiatives: typeof listInitiatives;
  createInitiative: typeof createInitiative;
  updateInitiative: typeof updateInitiative;
  deleteInitiative: typeof deleteInitiative;
  addInitiativeSource: typeof addInitiativeSource;
  removeInitiativeSource: typeof removeInitiativeSource;
  likelyDuplicateInitiatives: typeof likelyDuplicateInitiatives;
  mergeInitiatives: typeof mergeInitiatives;
  previewInitiativesCsv: typeof previewInitiativesCsv;
  importInitiativesCsv: typeof importInitiativesCsv;
  exportInventory: typeof exportInventory;
  pickInitiativesCsv: typeof pickInitiativesCsv;
  pickInventoryFile: typeof pickInventoryFile;
  listRecommendations: typeof listRecommendations;
  createRecommendation: typeof createRecommendation;
  updateRecommendation: typeof updateRecommendation;
  setRecommendationStatus: typeof setRecommendationStatus;
  setRecommendationStakes: typeof setRecommendationStakes;
  addRecommendationSource: typeof addRecommendationSource;
  removeRecommendationSource: typeof removeRecommendationSource;
  deleteRecommendation: typeof deleteRecommendation;
  moveRecommendation: typeof moveRecommendation;
  promoteContribution: typeof promoteContribution;
  previewContributionsCsv: typeof previewContributionsCsv;
  importContributionsCsv: typeof importContributionsCsv;
  pickContributionsCsv: typeof pickContributionsCsv;
};

export const tauriBackend: Backend = {
  votingSheet,
  voteResults,
  setTokenBudget,
  setVoteTally,
  setVoteBallot,
  timerView,
  actOnTimer,
  listDiagnostics,
  currentDiagnostic,
  openDiagnostic,
  createDiagnostic,
  workshopDetail,
  captureContribution,
  editContribution,
  setContributionDeleted,
  deletedContributions,
  saveCaptureDraft,
  captureDraft,
  setCurrentPhase,
  openProjector,
  roomView,
  defaultAgenda,
  createWorkshop,
  workshopPlan,
  updateWorkshop,
  setAgenda,
  addAttendee,
  removeAttendee,
  fileDefaults,
  previewSync,
  runSync,
  exportSession,
  importFiles,
  listConflicts,
  resolveConflict,
  pickSharedFile,
  pickNewFile,
  pickImportFiles,
  pickImportFolder,
  searchContributions,
  capturePreview,
  previewAttendanceCsv,
  importAttendanceCsv,
  pickAttendanceCsv,
  boardView,
  createCluster,
  renameCluster,
  deleteCluster,
  moveToCluster,
  markDuplicate,
  synthesisView,
  exportDiagnostic,
  pickExportFile,
  listInitiatives,
  createInitiative,
  updateInitiative,
  deleteInitiative,
  addInitiativeSource,
  removeInitiativeSource,
  likelyDuplicateInitiatives,
  mergeInitiatives,
  previewInitiativesCsv,
  importInitiativesCsv,
  exportInventory,
  pickInitiativesCsv,
  pickInventoryFile,
  listRecommendations,
  createRecommendation,
  updateRecommendation,
  setRecommendationStatus,
  setRecommendationStakes,
  addRecommendationSource,
  removeRecommendationSource,
  deleteRecommendation,
  moveRecommendation,
  promoteContribution,
  previewContributionsCsv,
  importContributionsCsv,
  pickContributionsCsv,
};

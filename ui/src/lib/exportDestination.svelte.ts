// Where an export writes its file, and the exchange that writes it there: a path proposed from
// the export's options, or one the user typed or picked, then the writing itself with its
// question before replacing a file.
//
// Invariants:
// - The path follows the proposal until the user types or picks a path of their own; from then
//   on the proposal never overwrites it (it follows again only if the user makes it the proposal).
// - A file already there is replaced only once the user said so (`run(true)`, the answer to the
//   question `exists` asks) or when the path is the one the system's save dialog returned, since
//   that dialog already asked before replacing.
// - A path that is empty, or that `refuse` turns down, never reaches the writer: it becomes
//   `problem`, the French message under the path field.
// - One exchange at a time: while `busy`, `choose` and `run` do nothing.
// - A failure lands in one place only: `exists` (already_exists), `problem` (invalid_input: the
//   path is wrong, so the message belongs under it), or `error` (anything else, for a banner).
import { tick } from "svelte";
import { type ApiError, normaliseError } from "./api";

export type ExportDestinationOptions = {
  /** The path proposed from the export's current options; read each time, so it can follow them. */
  proposal: () => string;
  /** The French message shown when the path is empty; by default, one that names no kind of file. */
  noPath?: string;
  /** A French message when the export must not be written at `destination`; null when it may. */
  refuse?: (destination: string) => string | null;
  /** Opens the system's save dialog at `current`; the path chosen, or null when cancelled. */
  pick: (current: string) => Promise<string | null>;
  /** Writes the file at `destination`, replacing one already there only if `replace`; the path written. */
  write: (destination: string, replace: boolean) => Promise<string>;
};

/** Moves the reader to the outcome of a write, once it is on screen. */
export type Reveal = {
  /** The confirmation (`written`) is shown. */
  written?: () => void;
  /** The question (`exists`) is shown: the keyboard goes to its answer. */
  asked?: () => void;
};

const NO_PATH = "Indiquez où écrire le fichier : tapez son chemin, ou cliquez sur « Choisir… ».";

export class ExportDestination {
  /** True until the user types or picks a path of their own. */
  followsProposal = $state(true);
  /** The path the save dialog returned last: writing there needs no second question. */
  pickedPath = $state<string | null>(null);
  busy = $state(false);
  /** A French message about the path, shown under its field. */
  problem = $state<string | null>(null);
  /** Any other failure, for an error banner. */
  error = $state.raw<ApiError | null>(null);
  /** The backend's message when a file is already there: the question to ask before replacing it. */
  exists = $state<string | null>(null);
  /** The path written, for the confirmation. */
  written = $state<string | null>(null);

  #ownPath = $state("");
  readonly #options: ExportDestinationOptions;

  constructor(options: ExportDestinationOptions) {
    this.#options = options;
  }

  /** What the path field shows: the proposal, or the user's own path once they gave one. */
  get path(): string {
    return this.followsProposal ? this.#options.proposal() : this.#ownPath;
  }

  /** The user's own path (typed, or picked): the proposal no longer replaces it. */
  set path(value: string) {
    this.#ownPath = value;
    this.followsProposal = value === this.#options.proposal();
  }

  /** The user typed in the path field: what was said about the former path no longer holds. */
  edited() {
    this.problem = null;
    this.changed();
  }

  /** An option of the export changed: the confirmation and the question were about another file. */
  changed() {
    this.written = null;
    this.exists = null;
  }

  /** The user keeps the file already there: the question goes, nothing is written. */
  keep() {
    this.exists = null;
  }

  /** Asks the system's save dialog for a path; a cancelled dialog leaves the path as it was. */
  async choose() {
    if (this.busy) return;
    this.error = null;
    try {
      const picked = await this.#options.pick(this.path.trim());
      if (picked !== null) {
        this.path = picked;
        this.pickedPath = picked;
        this.edited();
      }
    } catch (raw) {
      this.error = normaliseError(raw);
    }
  }

  /** Writes the file at the path; `replace` is the user's answer to the question `exists` asked. */
  async run(replace: boolean, reveal: Reveal = {}) {
    if (this.busy) return;
    const destination = this.path.trim();
    this.error = null;
    this.written = null;
    this.problem = destination === "" ? (this.#options.noPath ?? NO_PATH) : (this.#options.refuse?.(destination) ?? null);
    if (this.problem !== null) return;
    this.busy = true;
    try {
      this.written = await this.#options.write(destination, replace || destination === this.pickedPath);
      this.exists = null;
      await tick();
      reveal.written?.();
    } catch (raw) {
      const failure = normaliseError(raw);
      if (failure.code === "already_exists") {
        this.exists = failure.message;
        await tick();
        reveal.asked?.();
      } else if (failure.code === "invalid_input") {
        this.problem = failure.message;
      } else {
        this.error = failure;
      }
    } finally {
      this.busy = false;
    }
  }
}

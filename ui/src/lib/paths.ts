// Paths as the user types, pastes or picks them. The app never lists folders itself: the
// shell's commands read and write the paths given here, and refuse relative ones.

import { parisDateKey } from "./format";

/** One path per line; blank lines and surrounding spaces dropped, duplicates kept once. */
export function parsePathList(text: string): string[] {
  const paths = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return [...new Set(paths)];
}

/** `text` with `paths` added as new lines, skipping the ones already there. */
export function appendPaths(text: string, paths: string[]): string {
  const present = new Set(parsePathList(text));
  const added = paths.map((path) => path.trim()).filter((path) => path !== "" && !present.has(path));
  if (added.length === 0) return text;
  const kept = text.replace(/\s+$/, "");
  return [kept, ...added].filter((part) => part !== "").join("\n");
}

/** "Atelier territorial — secteur Nord" → "atelier-territorial-secteur-nord". */
export function slug(title: string): string {
  return title
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/**
 * The proposed name of a session file: "session-atelier-territorial-secteur-nord-2026-11-27.recolte"
 * for a workshop, "session-diagnostic-2026-11-27.recolte" for everything; the date is Paris's.
 */
export function defaultExportName(workshopTitle: string | null, today: Date): string {
  const subject = (workshopTitle !== null && slug(workshopTitle)) || "diagnostic";
  return `session-${subject}-${parisDateKey(today)}.recolte`;
}

/** `folder` + `name` with the folder's own separator (a Windows folder uses "\"). */
export function joinPath(folder: string, name: string): string {
  const separator = folder.includes("\\") && !folder.includes("/") ? "\\" : "/";
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}

/** Whether two typed paths name the same file, ignoring surrounding spaces. */
export function samePath(a: string, b: string): boolean {
  return a.trim() !== "" && a.trim() === b.trim();
}

// What the CSV import dialogs share: how a spreadsheet names its columns.

/** "A", "B"… "AA", as the spreadsheet labels its columns. */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** A field a column can be read as, in the order the mapping form asks for them. */
export type ImportField<K extends string> = { key: K; label: string; note: string };

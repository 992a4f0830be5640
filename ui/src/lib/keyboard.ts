// Keyboard conventions shared by the screens that sit on top of the home screen.

/** Whether the key goes to a text field (Escape there belongs to the field). */
export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) &&
    // Radio buttons and checkboxes are inputs but hold no text.
    !(target instanceof HTMLInputElement && ["radio", "checkbox"].includes(target.type))
  );
}

/** Alt+← anywhere: leave the screen. */
export function isLeaveShortcut(event: KeyboardEvent): boolean {
  return !event.defaultPrevented && event.altKey && event.key === "ArrowLeft";
}

/** Escape outside a text field, that nothing on the screen took for itself. */
export function isFreeEscape(event: KeyboardEvent): boolean {
  return !event.defaultPrevented && event.key === "Escape" && !isTyping(event.target);
}

/** Alt+← anywhere, or Escape outside a text field: back to the diagnostic. */
export function isBackShortcut(event: KeyboardEvent): boolean {
  return isLeaveShortcut(event) || isFreeEscape(event);
}

/**
 * Ctrl+Z (⌘Z on a Mac) outside a field that holds text: undo the last deletion. In a field
 * with text, Ctrl+Z belongs to the field (undoing typing).
 */
export function isUndoShortcut(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.shiftKey || event.altKey) return false;
  if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "z") return false;
  const target = event.target;
  const holdsText =
    (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && target.value !== "";
  return !holdsText;
}

/**
 * Alt+1, Alt+2, Alt+3…: which view of a screen to show (1-based), or null. Read from the
 * physical key too, since Alt+digit types another character on some layouts (macOS).
 */
export function viewShortcut(event: KeyboardEvent): number | null {
  if (event.defaultPrevented || !event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const digit = /^Digit([1-9])$/.exec(event.code)?.[1] ?? (/^[1-9]$/.test(event.key) ? event.key : undefined);
  return digit === undefined ? null : Number(digit);
}

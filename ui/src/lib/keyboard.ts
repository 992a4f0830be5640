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

/** Alt+← anywhere, or Escape outside a text field: back to the diagnostic. */
export function isBackShortcut(event: KeyboardEvent): boolean {
  if (event.defaultPrevented) return false;
  if (event.altKey && event.key === "ArrowLeft") return true;
  return event.key === "Escape" && !isTyping(event.target);
}

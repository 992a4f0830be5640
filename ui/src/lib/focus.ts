// Moving the reader to what just appeared.

/**
 * Focuses `heading` (for screen readers and the keyboard) and scrolls it to the top of the
 * window, under the sticky header (html's scroll-padding), so a result shown below the fold
 * is seen at once rather than just its first line.
 */
export function revealHeading(heading: HTMLElement | undefined) {
  if (!heading) return;
  heading.focus({ preventScroll: true });
  // Not in jsdom; every webview has it.
  heading.scrollIntoView?.({ block: "start" });
}

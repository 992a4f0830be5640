// Moves an element to the end of <body>: an overlay then covers the whole window whatever
// its ancestors' stacking, and a print stylesheet can hide every other child of <body>.

export function portal(node: HTMLElement): { destroy: () => void } {
  document.body.appendChild(node);
  return {
    destroy() {
      node.remove();
    },
  };
}

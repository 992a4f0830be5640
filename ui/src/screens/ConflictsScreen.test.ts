import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../lib/api";
import type { ConflictChoice } from "../lib/bindings/ConflictChoice";
import type { ConflictView } from "../lib/bindings/ConflictView";
import { conflicts as fixtureConflicts } from "../fixtures/exchange";
import ConflictsScreen from "./ConflictsScreen.svelte";

/** Renders the screen over a list that a decision shrinks, like App does. */
function renderConflicts(initial: ConflictView[] = fixtureConflicts, failWith: ApiError | null = null) {
  const user = userEvent.setup();
  const decisions: Array<[ConflictView, ConflictChoice]> = [];
  const onBack = vi.fn();
  const view = render(ConflictsScreen, {
    conflicts: initial,
    onBack,
    onResolve: async (conflict: ConflictView, choice: ConflictChoice) => {
      if (failWith) throw failWith;
      decisions.push([conflict, choice]);
      await view.rerender({ conflicts: initial.filter((c) => !decisions.some(([decided]) => decided === c)) });
    },
  });
  return { user, decisions, onBack };
}

function card(text: string): HTMLElement {
  const found = screen.getAllByTestId("conflict").find((c) => c.textContent?.includes(text));
  if (!found) throw new Error(`no conflict showing ${text}`);
  return found;
}

describe("ConflictsScreen", () => {
  it("shows each conflict: what, where, and both versions side by side", () => {
    renderConflicts();
    expect(screen.getByTestId("conflicts-title")).toHaveFocus();
    expect(screen.getByTestId("conflicts-summary")).toHaveTextContent("3 conflits à examiner");
    const first = screen.getAllByTestId("conflict")[0]!;
    expect(within(first).getByTestId("conflict-what")).toHaveTextContent("Contribution — texte");
    expect(within(first).getByTestId("conflict-where")).toHaveTextContent("Atelier territorial — secteur Nord");
    expect(within(first).getByRole("region", { name: "Version retenue pour l'instant" })).toHaveTextContent(
      "Les locaux sont trop chers pour les petites structures.",
    );
    expect(within(first).getByRole("region", { name: "Autre version" })).toHaveTextContent(
      "Les loyers des locaux sont trop élevés",
    );
  });

  it("keeps the other version by its stamp, then the conflict leaves the list", async () => {
    const { user, decisions } = renderConflicts();
    const conflict = fixtureConflicts[0]!;
    await user.click(within(card("Les locaux sont trop chers")).getByTestId("conflict-keep-other"));
    expect(decisions).toEqual([[conflict, { kind: "keep_other", other_stamp: conflict.other_stamp }]]);
    await vi.waitFor(() => expect(screen.getAllByTestId("conflict")).toHaveLength(2));
    expect(screen.getByTestId("conflict-saved")).toHaveTextContent("Décision enregistrée : Contribution — texte");
    expect(screen.getAllByTestId("conflict-keep-current")[0]).toHaveFocus();
  });

  it("keeps the version retained for now", async () => {
    const { user, decisions } = renderConflicts();
    await user.click(within(card("Maison de l'économie solidaire")).getByTestId("conflict-keep-current"));
    expect(decisions[0]![1]).toEqual({ kind: "keep_current" });
  });

  it("writes a third text, starting from the current one, saved with Ctrl+Enter", async () => {
    const { user, decisions } = renderConflicts();
    const first = card("Les locaux sont trop chers");
    await user.click(within(first).getByTestId("conflict-write"));
    const text = within(first).getByTestId("conflict-text") as HTMLTextAreaElement;
    expect(text).toHaveFocus();
    expect(text.value).toBe("Les locaux sont trop chers pour les petites structures.");
    await user.clear(text);
    await user.type(text, "  Les loyers sont trop chers pour les petites associations.  ");
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(decisions[0]![1]).toEqual({ kind: "write", text: "Les loyers sont trop chers pour les petites associations." });
  });

  it("refuses an empty new text without calling the backend, and Escape cancels writing", async () => {
    const { user, decisions } = renderConflicts();
    const first = card("Les locaux sont trop chers");
    await user.click(within(first).getByTestId("conflict-write"));
    await user.clear(within(first).getByTestId("conflict-text"));
    await user.click(within(first).getByTestId("conflict-write-save"));
    expect(within(first).getByRole("alert")).toHaveTextContent("Écrivez le nouveau texte");
    expect(decisions).toEqual([]);
    await user.keyboard("{Escape}");
    expect(within(first).queryByTestId("conflict-text")).toBeNull();
    expect(within(first).getByTestId("conflict-write")).toHaveFocus();
  });

  it("offers no free text for a field that holds a choice", () => {
    renderConflicts();
    const category = card("Contribution — catégorie");
    expect(within(category).queryByTestId("conflict-write")).toBeNull();
    expect(within(category).getByTestId("conflict-keep-other")).toBeInTheDocument();
  });

  it("shows the backend's refusal on the card and keeps the conflict", async () => {
    const { user } = renderConflicts(fixtureConflicts, new ApiError("invalid_input", "Cette version n'existe plus : rechargez la liste des conflits."));
    const first = card("Les locaux sont trop chers");
    await user.click(within(first).getByTestId("conflict-keep-other"));
    expect(await within(first).findByTestId("error-banner")).toHaveTextContent("Cette version n'existe plus");
    expect(screen.getAllByTestId("conflict")).toHaveLength(3);
  });

  it("shows merged text as text, never as markup", () => {
    const hostile = { ...fixtureConflicts[0]!, other: "<img src=x onerror=alert(1)> à garder tel quel" };
    const { container } = render(ConflictsScreen, { conflicts: [hostile], onResolve: async () => {}, onBack: () => {} });
    expect(screen.getAllByTestId("conflict-other").at(-1)).toHaveTextContent("<img src=x onerror=alert(1)> à garder tel quel");
    expect(container.querySelector("img")).toBeNull();
  });

  it("says when there is nothing to review", () => {
    render(ConflictsScreen, { conflicts: [], onResolve: async () => {}, onBack: () => {} });
    expect(screen.getByTestId("conflicts-empty")).toHaveTextContent("Aucun conflit à examiner.");
  });

  it("goes back with Escape", async () => {
    const { user, onBack } = renderConflicts();
    await user.keyboard("{Escape}");
    expect(onBack).toHaveBeenCalledTimes(1);
  });
});

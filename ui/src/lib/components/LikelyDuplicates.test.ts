import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api";
import type { InitiativeView } from "../bindings/InitiativeView";
import type { LikelyDuplicate } from "../bindings/LikelyDuplicate";
import LikelyDuplicates from "./LikelyDuplicates.svelte";

function record(n: number, name: string, sources: number): InitiativeView {
  return {
    id: `1a17a71e-0000-7000-8000-00000000000${n}`,
    fields: { name, legal_form: "association", sector: "", commune: "Aucamville", territory_id: null, jobs: null, contact: null, description: "" },
    sources: Array.from({ length: sources }, (_, i) => ({
      contribution_id: `c${n}-${i}`,
      contribution_text: "Texte",
      workshop_id: `w${n}`,
      workshop_title: `Atelier ${n}`,
    })),
  };
}

const FIRST = record(1, "Régie de quartier Nord", 2);
const SECOND = record(2, "Régie de Quartier du Nord", 1);
const PAIR: LikelyDuplicate = {
  first: FIRST.id,
  second: SECOND.id,
  reason: "« Régie de quartier Nord » et « Régie de Quartier du Nord », à Aucamville",
};

function renderPanel(merge = (_keep: string, _other: string) => Promise.resolve()) {
  const backend = { mergeInitiatives: vi.fn(merge) };
  const onMerged = vi.fn();
  render(LikelyDuplicates, { duplicates: [PAIR], initiatives: [FIRST, SECOND], backend, onMerged });
  return { backend, onMerged, user: userEvent.setup() };
}

describe("LikelyDuplicates", () => {
  it("lists each likely pair with the reason and the sources of each record", () => {
    renderPanel();
    const pair = screen.getByTestId("likely-duplicate");
    expect(within(pair).getByTestId("likely-duplicate-reason")).toHaveTextContent("à Aucamville");
    expect(within(pair).getByTestId("likely-duplicate-keep-first")).toHaveTextContent("Garder « Régie de quartier Nord » (2 sources)");
    expect(within(pair).getByTestId("likely-duplicate-keep-second")).toHaveTextContent("(1 source)");
  });

  it("merges with one key and Enter, the confirmation saying every source is kept", async () => {
    const { backend, onMerged, user } = renderPanel();
    screen.getByTestId("likely-duplicate").focus();
    await user.keyboard("2");
    const confirm = screen.getByTestId("likely-duplicate-confirm");
    expect(confirm).toHaveTextContent("Fusionner « Régie de quartier Nord » dans « Régie de Quartier du Nord » ?");
    expect(confirm).toHaveTextContent("Toutes les sources des deux fiches sont gardées (3 sources au total)");
    expect(document.activeElement, "Enter confirms at once").toBe(screen.getByTestId("likely-duplicate-merge"));
    await user.keyboard("{Enter}");
    expect(backend.mergeInitiatives, "2 keeps the second record").toHaveBeenCalledWith(SECOND.id, FIRST.id);
    expect(onMerged).toHaveBeenCalledWith(SECOND, FIRST);
  });

  it("cancels with Escape without the screen behind going back, and merges nothing", async () => {
    const { backend, user } = renderPanel();
    screen.getByTestId("likely-duplicate").focus();
    await user.keyboard("1");
    const leave = vi.fn();
    const screenBehind = (event: KeyboardEvent) => event.defaultPrevented || leave();
    window.addEventListener("keydown", screenBehind);
    await user.keyboard("{Escape}");
    window.removeEventListener("keydown", screenBehind);
    expect(screen.queryByTestId("likely-duplicate-confirm")).toBeNull();
    expect(leave).not.toHaveBeenCalled();
    expect(document.activeElement, "back on the pair").toBe(screen.getByTestId("likely-duplicate"));
    expect(backend.mergeInitiatives).not.toHaveBeenCalled();
  });

  it("shows the engine's refusal of a merge", async () => {
    const { onMerged, user } = renderPanel(() => Promise.reject(new ApiError("not_found", "Cette initiative n'existe pas (ou plus).")));
    await user.click(screen.getByTestId("likely-duplicate-keep-first"));
    await user.click(screen.getByTestId("likely-duplicate-merge"));
    expect(await screen.findByTestId("likely-duplicate-error")).toHaveTextContent("n'existe pas");
    expect(onMerged).not.toHaveBeenCalled();
  });
});

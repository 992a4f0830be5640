import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { InitiativeFields } from "../bindings/InitiativeFields";
import { categories, contributions, demoOverview, stakes } from "../../fixtures/demo";
import { ApiError } from "../api";
import ContributionItem from "./ContributionItem.svelte";

function renderItem(
  index: number,
  onPromote: (() => void) | undefined = vi.fn(),
  onAddInitiative: ((fields: InitiativeFields) => Promise<void>) | undefined = undefined,
) {
  const contribution = contributions[index]!;
  const category = categories.find((c) => c.id === contribution.category_id) ?? null;
  const onLeave = vi.fn();
  render(ContributionItem, {
    contribution,
    category,
    stakesById: new Map(stakes.map((s) => [s.id, s])),
    onSave: vi.fn(),
    onDelete: vi.fn(),
    onLeave,
    onMove: vi.fn(),
    onPromote,
    onAddInitiative,
    communes: demoOverview.territories[0]!.communes,
    territories: demoOverview.territories,
  });
  return { onPromote, onLeave, user: userEvent.setup() };
}

describe("ContributionItem", () => {
  it("offers to promote a préconisation, with P on the item", async () => {
    const { onPromote, user } = renderItem(4);
    const button = screen.getByTestId("promote-contribution");
    expect(button).toHaveTextContent("Promouvoir en préconisation P");
    screen.getByTestId("contribution").focus();
    await user.keyboard("p");
    expect(onPromote).toHaveBeenCalledTimes(1);
  });

  it("offers nothing of the kind for another category", async () => {
    const { onPromote, user } = renderItem(3);
    expect(screen.queryByTestId("promote-contribution")).toBeNull();
    screen.getByTestId("contribution").focus();
    await user.keyboard("p");
    expect(onPromote, "P does nothing on a need").not.toHaveBeenCalled();
  });

  it("opens the initiative form with N on the selected contribution, any category", async () => {
    const onAddInitiative = vi.fn(async () => {});
    const { user } = renderItem(3, undefined, onAddInitiative);
    const item = screen.getByTestId("contribution");
    expect(item.getAttribute("aria-keyshortcuts")).toContain("N");
    item.focus();
    await user.keyboard("n");
    const name = screen.getByTestId("contribution-initiative-name");
    expect(document.activeElement, "the name is typed at once").toBe(name);
    expect(screen.queryByTestId("contribution-edit"), "the item's buttons make way for the form").toBeNull();
  });

  it("closes the form once the initiative is added", async () => {
    const onAddInitiative = vi.fn(async () => {});
    const { user } = renderItem(3, undefined, onAddInitiative);
    screen.getByTestId("contribution").focus();
    await user.keyboard("n");
    await user.keyboard("Épicerie solidaire{Enter}");
    expect(onAddInitiative).toHaveBeenCalledWith(expect.objectContaining({ name: "Épicerie solidaire" }));
    expect(screen.queryByTestId("contribution-initiative-form")).toBeNull();
  });

  it("keeps the form open, as typed, when adding fails", async () => {
    const onAddInitiative = vi.fn(async () => {
      throw new ApiError("not_found", "Cette contribution n'existe pas (ou plus).");
    });
    const { user } = renderItem(3, undefined, onAddInitiative);
    screen.getByTestId("contribution").focus();
    await user.keyboard("n");
    await user.keyboard("Épicerie solidaire{Enter}");
    expect(await screen.findByTestId("contribution-initiative-error")).toHaveTextContent("Cette contribution n'existe pas (ou plus).");
    expect(screen.getByTestId("contribution-initiative-name")).toHaveValue("Épicerie solidaire");
  });

  it("closes the form with Échap and goes back to the capture bar, adding nothing", async () => {
    const onAddInitiative = vi.fn(async () => {});
    const { onLeave, user } = renderItem(3, undefined, onAddInitiative);
    screen.getByTestId("contribution").focus();
    await user.keyboard("n");
    await user.keyboard("Brouillon{Escape}");
    expect(screen.queryByTestId("contribution-initiative-form")).toBeNull();
    expect(onLeave).toHaveBeenCalledTimes(1);
    expect(onAddInitiative).not.toHaveBeenCalled();
  });

  it("offers no initiative form when the screen gives no way to add one", async () => {
    const { user } = renderItem(3);
    screen.getByTestId("contribution").focus();
    await user.keyboard("n");
    expect(screen.queryByTestId("contribution-initiative-form")).toBeNull();
  });
});

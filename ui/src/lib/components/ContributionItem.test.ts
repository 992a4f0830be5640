import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { categories, contributions, stakes } from "../../fixtures/demo";
import ContributionItem from "./ContributionItem.svelte";

function renderItem(index: number, onPromote: (() => void) | undefined = vi.fn()) {
  const contribution = contributions[index]!;
  const category = categories.find((c) => c.id === contribution.category_id) ?? null;
  render(ContributionItem, {
    contribution,
    category,
    stakesById: new Map(stakes.map((s) => [s.id, s])),
    onSave: vi.fn(),
    onDelete: vi.fn(),
    onLeave: vi.fn(),
    onMove: vi.fn(),
    onPromote,
  });
  return { onPromote, user: userEvent.setup() };
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
});

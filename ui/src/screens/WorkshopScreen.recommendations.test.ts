import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { contributions, demoOverview, fixtureBackend, northDetail } from "../fixtures/demo";
import WorkshopScreen from "./WorkshopScreen.svelte";

function renderNorth(props: { focusContributionId?: string | null } = {}) {
  const backend = fixtureBackend();
  const onOpenRecommendation = vi.fn();
  render(WorkshopScreen, { detail: northDetail, overview: demoOverview, backend, onBack: vi.fn(), onOpenRecommendation, ...props });
  return { backend, onOpenRecommendation, user: userEvent.setup() };
}

describe("WorkshopScreen and recommendations", () => {
  it("promotes a préconisation in one step from the keyboard and links to the new recommendation", async () => {
    const { backend, onOpenRecommendation, user } = renderNorth();
    const proposal = screen.getAllByTestId("contribution").find((c) => c.textContent?.includes("Ouvrir les marchés publics"))!;
    proposal.focus();
    await user.keyboard("p");
    const confirmation = await screen.findByTestId("promoted");
    expect(confirmation).toHaveTextContent("Préconisation créée depuis « Ouvrir les marchés publics");
    const link = within(confirmation).getByTestId("promoted-open");
    expect(document.activeElement, "Enter opens it").toBe(link);
    const all = await backend.listRecommendations(demoOverview.id);
    const created = all.at(-1)!;
    expect(created.title).toBe("Ouvrir les marchés publics aux structures de l'ESS avec des clauses sociales");
    expect(created.sources.map((s) => s.contribution_id)).toEqual([contributions[4]!.id]);
    expect(within(proposal).getByTestId("contribution-promoted"), "not offered twice").toHaveTextContent("Promue en préconisation");
    expect(within(proposal).queryByTestId("promote-contribution")).toBeNull();
    await user.keyboard("{Enter}");
    expect(onOpenRecommendation).toHaveBeenCalledWith(created.id);
  });

  it("opens on a contribution followed from a recommendation's source, with the focus on it", async () => {
    renderNorth({ focusContributionId: contributions[2]!.id });
    await vi.waitFor(() => expect(document.activeElement).toHaveAttribute("data-contribution-id", contributions[2]!.id));
  });

  it("imports another tool's board with Alt+I and shows its contributions in the list", async () => {
    const { user } = renderNorth();
    await user.keyboard("{Alt>}i{/Alt}");
    const dialog = screen.getByTestId("contributions-import");
    expect(document.activeElement).toBe(within(dialog).getByTestId("contributions-import-path"));
    await user.keyboard("/home/camille/klaxoon.csv{Enter}");
    await user.click(await screen.findByTestId("contributions-import-run"));
    expect(await screen.findByTestId("contributions-import-added")).toHaveTextContent("3 contributions importées");
    await vi.waitFor(() => expect(screen.getAllByTestId("contribution")).toHaveLength(11));
    expect(screen.getAllByTestId("contribution-text").map((t) => t.textContent)).toContain("Un tiers-lieu pour les associations");
  });
});

import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fixtureBackend, NORTH_WORKSHOP_ID, northDetail } from "../../fixtures/demo";
import VotingPanel from "./VotingPanel.svelte";

const { contributions, participants } = northDetail;

function setup() {
  const backend = fixtureBackend();
  const user = userEvent.setup();
  render(VotingPanel, { workshopId: NORTH_WORKSHOP_ID, contributions, participants, backend });
  return { backend, user };
}

const counts = () => screen.getAllByTestId("vote-count") as HTMLInputElement[];

describe("VotingPanel", () => {
  it("checks a wall count against participants × tokens, until it matches, and ranks the items", async () => {
    const { user } = setup();
    await screen.findAllByTestId("vote-item");
    expect(screen.getByTestId("vote-budget")).toHaveValue("3");
    // 5 participants × 3 tokens = 15; Enter goes down the list like on a wall count.
    await user.click(counts()[0]!);
    await user.keyboard("6{Enter}5{Enter}3{Enter}");
    const check = screen.getByTestId("vote-check");
    await screen.findByText(/il en manque 1/);
    expect(check).toHaveAttribute("data-status", "warning");
    expect(check).toHaveTextContent("14 gommettes comptées pour 5 participant·es × 3 = 15 : il en manque 1.");
    // Correct the third count: the warning goes.
    await user.click(counts()[2]!);
    await user.keyboard("4{Enter}");
    await screen.findByText(/le compte est bon/);
    expect(screen.getByTestId("vote-check")).toHaveAttribute("data-status", "ok");
    expect(screen.queryByTestId("vote-warning")).toBeNull();
    const ranked = screen.getAllByTestId("vote-rank-item");
    expect(ranked.map((r) => r.dataset.dots)).toEqual(["6", "5", "4"]);
    expect(ranked[0]).toHaveTextContent(contributions[0]!.text);
  });

  it("keeps a count it cannot read, says why, and saves nothing", async () => {
    const { user, backend } = setup();
    await screen.findAllByTestId("vote-item");
    await user.click(counts()[1]!);
    await user.keyboard("{Control>}a{/Control}trois{Tab}");
    expect(await screen.findByTestId("vote-count-problem")).toHaveTextContent("Un nombre entier de gommettes");
    expect(counts()[1]).toHaveValue("trois");
    expect((await backend.voteResults(NORTH_WORKSHOP_ID)).counted).toBe(0);
  });

  it("sets the budget, which changes the total expected, and refuses a budget of zero", async () => {
    const { user } = setup();
    const budget = await screen.findByTestId("vote-budget");
    await user.clear(budget);
    await user.type(budget, "4{Enter}");
    await vi.waitFor(() => expect(screen.getByTestId("vote-budget-hint")).toHaveTextContent("5 × 4 = 20 attendues"));
    await user.clear(budget);
    await user.type(budget, "0{Enter}");
    expect(await screen.findByTestId("vote-budget-problem")).toHaveTextContent("au moins 1");
    expect(budget).toHaveValue("0");
  });

  it("takes one participant's dots with a running n/budget, and the engine names who is over", async () => {
    const { user } = setup();
    await screen.findAllByTestId("vote-item");
    await user.click(screen.getByTestId("vote-mode-ballot"));
    expect(counts()[0]).toBeDisabled();
    await user.selectOptions(screen.getByTestId("vote-participant"), participants[0]!.id);
    await user.click(counts()[0]!);
    await user.keyboard("2{Enter}2{Enter}");
    expect(await screen.findByTestId("vote-ballot-total")).toHaveTextContent("4/3");
    expect(screen.getByTestId("vote-ballot-total")).toHaveTextContent("1 de trop");
    await screen.findByText(/Nadia Ferrand a placé 4 gommettes pour 3 autorisées/);
    // Back to the wall count: that person's dots are not the wall's.
    await user.click(screen.getByTestId("vote-mode-tally"));
    expect(counts()[0]).toHaveValue("0");
  });

  it("lists the board's clusters as items to vote on", async () => {
    const backend = fixtureBackend();
    const cluster = await backend.createCluster(NORTH_WORKSHOP_ID, "Lieux et locaux");
    await backend.moveToCluster(contributions[0]!.id, cluster);
    render(VotingPanel, { workshopId: NORTH_WORKSHOP_ID, contributions, participants, backend });
    const items = await screen.findAllByTestId("vote-item");
    expect(items[0]).toHaveTextContent("Lieux et locaux");
    expect(within(items[0]!).getByText(/Regroupement · 1 contribution/)).toBeInTheDocument();
    // The grouped contribution is voted on through its cluster.
    expect(items.some((item) => item.textContent?.includes(contributions[0]!.text))).toBe(false);
  });

  describe("with hundreds of contributions", () => {
    // After the demo's eight, in capture order (ids sort after theirs).
    const many = [
      ...contributions,
      ...Array.from({ length: 112 }, (_, i) => ({ ...contributions[0]!, id: `zz-${String(i).padStart(4, "0")}`, text: `Point ${i + 9} à discuter` })),
    ];

    function setupMany() {
      const backend = fixtureBackend();
      const user = userEvent.setup();
      render(VotingPanel, { workshopId: NORTH_WORKSHOP_ID, contributions: many, participants, backend });
      return { backend, user };
    }

    it("shows 50 items at a time, 50 more on demand or with Enter on the last one shown", async () => {
      const { user } = setupMany();
      expect(await screen.findAllByTestId("vote-item")).toHaveLength(50);
      expect(screen.getByTestId("vote-shown-count")).toHaveTextContent("50 sur 120 éléments");
      expect(screen.getByTestId("vote-more")).toHaveTextContent("Afficher 50 de plus (70 masqués)");
      await user.click(screen.getByTestId("vote-more"));
      expect(screen.getAllByTestId("vote-item")).toHaveLength(100);
      // Enter on the last count shown brings the rest and moves on, as on a wall count.
      await user.click(counts()[99]!);
      await user.keyboard("{Enter}");
      expect(screen.getAllByTestId("vote-item")).toHaveLength(120);
      expect(document.activeElement).toBe(counts()[100]);
      expect(screen.queryByTestId("vote-more")).toBeNull();
    });

    it("finds an item with the filter, accents and case ignored, and Escape shows them all again", async () => {
      const { user } = setupMany();
      await screen.findAllByTestId("vote-item");
      const filter = screen.getByTestId("vote-filter");
      // `/` from a count goes to the filter.
      await user.click(counts()[3]!);
      await user.keyboard("/");
      expect(document.activeElement).toBe(filter);
      await user.keyboard("POINT 117 A DISCUTER");
      const found = screen.getAllByTestId("vote-item");
      expect(found).toHaveLength(1);
      expect(found[0]).toHaveTextContent("Point 117 à discuter");
      expect(screen.getByTestId("vote-shown-count")).toHaveTextContent("1 sur 1 élément trouvé (120 en tout)");
      // Enter goes to its count.
      await user.keyboard("{Enter}");
      expect(document.activeElement).toBe(counts()[0]);
      await user.click(filter);
      await user.keyboard("{Escape}");
      expect(filter).toHaveValue("");
      expect(screen.getAllByTestId("vote-item")).toHaveLength(50);
    });

    it("counts a participant's dots on items the filter hides", async () => {
      const { user } = setupMany();
      await screen.findAllByTestId("vote-item");
      await user.click(screen.getByTestId("vote-mode-ballot"));
      await user.selectOptions(screen.getByTestId("vote-participant"), participants[0]!.id);
      await user.click(counts()[0]!);
      await user.keyboard("2{Enter}");
      expect(await screen.findByTestId("vote-ballot-total")).toHaveTextContent("2/3");
      await user.type(screen.getByTestId("vote-filter"), "point 20 ");
      expect(screen.getAllByTestId("vote-item")).toHaveLength(1);
      expect(screen.getByTestId("vote-ballot-total")).toHaveTextContent("2/3");
      await user.click(counts()[0]!);
      await user.keyboard("1{Enter}");
      await vi.waitFor(() => expect(screen.getByTestId("vote-ballot-total")).toHaveTextContent("3/3"));
    });
  });
});

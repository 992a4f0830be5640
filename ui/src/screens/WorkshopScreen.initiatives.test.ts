import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../lib/api";
import { contributions, demoOverview, fixtureBackend, northDetail } from "../fixtures/demo";
import WorkshopScreen from "./WorkshopScreen.svelte";

// "Le covoiturage solidaire fonctionne bien à Launaguet.": an initiative cited in the room.
const CARPOOL = contributions[7]!;

function renderNorth() {
  const backend = fixtureBackend();
  const onOpenInventory = vi.fn();
  render(WorkshopScreen, { detail: northDetail, overview: demoOverview, backend, onBack: vi.fn(), onOpenInventory });
  const item = screen.getAllByTestId("contribution").find((c) => c.dataset.contributionId === CARPOOL.id)!;
  return { backend, onOpenInventory, item, user: userEvent.setup() };
}

describe("WorkshopScreen and the inventory of initiatives", () => {
  it("adds the initiative a contribution cites, with N, that contribution as its source", async () => {
    const { backend, onOpenInventory, item, user } = renderNorth();
    const before = await backend.listInitiatives(demoOverview.id);
    item.focus();
    await user.keyboard("n");
    const form = within(item).getByTestId("contribution-initiative-form");
    const communes = [...within(form).getByTestId("contribution-initiative-communes").querySelectorAll("option")].map((o) => o.value);
    expect(communes, "the Secteur Nord's communes, the workshop's territory").toEqual(demoOverview.territories[0]!.communes);
    await user.keyboard("Covoiturage solidaire");
    await user.type(within(form).getByTestId("contribution-initiative-commune"), "Launaguet{Enter}");

    const confirmation = await screen.findByTestId("initiative-added");
    expect(confirmation).toHaveTextContent("Initiative « Covoiturage solidaire » ajoutée à l'inventaire.");
    expect(within(item).queryByTestId("contribution-initiative-form"), "the form closes once saved").toBeNull();
    const after = await backend.listInitiatives(demoOverview.id);
    expect(after).toHaveLength(before.length + 1);
    const added = after.find((i) => i.fields.name === "Covoiturage solidaire")!;
    expect(added.fields.commune).toBe("Launaguet");
    expect(added.fields.territory_id).toBe(demoOverview.territories[0]!.id);
    expect(added.sources.map((s) => s.contribution_id)).toEqual([CARPOOL.id]);

    const link = within(confirmation).getByTestId("initiative-added-open");
    expect(document.activeElement, "Enter opens the inventory").toBe(link);
    await user.keyboard("{Enter}");
    expect(onOpenInventory).toHaveBeenCalledTimes(1);
  });

  it("goes back to the capture bar with Escape on the confirmation", async () => {
    const { item, user } = renderNorth();
    item.focus();
    await user.keyboard("n");
    await user.keyboard("Covoiturage solidaire{Enter}");
    await screen.findByTestId("initiative-added");
    await user.keyboard("{Escape}");
    expect(document.activeElement).toBe(screen.getByTestId("capture-input"));
  });

  it("cancels with Échap: nothing added, back to the capture bar", async () => {
    const { backend, item, user } = renderNorth();
    const before = await backend.listInitiatives(demoOverview.id);
    item.focus();
    await user.keyboard("n");
    await user.keyboard("Covoiturage{Escape}");
    expect(within(item).queryByTestId("contribution-initiative-form")).toBeNull();
    expect(document.activeElement, "the capture goes on").toBe(screen.getByTestId("capture-input"));
    expect(screen.queryByTestId("initiative-added")).toBeNull();
    expect(await backend.listInitiatives(demoOverview.id)).toHaveLength(before.length);
  });

  it("shows the backend's refusal in the form and keeps what was typed", async () => {
    const { backend, item, user } = renderNorth();
    backend.createInitiative = vi.fn(async () => {
      throw new ApiError("not_found", "Cette contribution n'existe pas (ou plus).");
    });
    item.focus();
    await user.keyboard("n");
    await user.keyboard("Covoiturage solidaire{Enter}");
    expect(await within(item).findByTestId("contribution-initiative-error")).toHaveTextContent("Cette contribution n'existe pas (ou plus).");
    expect(within(item).getByTestId("contribution-initiative-name")).toHaveValue("Covoiturage solidaire");
    expect(screen.queryByTestId("initiative-added")).toBeNull();
  });
});

import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import App from "../App.svelte";
import { demoOverview, fixtureBackend } from "../fixtures/demo";
import HomeScreen from "./HomeScreen.svelte";

describe("Reaching the inventory", () => {
  it("opens from the home screen's button, which shows its shortcut, and with Alt+I", async () => {
    const user = userEvent.setup();
    const onOpenInventory = vi.fn();
    const onOpenSynthesis = vi.fn();
    render(HomeScreen, { overview: demoOverview, onOpenWorkshop: () => {}, onOpenSynthesis, onOpenInventory });
    const button = screen.getByTestId("inventory-open");
    expect(button.parentElement).toHaveTextContent(/Alt\s*\+\s*I/);
    await user.click(button);
    await user.keyboard("i");
    expect(onOpenInventory, "I alone is typing, not a shortcut").toHaveBeenCalledTimes(1);
    await user.keyboard("{Alt>}i{/Alt}");
    expect(onOpenInventory).toHaveBeenCalledTimes(2);
    expect(onOpenSynthesis, "Alt+I and Alt+S do not collide").not.toHaveBeenCalled();
  });

  it("goes from home to the inventory and back, then from the synthesis, and to a source's workshop and back", async () => {
    const user = userEvent.setup();
    render(App, { backend: fixtureBackend() });
    await screen.findByTestId("inventory-open");
    await user.keyboard("{Alt>}i{/Alt}");
    expect(await screen.findByTestId("inventory-screen")).toBeVisible();
    expect(document.title).toBe("Inventaire des initiatives — Récolte");
    await screen.findAllByTestId("initiative");
    await user.click(screen.getByTestId("back-home"));
    await vi.waitFor(() => expect(screen.getByTestId("inventory-open")).toHaveFocus());

    await user.click(screen.getByTestId("synthesis-open"));
    await user.click(await screen.findByTestId("synthesis-inventory-open"));
    const regie = (await screen.findAllByTestId("initiative")).find((row) => row.textContent?.includes("Régie de quartier Nord"))!;
    await user.click(regie);
    const source = await screen.findByTestId("initiative-source");
    await user.click(within(source).getByTestId("initiative-source-open"));
    expect(await screen.findByTestId("capture-input"), "the workshop of the source opens").toBeVisible();
    await user.click(screen.getByTestId("back-home"));
    expect(await screen.findByTestId("inventory-screen"), "back where the source was followed from").toBeVisible();
  });

  it("opens after an initiative is added in a workshop, and goes back to that workshop", async () => {
    const user = userEvent.setup();
    render(App, { backend: fixtureBackend() });
    await user.click((await screen.findAllByTestId("workshop-open"))[0]!);
    const item = (await screen.findAllByTestId("contribution"))[0]!;
    item.focus();
    await user.keyboard("n");
    await user.keyboard("Covoiturage solidaire{Enter}");
    await user.click(await screen.findByTestId("initiative-added-open"));
    expect(await screen.findByTestId("inventory-screen")).toBeVisible();
    const back = screen.getByTestId("back-home");
    expect(back, "the way back names the workshop it came from").toHaveTextContent("Retour à l'atelier");
    await user.click(back);
    expect(await screen.findByTestId("capture-input"), "back in the workshop, capturing").toBeVisible();
  });
});

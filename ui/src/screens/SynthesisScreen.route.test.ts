import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import App from "../App.svelte";
import { demoOverview, fixtureBackend } from "../fixtures/demo";
import HomeScreen from "./HomeScreen.svelte";

describe("Reaching the synthesis", () => {
  it("opens from the home screen's button, which shows its shortcut", async () => {
    const user = userEvent.setup();
    const onOpenSynthesis = vi.fn();
    render(HomeScreen, { overview: demoOverview, onOpenWorkshop: () => {}, onOpenSynthesis });
    const button = screen.getByTestId("synthesis-open");
    expect(button.parentElement).toHaveTextContent(/Alt\s*\+\s*S/);
    await user.click(button);
    expect(onOpenSynthesis).toHaveBeenCalledTimes(1);
  });

  it("opens with Alt+S, and not with S alone (typed in a search)", async () => {
    const user = userEvent.setup();
    const onOpenSynthesis = vi.fn();
    render(HomeScreen, { overview: demoOverview, onOpenWorkshop: () => {}, onOpenSynthesis });
    await user.keyboard("s");
    expect(onOpenSynthesis).not.toHaveBeenCalled();
    await user.keyboard("{Alt>}s{/Alt}");
    expect(onOpenSynthesis).toHaveBeenCalledTimes(1);
  });

  it("has no button without a way to open it", () => {
    render(HomeScreen, { overview: demoOverview, onOpenWorkshop: () => {} });
    expect(screen.queryByTestId("synthesis-open")).toBeNull();
  });

  it("goes from the app's home to the synthesis and back, the keyboard back on the button", async () => {
    const user = userEvent.setup();
    render(App, { backend: fixtureBackend() });
    await user.click(await screen.findByTestId("synthesis-open"));
    expect(await screen.findByTestId("synthesis-screen")).toBeVisible();
    expect(document.title).toBe("Synthèse — Récolte");
    await screen.findByTestId("coverage-territory");
    await user.click(screen.getByTestId("back-home"));
    expect(await screen.findByTestId("diagnostic-title")).toBeVisible();
    await vi.waitFor(() => expect(screen.getByTestId("synthesis-open")).toHaveFocus());
  });
});

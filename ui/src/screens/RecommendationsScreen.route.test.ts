import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import App from "../App.svelte";
import { contributions, fixtureBackend } from "../fixtures/demo";

describe("Reaching the recommendations", () => {
  it("goes home → Alt+P → a source's workshop, with the focus on the contribution", async () => {
    const user = userEvent.setup();
    render(App, { backend: fixtureBackend() });
    await screen.findByTestId("recommendations-open");
    await user.keyboard("{Alt>}p{/Alt}");
    expect(await screen.findByTestId("recommendations-screen")).toBeVisible();
    expect(document.title).toBe("Préconisations — Récolte");
    const [first] = await screen.findAllByTestId("recommendation");
    await user.click(within(first!).getByTestId("recommendation-source"));
    await screen.findByTestId("capture-input");
    await vi.waitFor(() => expect(document.activeElement).toHaveAttribute("data-contribution-id", contributions[4]!.id));
  });

  it("opens from the synthesis with Alt+P, and back home the keyboard is on its button", async () => {
    const user = userEvent.setup();
    render(App, { backend: fixtureBackend() });
    await user.click(await screen.findByTestId("synthesis-open"));
    await screen.findByTestId("synthesis-screen");
    expect(screen.getByTestId("recommendations-open")).toHaveTextContent("Préconisations du diagnostic");
    await user.keyboard("{Alt>}p{/Alt}");
    await screen.findByTestId("recommendations-screen");
    await screen.findAllByTestId("recommendation");
    await user.keyboard("{Escape}");
    await screen.findByTestId("diagnostic-title");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(document.activeElement).toBe(screen.getByTestId("recommendations-open"));
  });
});


import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { demoOverview, fixtureBackend, northDetail } from "../fixtures/demo";
import WorkshopScreen from "./WorkshopScreen.svelte";

function renderNorth() {
  return render(WorkshopScreen, { detail: northDetail, overview: demoOverview, backend: fixtureBackend(), onBack: () => {} });
}

describe("WorkshopScreen views", () => {
  it("switches between capture, board and prioritisation with Alt+1/2/3, keeping the line being typed", async () => {
    const user = userEvent.setup();
    renderNorth();
    const input = screen.getByTestId("capture-input");
    await user.type(input, "Une ligne pas finie");
    expect(screen.getByTestId("view-capture")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("view-board")).toHaveTextContent("Alt+2");

    await user.keyboard("{Alt>}2{/Alt}");
    expect(await screen.findByTestId("board")).toBeVisible();
    expect(screen.getByTestId("view-board")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("capture-view"), "the capture view is hidden, not gone").toHaveClass("inactive");
    expect(await screen.findAllByTestId("board-card")).toHaveLength(northDetail.contributions.length);

    await user.keyboard("{Alt>}3{/Alt}");
    expect(await screen.findByTestId("voting-panel")).toBeInTheDocument();
    expect(screen.queryByTestId("board")).toBeNull();
    expect(screen.queryByRole("heading", { name: "Raccourcis de saisie" }), "the capture shortcuts go with the capture bar").toBeNull();

    await user.keyboard("{Alt>}1{/Alt}");
    expect(screen.getByTestId("capture-view")).not.toHaveClass("inactive");
    expect(screen.getByRole("heading", { name: "Raccourcis de saisie" })).toBeInTheDocument();
    expect(screen.getByTestId("capture-input"), "what was typed is still there").toHaveValue("Une ligne pas finie");
    expect(document.activeElement, "back in the capture bar").toBe(screen.getByTestId("capture-input"));
  });

  it("shows a contribution captured a moment ago on the board", async () => {
    const user = userEvent.setup();
    renderNorth();
    await user.type(screen.getByTestId("capture-input"), "i: Une recyclerie au nord{Enter}");
    await screen.findByText("Une recyclerie au nord");
    await user.click(screen.getByTestId("view-board"));
    const cards = await screen.findAllByTestId("board-card");
    expect(cards.some((c) => c.textContent?.includes("Une recyclerie au nord"))).toBe(true);
  });
});

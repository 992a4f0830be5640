import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { rowFromPhase } from "../agenda";
import AgendaEditor from "./AgendaEditor.svelte";

function renderAgenda() {
  const rows = ["Accueil", "Tour de table", "État des lieux"].map((title, i) =>
    rowFromPhase({ id: `p${i}`, title, question: "", duration_min: 10 * (i + 1) }),
  );
  render(AgendaEditor, { rows });
  return userEvent.setup();
}

function titles(): string[] {
  return screen.getAllByTestId("agenda-title").map((input) => (input as HTMLInputElement).value);
}

describe("AgendaEditor", () => {
  it("moves a phase with its buttons, the focus following the phase", async () => {
    const user = renderAgenda();
    const down = screen.getAllByTestId("agenda-down")[0]!;
    down.focus();
    await user.keyboard("{Enter}");
    expect(titles()).toEqual(["Tour de table", "Accueil", "État des lieux"]);
    expect(document.activeElement).toBe(screen.getAllByTestId("agenda-down")[1]);
    await user.keyboard("{Enter}");
    expect(titles()).toEqual(["Tour de table", "État des lieux", "Accueil"]);
    // At the bottom its ↓ is disabled: the focus moves to its ↑, not into the void.
    expect(document.activeElement).toBe(screen.getAllByTestId("agenda-up")[2]);
    await user.keyboard("{Enter}{Enter}");
    expect(titles()).toEqual(["Accueil", "Tour de table", "État des lieux"]);
    expect(document.activeElement).toBe(screen.getAllByTestId("agenda-down")[0]);
  });

  it("moves a phase with Alt+Up / Alt+Down from inside its fields", async () => {
    const user = renderAgenda();
    await user.click(screen.getAllByTestId("agenda-duration")[2]!);
    await user.keyboard("{Alt>}{ArrowUp}{/Alt}");
    expect(titles()).toEqual(["Accueil", "État des lieux", "Tour de table"]);
    expect(document.activeElement).toBe(screen.getAllByTestId("agenda-duration")[1]);
    expect(screen.getByTestId("agenda-total")).toHaveTextContent("1 h");
  });

  it("adds a phase with the focus in its title, and removes one", async () => {
    const user = renderAgenda();
    await user.click(screen.getByTestId("agenda-add"));
    expect(screen.getAllByTestId("agenda-row")).toHaveLength(4);
    expect(document.activeElement).toBe(screen.getAllByTestId("agenda-title")[3]);
    await user.keyboard("Pot de l'amitié");
    await user.click(screen.getAllByTestId("agenda-remove")[0]!);
    expect(titles()).toEqual(["Tour de table", "État des lieux", "Pot de l'amitié"]);
    expect(document.activeElement).toBe(screen.getAllByTestId("agenda-remove")[0]);
  });
});

import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { categories, contributions, fixtureBackend, NORTH_WORKSHOP_ID, phases, stakes } from "../../fixtures/demo";
import Board from "./Board.svelte";

function renderBoard(backend = fixtureBackend()) {
  const result = render(Board, {
    workshopId: NORTH_WORKSHOP_ID,
    contributions,
    categories,
    stakes,
    phases,
    backend,
  });
  return { ...result, backend };
}

function card(text: string): HTMLElement {
  const found = screen.getAllByTestId("board-card").find((c) => c.textContent?.includes(text));
  if (!found) throw new Error(`no card containing ${text}`);
  return found;
}

function column(title: string): HTMLElement {
  const found = screen.getAllByTestId("board-column").find((c) => c.querySelector("h3")?.textContent?.includes(title));
  if (!found) throw new Error(`no column ${title}`);
  return found;
}

async function createCluster(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.click(screen.getByTestId("cluster-new"));
  await user.type(screen.getByTestId("cluster-new-name"), `${name}{Enter}`);
  await screen.findByText(name);
}

describe("Board", () => {
  it("shows each contribution in its category's column, then by stake", async () => {
    const user = userEvent.setup();
    renderBoard();
    await screen.findAllByTestId("board-column");
    expect(within(column("Atout")).getByText(/régie de quartier/)).toBeVisible();
    expect(within(column("Sans catégorie")).getByText(/<script>/), "markup stays text").toBeVisible();
    expect(screen.getAllByTestId("board-card")).toHaveLength(contributions.length);
    await user.click(screen.getByTestId("board-mode-stake"));
    // Contribution 3 carries stakes 3 and 5: it is in both columns.
    expect(within(column("Enjeu 3")).getByText(/Les locaux sont trop chers/)).toBeVisible();
    expect(within(column("Enjeu 5")).getByText(/Les locaux sont trop chers/)).toBeVisible();
    expect(within(column("Enjeu 3")).getByText("Difficulté"), "the category shows on the card instead").toBeVisible();
  });

  it("groups with the keyboard alone: N names a cluster, G then its number and Enter", async () => {
    const user = userEvent.setup();
    const { backend } = renderBoard();
    await screen.findAllByTestId("board-card");
    card("régie de quartier").focus();
    await user.keyboard("n");
    await user.keyboard("Lieux ressources{Enter}");
    expect(await screen.findByTestId("cluster-name")).toHaveTextContent("Lieux ressources");
    expect(document.activeElement, "the keyboard is back on the card").toBe(card("régie de quartier"));

    await user.keyboard("g");
    const chooser = screen.getByTestId("group-chooser");
    expect(within(chooser).getAllByTestId("group-option").map((o) => o.textContent)).toEqual([
      expect.stringContaining("Lieux ressources"),
      expect.stringContaining("Nouveau regroupement"),
    ]);
    await user.keyboard("1{Enter}");
    const cluster = screen.getByTestId("cluster");
    expect(within(cluster).getByText(/régie de quartier/)).toBeVisible();
    expect(within(column("Atout")).queryByText(/régie de quartier/), "it left its column").toBeNull();
    expect(document.activeElement, "the next card of the column gets the keyboard").toBe(card("covoiturage"));

    // A second one into a cluster made from the chooser.
    await user.keyboard("g");
    await user.keyboard("n{Enter}");
    await user.type(screen.getByTestId("group-new-name"), "Mobilité{Enter}");
    const saved = await backend.boardView(NORTH_WORKSHOP_ID);
    expect(saved.clusters.map((c) => [c.name, c.member_ids])).toEqual([
      ["Lieux ressources", [contributions[1]!.id]],
      ["Mobilité", [contributions[7]!.id]],
    ]);
  });

  it("moves a card by drag and drop onto a cluster and back onto a column", async () => {
    const user = userEvent.setup();
    const { backend } = renderBoard();
    await screen.findAllByTestId("board-card");
    await createCluster(user, "Financements");
    const dragged = card("marchés publics");
    await fireEvent.dragStart(dragged);
    await fireEvent.dragOver(screen.getByTestId("cluster"));
    expect(screen.getByTestId("cluster"), "the target is highlighted").toHaveClass("drop");
    await fireEvent.drop(screen.getByTestId("cluster"));
    expect(await within(screen.getByTestId("cluster")).findByText(/marchés publics/)).toBeVisible();
    expect((await backend.boardView(NORTH_WORKSHOP_ID)).clusters[0]!.member_ids).toEqual([contributions[4]!.id]);

    await fireEvent.dragStart(card("marchés publics"));
    await fireEvent.dragOver(column("Atout"));
    await fireEvent.drop(column("Atout"));
    // Back on the board, in its own category's column (not the one it was dropped on).
    expect(await within(column("Préconisation")).findByText(/marchés publics/)).toBeVisible();
    expect((await backend.boardView(NORTH_WORKSHOP_ID)).clusters[0]!.member_ids).toEqual([]);
  });

  it("marks a duplicate with D, keeps its own text and origin under the original, and D again undoes it", async () => {
    const user = userEvent.setup();
    const { backend } = renderBoard();
    await screen.findAllByTestId("board-card");
    card("annuaire partagé").focus();
    await user.keyboard("d");
    expect(screen.getByTestId("duplicate-picking")).toHaveTextContent("annuaire partagé");
    card("ne se connaissent pas").focus();
    await user.keyboard("{Enter}");
    const original = card("ne se connaissent pas");
    const stack = original.closest("li")!;
    const duplicate = within(stack).getAllByTestId("board-card")[1]!;
    expect(duplicate).toHaveTextContent("Un annuaire partagé des initiatives solidaires du secteur.");
    expect(within(duplicate).getByTestId("board-card-origin"), "its own phase and attribution").toHaveTextContent(
      "État des lieux · Habitant·e",
    );
    expect(within(original).getByTestId("board-duplicate-count")).toHaveTextContent("1 doublon");
    expect((await backend.boardView(NORTH_WORKSHOP_ID)).duplicates).toEqual([
      { contribution_id: contributions[3]!.id, duplicate_of: contributions[0]!.id },
    ]);
    duplicate.focus();
    await user.keyboard("d");
    expect((await backend.boardView(NORTH_WORKSHOP_ID)).duplicates).toEqual([]);
    expect(within(column("Besoin")).getByText(/annuaire partagé/)).toBeVisible();
  });

  it("filters accent-insensitively and Escape clears the filter", async () => {
    const user = userEvent.setup();
    renderBoard();
    await screen.findAllByTestId("board-card");
    await user.type(screen.getByTestId("board-filter"), "PEPINIERE");
    // Applied once typing pauses.
    await waitFor(() =>
      expect(screen.getAllByTestId("board-card").map((c) => c.textContent)).toEqual([expect.stringContaining("pépinière")]),
    );
    expect(screen.getByTestId("board-count")).toHaveTextContent(`1 sur ${contributions.length}`);
    await user.keyboard("{Escape}");
    expect(screen.getAllByTestId("board-card")).toHaveLength(contributions.length);
  });

  it("renames and deletes a cluster, refusing an empty name without losing it", async () => {
    const user = userEvent.setup();
    const { backend } = renderBoard();
    await screen.findAllByTestId("board-card");
    await createCluster(user, "Locaux");
    await user.click(screen.getByTestId("cluster-rename"));
    await user.clear(screen.getByTestId("cluster-rename-input"));
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("board-error")).toHaveTextContent("Donnez un nom au regroupement.");
    await user.type(screen.getByTestId("cluster-rename-input"), "Locaux et lieux{Enter}");
    expect(await screen.findByTestId("cluster-name")).toHaveTextContent("Locaux et lieux");
    await user.click(screen.getByTestId("cluster-delete"));
    expect(screen.queryByTestId("cluster")).toBeNull();
    expect((await backend.boardView(NORTH_WORKSHOP_ID)).clusters).toEqual([]);
    expect(screen.getAllByTestId("board-card"), "no contribution is lost").toHaveLength(contributions.length);
  });

  it("shows a long column fifty cards at a time; ↓ on the last one brings the next", async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 80 }, (_, i) => ({ ...contributions[1]!, id: `many-${i}`, text: `Atout numéro ${i} ;` }));
    render(Board, { workshopId: NORTH_WORKSHOP_ID, contributions: many, categories, stakes, phases, backend: fixtureBackend() });
    await screen.findAllByTestId("board-card");
    expect(within(column("Atout")).getAllByTestId("board-card")).toHaveLength(50);
    expect(within(column("Atout")).getByTestId("board-more")).toHaveTextContent("Afficher 30 de plus (30 masquées)");
    card("Atout numéro 49 ;").focus();
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(card("Atout numéro 50 ;"));
    expect(within(column("Atout")).getAllByTestId("board-card")).toHaveLength(80);
    expect(within(column("Atout")).queryByTestId("board-more"), "nothing left to show").toBeNull();
  });

  it("walks the cards with the arrow keys", async () => {
    const user = userEvent.setup();
    renderBoard();
    await screen.findAllByTestId("board-card");
    card("régie de quartier").focus();
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(card("covoiturage"));
    await user.keyboard("{ArrowLeft}");
    expect(document.activeElement, "the column before: Constat").toBe(card("ne se connaissent pas"));
    await user.keyboard("{ArrowRight}{ArrowUp}");
    expect(document.activeElement).toBe(card("régie de quartier"));
  });
});

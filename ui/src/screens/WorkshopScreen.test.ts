import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { demoOverview, northDetail } from "../fixtures/demo";
import WorkshopScreen from "./WorkshopScreen.svelte";

function renderNorth(onBack = vi.fn()) {
  const result = render(WorkshopScreen, { detail: northDetail, overview: demoOverview, onBack });
  return { ...result, onBack };
}

function contributionByText(text: string): HTMLElement {
  const found = screen.getAllByTestId("contribution").find((c) => c.textContent?.includes(text));
  if (!found) throw new Error(`no contribution with ${text}`);
  return found;
}

describe("WorkshopScreen", () => {
  it("shows the workshop's title and facts, and focuses the title", () => {
    renderNorth();
    const title = screen.getByTestId("workshop-title");
    expect(title).toHaveTextContent("Atelier territorial — secteur Nord");
    expect(document.activeElement).toBe(title);
    expect(screen.getByTestId("workshop-when")).toHaveTextContent("mardi 12 avril 2011, 18 h 00 – 20 h 30");
    expect(screen.getByText("Salle des fêtes, Aucamville")).toBeInTheDocument();
  });

  it("shows the agenda with durations and its total", () => {
    renderNorth();
    const phases = screen.getAllByTestId("phase");
    expect(phases).toHaveLength(5);
    expect(phases[0]).toHaveTextContent("Accueil et tour de table");
    expect(phases[0]).toHaveTextContent("15 min");
    expect(screen.getByRole("heading", { name: "Déroulé" }).parentElement).toHaveTextContent("2 h");
  });

  it("groups contributions by phase, in agenda order, the ones outside any phase last", () => {
    renderNorth();
    const groups = screen.getAllByTestId("contribution-group");
    expect(groups.map((g) => within(g).getByRole("heading").textContent?.replace(/\s*\d+$/, "").trim())).toEqual([
      "Accueil et tour de table",
      "État des lieux",
      "Pistes et préconisations",
      "Hors séquence",
    ]);
    expect(within(groups[1]!).getAllByTestId("contribution")).toHaveLength(3);
    expect(screen.getAllByTestId("contribution")).toHaveLength(8);
  });

  it("tags each contribution with its category, stakes and attribution", () => {
    renderNorth();
    const obstacle = contributionByText("Les locaux sont trop chers");
    expect(within(obstacle).getByTestId("category-tag")).toHaveTextContent("Difficulté");
    expect(within(obstacle).getByTestId("category-tag")).toHaveClass("tone-red");
    const chips = within(obstacle).getAllByTestId("stake-chip");
    expect(chips.map((c) => c.getAttribute("title"))).toEqual([
      "Enjeu 3 : Mieux accompagner l'entrepreneuriat solidaire",
      expect.stringMatching(/^Enjeu 5 : Favoriser les liens entre l'ESS et l'économie classique/),
    ]);
    expect(chips[0]).toHaveTextContent(/^Enjeu 3/);
    expect(within(obstacle).getByTestId("attribution")).toHaveTextContent("Coopérative");

    expect(within(contributionByText("La régie de quartier")).getByTestId("attribution")).toHaveTextContent(
      "Nadia Ferrand (Association)",
    );
    expect(within(contributionByText("Beaucoup de structures")).getByTestId("attribution")).toHaveTextContent("Anonyme");
    expect(within(contributionByText("café de l'ESS")).getByTestId("attribution")).toHaveTextContent("Habitant·e");
  });

  it("shows typed text as text, line breaks included, and never runs it", () => {
    const { container } = renderNorth();
    const typed = within(contributionByText("doit s'afficher tel quel")).getByTestId("contribution-text");
    expect(typed.textContent).toBe("<script>alert('texte saisi')</script> doit s'afficher tel quel.");
    expect(container.querySelector("script")).toBeNull();
    expect(within(contributionByText("Ouvrir les marchés publics")).getByTestId("contribution-text").textContent).toContain(
      "clauses sociales.\nEt former",
    );
  });

  it("filters by category with the keyboard", async () => {
    const user = userEvent.setup();
    renderNorth();
    const options = within(screen.getByTestId("category-filter")).getAllByRole("radio");
    expect(options[0]).toBeChecked();
    options[0]!.focus();
    await user.keyboard("{ArrowRight}{ArrowRight}"); // Toutes → Constat → Atout
    expect(options[2]).toBeChecked();
    const shown = screen.getAllByTestId("contribution");
    expect(shown).toHaveLength(2);
    for (const contribution of shown) expect(within(contribution).getByTestId("category-tag")).toHaveTextContent("Atout");
  });

  it("filters the contributions without a category, and says when a category is empty", async () => {
    const user = userEvent.setup();
    const overview = {
      ...demoOverview,
      categories: [...demoOverview.categories, { id: "c-extra", code: "question", label: "Question", shortcut: "q" }],
    };
    render(WorkshopScreen, { detail: northDetail, overview, onBack: () => {} });
    await user.click(screen.getByRole("radio", { name: /Sans catégorie/ }));
    expect(screen.getAllByTestId("contribution")).toHaveLength(1);
    expect(screen.getByTestId("contribution")).toHaveTextContent("doit s'afficher tel quel");
    await user.click(screen.getByRole("radio", { name: /Question/ }));
    expect(screen.queryByTestId("contribution")).toBeNull();
    expect(screen.getByTestId("contributions-empty")).toHaveTextContent("Aucune contribution dans cette catégorie.");
  });

  it("lists participants in French, an erased name as Anonyme", () => {
    renderNorth();
    const people = screen.getAllByTestId("participant");
    expect(people).toHaveLength(5);
    expect(people[1]).toHaveTextContent("Jean-Pierre Castan");
    expect(people[1]).toHaveTextContent("Mairie d'Aucamville");
    expect(people[1]).toHaveTextContent("Collectivité · Élu·e");
    expect(people[3]).toHaveTextContent(/^Anonyme/);
    expect(people[3]).toHaveTextContent("Habitant·e · Citoyen·ne");
  });

  it("goes back with the button, Escape or Alt+Left, but not with Escape in a text field", async () => {
    const user = userEvent.setup();
    const { onBack } = renderNorth();
    await user.click(screen.getByTestId("back-home"));
    expect(onBack).toHaveBeenCalledTimes(1);
    await user.keyboard("{Escape}");
    expect(onBack).toHaveBeenCalledTimes(2);
    await user.keyboard("{Alt>}{ArrowLeft}{/Alt}");
    expect(onBack).toHaveBeenCalledTimes(3);

    const field = document.createElement("input");
    document.body.append(field);
    field.focus();
    await user.keyboard("{Escape}");
    expect(onBack).toHaveBeenCalledTimes(3);
    field.remove();
  });

  it("says so when nothing was captured yet", () => {
    render(WorkshopScreen, {
      detail: { ...northDetail, contributions: [], participants: [], phases: [] },
      overview: demoOverview,
      onBack: () => {},
    });
    expect(screen.getByText("Aucune contribution pour l'instant.")).toBeInTheDocument();
    expect(screen.getByText("Aucune séquence prévue.")).toBeInTheDocument();
    expect(screen.getByText("Aucun·e participant·e inscrit·e.")).toBeInTheDocument();
    expect(screen.queryByTestId("category-filter")).toBeNull();
  });
});

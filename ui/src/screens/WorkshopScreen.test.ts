import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { demoOverview, fixtureBackend, northDetail } from "../fixtures/demo";
import WorkshopScreen from "./WorkshopScreen.svelte";

function renderNorth(onBack = vi.fn(), backend = fixtureBackend()) {
  const result = render(WorkshopScreen, { detail: northDetail, overview: demoOverview, backend, onBack });
  return { ...result, onBack, backend };
}

function contributionByText(text: string): HTMLElement {
  const found = screen.getAllByTestId("contribution").find((c) => c.textContent?.includes(text));
  if (!found) throw new Error(`no contribution with ${text}`);
  return found;
}

describe("WorkshopScreen", () => {
  it("shows the workshop's title and facts, and puts the keyboard in the capture bar", () => {
    renderNorth();
    const title = screen.getByTestId("workshop-title");
    expect(title).toHaveTextContent("Atelier territorial — secteur Nord");
    expect(document.activeElement).toBe(screen.getByTestId("capture-input"));
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
    render(WorkshopScreen, { detail: northDetail, overview, backend: fixtureBackend(), onBack: () => {} });
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

  it("goes back with the button or Alt+Left; a stray Escape only brings the capture bar back", async () => {
    const user = userEvent.setup();
    const { onBack } = renderNorth();
    await user.click(screen.getByTestId("back-home"));
    expect(onBack).toHaveBeenCalledTimes(1);
    (document.activeElement as HTMLElement).blur();
    await user.keyboard("{Escape}");
    expect(onBack).toHaveBeenCalledTimes(1);
    expect(document.activeElement).toBe(screen.getByTestId("capture-input"));
    await user.keyboard("{Alt>}{ArrowLeft}{/Alt}");
    expect(onBack).toHaveBeenCalledTimes(2);

    const field = document.createElement("input");
    document.body.append(field);
    field.focus();
    await user.keyboard("{Escape}");
    expect(onBack).toHaveBeenCalledTimes(2);
    expect(document.activeElement).toBe(field);
    field.remove();
  });

  it("says so when nothing was captured yet", () => {
    render(WorkshopScreen, {
      detail: { ...northDetail, contributions: [], participants: [], phases: [], current_phase_id: null },
      overview: demoOverview,
      backend: fixtureBackend(),
      onBack: () => {},
    });
    expect(screen.getByText(/^Aucune contribution pour l'instant/)).toBeInTheDocument();
    expect(screen.getAllByText(/Aucune séquence prévue/)).not.toHaveLength(0);
    expect(screen.getByText("Aucun·e participant·e inscrit·e.")).toBeInTheDocument();
    expect(screen.queryByTestId("category-filter")).toBeNull();
  });

  it("adds a captured line to the live list at once, with its category, stakes and attribution", async () => {
    const user = userEvent.setup();
    renderNorth();
    const bar = screen.getByTestId("capture-input");
    await user.type(bar, "b: Un lieu ressource pour l'ESS #3 @asso{Enter}");
    await vi.waitFor(() => expect(screen.getAllByTestId("contribution")).toHaveLength(9));
    const added = contributionByText("Un lieu ressource pour l'ESS");
    expect(within(added).getByTestId("category-tag")).toHaveTextContent("Besoin");
    expect(within(added).getByTestId("stake-chip")).toHaveTextContent(/^Enjeu 3/);
    expect(within(added).getByTestId("attribution")).toHaveTextContent("Association");
    expect(screen.getByTestId("save-state")).toHaveTextContent("Enregistré ✓");
    expect(document.activeElement).toBe(bar);
    expect(screen.getByTestId("contribution-count")).toHaveTextContent("9 contributions");
  });

  it("corrects the last contribution with the keyboard only: Up, Enter, type, Enter", async () => {
    const user = userEvent.setup();
    const { backend } = renderNorth();
    const edit = vi.spyOn(backend, "editContribution");
    await user.keyboard("{ArrowUp}");
    const last = contributionByText("covoiturage solidaire");
    expect(document.activeElement).toBe(last);
    await user.keyboard("{Enter}");
    const field = within(last).getByTestId("contribution-edit-input") as HTMLTextAreaElement;
    expect(document.activeElement).toBe(field);
    await user.clear(field);
    await user.type(field, "Le covoiturage solidaire marche bien à Launaguet.{Enter}");
    await vi.waitFor(() => expect(screen.queryByTestId("contribution-edit-input")).toBeNull());
    expect(edit).toHaveBeenCalledWith(expect.any(String), "Le covoiturage solidaire marche bien à Launaguet.");
    expect(contributionByText("marche bien à Launaguet")).toBeInTheDocument();
    expect(document.activeElement).toBe(screen.getByTestId("capture-input"));
  });

  it("cancels a correction with Escape, without going back to the diagnostic", async () => {
    const user = userEvent.setup();
    const { onBack, backend } = renderNorth();
    const edit = vi.spyOn(backend, "editContribution");
    await user.keyboard("{ArrowUp}{ArrowUp}{Enter}");
    const field = screen.getByTestId("contribution-edit-input");
    await user.type(field, " ajout");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("contribution-edit-input")).toBeNull();
    expect(edit).not.toHaveBeenCalled();
    expect(onBack).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByTestId("capture-input"));
  });

  it("keeps a refused correction in its field with the reason", async () => {
    const user = userEvent.setup();
    renderNorth();
    await user.keyboard("{ArrowUp}{Enter}");
    const field = screen.getByTestId("contribution-edit-input");
    await user.clear(field);
    await user.type(field, "   {Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Le texte ne peut pas être vide");
    expect(screen.getByTestId("contribution-edit-input")).toBeInTheDocument();
  });

  it("deletes with Delete, offers to undo, undoes with Ctrl+Z, and restores from the deleted list", async () => {
    const user = userEvent.setup();
    renderNorth();
    await user.keyboard("{ArrowUp}{Delete}");
    await vi.waitFor(() => expect(screen.getAllByTestId("contribution")).toHaveLength(7));
    expect(screen.queryByText(/covoiturage solidaire fonctionne/, { selector: "[data-testid=contribution-text]" })).toBeNull();
    expect(screen.getByTestId("undo-toast")).toHaveTextContent("Contribution supprimée");
    expect(document.activeElement).toBe(screen.getByTestId("capture-input"));
    expect(screen.getByTestId("deleted-contributions")).toHaveTextContent("covoiturage solidaire");

    await user.keyboard("{Control>}z{/Control}");
    await vi.waitFor(() => expect(screen.getAllByTestId("contribution")).toHaveLength(8));
    expect(screen.queryByTestId("undo-toast")).toBeNull();
    expect(screen.queryByTestId("deleted-contributions")).toBeNull();

    await user.click(within(contributionByText("café de l'ESS")).getByTestId("contribution-delete"));
    await vi.waitFor(() => expect(screen.getAllByTestId("contribution")).toHaveLength(7));
    await user.click(screen.getByText(/Contributions supprimées/));
    await user.click(screen.getByTestId("contribution-restore"));
    await vi.waitFor(() => expect(screen.getAllByTestId("contribution")).toHaveLength(8));
    const proposals = screen.getAllByTestId("contribution-group")[2]!;
    expect(within(proposals).getAllByTestId("contribution-text").map((t) => t.textContent)).toEqual([
      "Ouvrir les marchés publics aux structures de l'ESS avec des clauses sociales.\nEt former les acheteurs publics.",
      "Un « café de l'ESS » mensuel, tournant entre les communes.",
      "<script>alert('texte saisi')</script> doit s'afficher tel quel.",
    ]);
  });

  it("leaves Ctrl+Z to the capture bar while it holds text", async () => {
    const user = userEvent.setup();
    renderNorth();
    await user.keyboard("{ArrowUp}{Delete}");
    await vi.waitFor(() => expect(screen.getAllByTestId("contribution")).toHaveLength(7));
    await user.type(screen.getByTestId("capture-input"), "texte");
    await user.keyboard("{Control>}z{/Control}");
    expect(screen.getAllByTestId("contribution")).toHaveLength(7);
  });

  it("moves to the next phase with Alt+Down and records it for the next captures", async () => {
    const user = userEvent.setup();
    const { backend } = renderNorth();
    const setPhase = vi.spyOn(backend, "setCurrentPhase");
    const select = screen.getByTestId("phase-select") as HTMLSelectElement;
    expect(select.selectedOptions[0]).toHaveTextContent("2. État des lieux");
    expect(screen.getByTestId("current-question")).toHaveTextContent("Quelles initiatives solidaires");
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    await vi.waitFor(() => expect(select.selectedOptions[0]).toHaveTextContent("3. Pistes et préconisations"));
    expect(setPhase).toHaveBeenCalledWith(northDetail.workshop.id, northDetail.phases[2]!.id);
    expect(screen.getAllByTestId("phase")[2]).toHaveAttribute("aria-current", "step");
  });

  it.each([
    ["no current phase", null],
    ["a current phase since removed from the agenda", "0196f0a0-0000-7000-8000-00000000dead"],
  ])("starts a workshop with %s on its first phase", async (_, current) => {
    const backend = fixtureBackend();
    const setPhase = vi.spyOn(backend, "setCurrentPhase");
    render(WorkshopScreen, {
      detail: { ...northDetail, current_phase_id: current },
      overview: demoOverview,
      backend,
      onBack: () => {},
    });
    await vi.waitFor(() => expect(setPhase).toHaveBeenCalledWith(northDetail.workshop.id, northDetail.phases[0]!.id));
  });

  it("opens the projector window through the backend", async () => {
    const user = userEvent.setup();
    const { backend } = renderNorth();
    const open = vi.spyOn(backend, "openProjector");
    await user.click(screen.getByTestId("projector-open"));
    expect(open).toHaveBeenCalledWith(northDetail.workshop.id);
  });

  it("registers an arrival in a few keystrokes, not named unless they agree", async () => {
    const user = userEvent.setup();
    const { backend } = renderNorth();
    const add = vi.spyOn(backend, "addAttendee");
    const name = screen.getByTestId("attendee-name");
    expect(screen.getByTestId("attendee-consent")).not.toBeChecked();
    await user.click(name);
    await user.keyboard("Yasmine Haddad{Tab}Jardins du Nord{Enter}");
    await vi.waitFor(() => expect(screen.getAllByTestId("participant")).toHaveLength(6));
    expect(add).toHaveBeenCalledWith(northDetail.workshop.id, {
      name: "Yasmine Haddad",
      organisation: "Jardins du Nord",
      structure_type: "association",
      role: "acteur_ess",
      email: null,
      consent_named: false,
    });
    expect(screen.getAllByTestId("participant")[5]).toHaveTextContent("Yasmine Haddad");
    expect(document.activeElement).toBe(name);
    expect((name as HTMLInputElement).value).toBe("");
  });

  it("refuses an arrival without a name, and removes someone who did not come after all", async () => {
    const user = userEvent.setup();
    renderNorth();
    await user.click(screen.getByTestId("attendee-add"));
    expect(screen.getByTestId("attendee-error")).toHaveTextContent("Indiquez le nom");
    await user.click(within(screen.getAllByTestId("participant")[1]!).getByTestId("participant-remove"));
    await vi.waitFor(() => expect(screen.getAllByTestId("participant")).toHaveLength(4));
    expect(screen.queryByText("Jean-Pierre Castan")).toBeNull();
  });

  describe("with a long capture", () => {
    // 450 lines: the demo's eight, then 442 more in the second phase, in capture order.
    const extra = Array.from({ length: 442 }, (_, i) => ({
      ...northDetail.contributions[1]!,
      id: `zz-${String(i).padStart(4, "0")}`,
      text: `Ligne saisie n° ${i}`,
    }));
    const longDetail = { ...northDetail, contributions: [...northDetail.contributions, ...extra] };
    const renderLong = () => render(WorkshopScreen, { detail: longDetail, overview: demoOverview, backend: fixtureBackend(), onBack: vi.fn() });

    it("shows the latest 200 lines, the earlier ones a page at a time, and counts them all", async () => {
      const user = userEvent.setup();
      renderLong();
      expect(screen.getAllByTestId("contribution")).toHaveLength(200);
      expect(screen.getByTestId("contribution-count")).toHaveTextContent("450 contributions");
      expect(screen.getByTestId("contributions-shown")).toHaveTextContent("200 dernières sur 450");
      // The newest line is the last one, just above the capture bar.
      expect(screen.getAllByTestId("contribution").at(-1)).toHaveTextContent("Ligne saisie n° 441");
      const heading = within(screen.getAllByTestId("contribution-group")[0]!).getByRole("heading");
      expect(heading).toHaveTextContent("200 sur 445");
      await user.click(screen.getByTestId("contributions-earlier"));
      expect(screen.getAllByTestId("contribution")).toHaveLength(400);
      expect(screen.getByTestId("contributions-earlier")).toHaveTextContent("Afficher les 50 précédentes");
      await user.click(screen.getByTestId("contributions-earlier"));
      expect(screen.getAllByTestId("contribution")).toHaveLength(450);
      expect(screen.queryByTestId("contributions-earlier")).toBeNull();
    });

    it("shows a restored line even when it is older than the lines shown", async () => {
      const user = userEvent.setup();
      const old = extra[3]!;
      const backend = {
        ...fixtureBackend(),
        deletedContributions: async () => [old],
        setContributionDeleted: async () => {},
      };
      const detail = { ...longDetail, contributions: longDetail.contributions.filter((c) => c.id !== old.id) };
      render(WorkshopScreen, { detail, overview: demoOverview, backend, onBack: vi.fn() });
      expect(screen.queryByText("Ligne saisie n° 3")).toBeNull();
      await user.click(await screen.findByTestId("contribution-restore"));
      expect(await screen.findByText("Ligne saisie n° 3"), "the list reaches back to the restored line").toBeInTheDocument();
    });

    it("recalls the last line with Up, and Up on the first line shown brings the earlier ones", async () => {
      const user = userEvent.setup();
      renderLong();
      await user.keyboard("{ArrowUp}");
      expect(document.activeElement).toBe(contributionByText("Ligne saisie n° 441"));
      const first = screen.getAllByTestId("contribution")[0]!;
      expect(first).toHaveTextContent("Ligne saisie n° 242");
      first.focus();
      await user.keyboard("{ArrowUp}");
      expect(screen.getAllByTestId("contribution")).toHaveLength(400);
      expect(document.activeElement).toBe(contributionByText("Ligne saisie n° 241"));
    });
  });
});

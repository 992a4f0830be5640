import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { demoOverview, fixtureBackend, NORTH_WORKSHOP_ID } from "../fixtures/demo";
import WorkshopPlanScreen from "./WorkshopPlanScreen.svelte";

function renderPlan(workshopId: string | null = null, backend = fixtureBackend()) {
  const onSaved = vi.fn();
  const onCancel = vi.fn();
  render(WorkshopPlanScreen, { overview: demoOverview, backend, workshopId, onSaved, onCancel });
  return { backend, onSaved, onCancel, user: userEvent.setup() };
}

function field(testId: string): HTMLInputElement {
  return screen.getByTestId(testId) as HTMLInputElement;
}

describe("WorkshopPlanScreen", () => {
  it("plans a territorial workshop from the usual agenda, in Paris time, stored as UTC", async () => {
    const { backend, onSaved, user } = renderPlan();
    const create = vi.spyOn(backend, "createWorkshop");
    expect(await screen.findAllByTestId("agenda-row")).toHaveLength(7);
    await user.selectOptions(screen.getByTestId("plan-territory"), demoOverview.territories[0]!.id);
    expect(field("plan-title").value).toBe("Atelier territorial — Secteur Nord");
    await user.type(field("plan-date"), "24/11/2026");
    await user.type(field("plan-start"), "18:00");
    await user.type(field("plan-end"), "20h30");
    expect(screen.getByTestId("plan-when")).toHaveTextContent("mardi 24 novembre 2026, 18 h 00 – 20 h 30");
    await user.type(field("plan-place"), "Salle des fêtes");
    await user.type(field("plan-facilitators"), "Camille Roux, Malik Benali");
    const tour = screen.getAllByTestId("agenda-duration")[1] as HTMLInputElement;
    await user.clear(tour);
    await user.type(tour, "15");
    await user.click(screen.getByTestId("plan-submit"));

    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    const [diagnosticId, plan, agenda] = create.mock.calls[0]!;
    expect(diagnosticId).toBe(demoOverview.id);
    expect(plan).toEqual({
      kind: "territorial",
      territory_id: demoOverview.territories[0]!.id,
      theme_id: null,
      title: "Atelier territorial — Secteur Nord",
      starts_at: "2026-11-24T17:00:00Z",
      ends_at: "2026-11-24T19:30:00Z",
      place: "Salle des fêtes",
      facilitators: ["Camille Roux", "Malik Benali"],
      token_budget: 3,
    });
    expect(agenda.map((phase) => [phase.title, phase.duration_min])).toEqual([
      ["Accueil", 10],
      ["Tour de table", 15],
      ["État des lieux", 30],
      ["Besoins", 25],
      ["Pistes et préconisations", 30],
      ["Priorisation", 15],
      ["Clôture", 5],
    ]);
  });

  it("plans a thematic workshop with no date yet", async () => {
    const { backend, onSaved, user } = renderPlan();
    const create = vi.spyOn(backend, "createWorkshop");
    await screen.findAllByTestId("agenda-row");
    await user.click(screen.getByTestId("plan-kind-thematic"));
    await user.selectOptions(screen.getByTestId("plan-theme"), demoOverview.themes[1]!.id);
    expect(screen.getByTestId("plan-when")).toHaveTextContent("Date à fixer");
    await user.click(screen.getByTestId("plan-submit"));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(create.mock.calls[0]![1]).toMatchObject({
      kind: "thematic",
      territory_id: null,
      theme_id: demoOverview.themes[1]!.id,
      title: "Atelier thématique — Services à la personne",
      starts_at: null,
      ends_at: null,
    });
  });

  it.each([
    [{ territory: false }, "Choisissez le territoire"],
    [{ date: "31/02/2026", start: "18:00" }, "n'est pas une date"],
    [{ date: "24/11/2026" }, "Indiquez l'heure de début"],
    [{ date: "24/11/2026", start: "18:00", end: "17:00" }, "L'heure de fin doit venir après"],
  ])("says what is missing or wrong before saving: %j", async (input, message) => {
    const { backend, user } = renderPlan();
    const create = vi.spyOn(backend, "createWorkshop");
    await screen.findAllByTestId("agenda-row");
    if (!("territory" in input)) await user.selectOptions(screen.getByTestId("plan-territory"), demoOverview.territories[0]!.id);
    if ("date" in input) await user.type(field("plan-date"), input.date!);
    if ("start" in input) await user.type(field("plan-start"), input.start!);
    if ("end" in input) await user.type(field("plan-end"), input.end!);
    await user.click(screen.getByTestId("plan-submit"));
    expect(screen.getByTestId("plan-error")).toHaveTextContent(message);
    expect(create).not.toHaveBeenCalled();
  });

  it("outlines the agenda row that cannot be saved", async () => {
    const { user } = renderPlan();
    await screen.findAllByTestId("agenda-row");
    await user.selectOptions(screen.getByTestId("plan-territory"), demoOverview.territories[0]!.id);
    await user.clear(screen.getAllByTestId("agenda-title")[2]!);
    await user.click(screen.getByTestId("plan-submit"));
    expect(screen.getByTestId("plan-error")).toHaveTextContent("La séquence 3 n'a pas de titre.");
    expect(screen.getAllByTestId("agenda-row")[2]).toHaveClass("problem");
  });

  it("copies a past workshop's plan and agenda, keeping the title and date to choose", async () => {
    const { user } = renderPlan();
    await screen.findAllByTestId("agenda-row");
    await user.selectOptions(screen.getByTestId("plan-source"), NORTH_WORKSHOP_ID);
    await user.click(screen.getByTestId("plan-copy"));
    await vi.waitFor(() => expect(screen.getAllByTestId("agenda-row")).toHaveLength(5));
    expect(field("plan-place").value).toBe("Salle des fêtes, Aucamville");
    expect(field("plan-facilitators").value).toBe("Camille Roux, Malik Benali");
    expect((screen.getByTestId("plan-territory") as HTMLSelectElement).value).toBe(demoOverview.territories[0]!.id);
    expect(field("plan-date").value).toBe("");
    expect(screen.getByRole("status")).toHaveTextContent("choisissez le titre et la date");
  });

  it("edits an existing workshop's plan and agenda, its date read back in Paris", async () => {
    const { backend, onSaved, user } = renderPlan(NORTH_WORKSHOP_ID);
    const update = vi.spyOn(backend, "updateWorkshop");
    await vi.waitFor(() => expect(field("plan-date").value).toBe("12/04/2011"));
    expect(field("plan-start").value).toBe("18:00");
    expect(field("plan-end").value).toBe("20:30");
    expect(field("plan-title").value).toBe("Atelier territorial — secteur Nord");
    const down = screen.getAllByTestId("agenda-down")[0]!;
    await user.click(down);
    await user.click(screen.getByTestId("plan-submit"));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledWith(NORTH_WORKSHOP_ID));
    expect(update.mock.calls[0]![1]).toMatchObject({ starts_at: "2011-04-12T16:00:00Z", ends_at: "2011-04-12T18:30:00Z" });
    expect(update.mock.calls[0]![2].map((phase) => phase.title).slice(0, 2)).toEqual([
      "État des lieux",
      "Accueil et tour de table",
    ]);
    expect(update.mock.calls[0]![2][0]!.id).not.toBeNull();
  });

  it("shows the backend's refusal and keeps everything typed", async () => {
    const backend = fixtureBackend();
    backend.createWorkshop = () => Promise.reject({ code: "invalid_input", message: "Ce territoire n'appartient pas à ce diagnostic." });
    const { user } = renderPlan(null, backend);
    await screen.findAllByTestId("agenda-row");
    await user.selectOptions(screen.getByTestId("plan-territory"), demoOverview.territories[0]!.id);
    await user.type(field("plan-place"), "Salle des fêtes");
    await user.click(screen.getByTestId("plan-submit"));
    expect(await screen.findByTestId("plan-error")).toHaveTextContent("Ce territoire n'appartient pas à ce diagnostic.");
    expect(field("plan-place").value).toBe("Salle des fêtes");
  });

  it("goes back with Alt+Left or the button", async () => {
    const { onCancel, user } = renderPlan();
    await screen.findAllByTestId("agenda-row");
    await user.keyboard("{Alt>}{ArrowLeft}{/Alt}");
    expect(onCancel).toHaveBeenCalledTimes(1);
    await user.click(screen.getByTestId("plan-cancel"));
    expect(onCancel).toHaveBeenCalledTimes(2);
  });
});

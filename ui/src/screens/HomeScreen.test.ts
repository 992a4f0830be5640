import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { demoOverview, emptyOverview, NORTH_WORKSHOP_ID } from "../fixtures/demo";
import HomeScreen from "./HomeScreen.svelte";

describe("HomeScreen", () => {
  it("shows the diagnostic's title, period, demo badge and description", () => {
    render(HomeScreen, { overview: demoOverview, onOpenWorkshop: () => {} });
    expect(screen.getByTestId("diagnostic-title")).toHaveTextContent("Diagnostic collaboratif de l'ESS au Grand Toulouse");
    expect(screen.getByRole("heading", { level: 1 })).toBe(screen.getByTestId("diagnostic-title"));
    expect(screen.getByTestId("diagnostic-period")).toHaveTextContent("avril – juin 2011");
    expect(screen.getByText("Diagnostic de démonstration")).toBeVisible();
    expect(screen.getByTestId("diagnostic-description")).toHaveTextContent(/état des lieux des initiatives/);
  });

  it("lists the six stakes, numbered, with their full labels", () => {
    render(HomeScreen, { overview: demoOverview, onOpenWorkshop: () => {} });
    const stakes = screen.getAllByTestId("stake");
    expect(stakes).toHaveLength(6);
    expect(stakes[0]).toHaveTextContent(/^1\s*Enjeu 1 : Favoriser le développement et la pérennité/);
    expect(stakes[5]).toHaveTextContent(
      "Diffuser les valeurs et les bonnes pratiques de l'ESS auprès des élus, des techniciens, des acteurs économiques du Grand Toulouse et plus largement des citoyens",
    );
  });

  it("lists territories with their communes, and themes", () => {
    render(HomeScreen, { overview: demoOverview, onOpenWorkshop: () => {} });
    const north = screen.getAllByTestId("territory")[0]!;
    expect(within(north).getByRole("heading")).toHaveTextContent("Secteur Nord");
    expect(north).toHaveTextContent("Aucamville, Fenouillet, Fonbeauzard, Launaguet, Saint-Alban, L'Union");
    expect(screen.getAllByTestId("theme").map((t) => t.textContent)).toEqual([
      "Entrepreneuriat solidaire",
      "Services à la personne",
    ]);
  });

  it("shows each workshop's kind, subject, date in Paris, place, facilitators and counts", () => {
    render(HomeScreen, { overview: demoOverview, onOpenWorkshop: () => {} });
    const rows = screen.getAllByTestId("workshop");
    expect(rows).toHaveLength(4);
    const north = rows[0]!;
    expect(within(north).getByTestId("workshop-open")).toHaveTextContent("Atelier territorial — secteur Nord");
    expect(within(north).getByTestId("workshop-kind")).toHaveTextContent("Territorial");
    expect(north).toHaveTextContent("Secteur Nord");
    expect(within(north).getByTestId("workshop-when")).toHaveTextContent("mardi 12 avril 2011, 18 h 00 – 20 h 30");
    expect(north).toHaveTextContent("Salle des fêtes, Aucamville");
    expect(north).toHaveTextContent("Camille Roux, Malik Benali");
    expect(within(north).getByTestId("workshop-counts")).toHaveTextContent("5 participant·es · 8 contributions");

    const thematic = rows[1]!;
    expect(within(thematic).getByTestId("workshop-kind")).toHaveTextContent("Thématique");
    expect(thematic).toHaveTextContent("Entrepreneuriat solidaire");

    const unscheduled = rows[3]!;
    expect(within(unscheduled).getByTestId("workshop-when")).toHaveTextContent("Date à fixer");
    expect(unscheduled).toHaveTextContent("Lieu à préciser");
  });

  it("opens a workshop with a click or with Enter", async () => {
    const user = userEvent.setup();
    const onOpenWorkshop = vi.fn();
    render(HomeScreen, { overview: demoOverview, onOpenWorkshop });
    const [north, thematic] = screen.getAllByTestId("workshop-open");
    await user.click(north!);
    expect(onOpenWorkshop).toHaveBeenLastCalledWith(NORTH_WORKSHOP_ID);
    thematic!.focus();
    await user.keyboard("{Enter}");
    expect(onOpenWorkshop).toHaveBeenLastCalledWith(demoOverview.workshops[1]!.id);
    expect(onOpenWorkshop).toHaveBeenCalledTimes(2);
  });

  it("gives the focus back to the workshop we came back from", async () => {
    render(HomeScreen, { overview: demoOverview, onOpenWorkshop: () => {}, returnFocusTo: demoOverview.workshops[2]!.id });
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getAllByTestId("workshop-open")[2]));
  });

  it("says so when a new diagnostic is still empty", () => {
    render(HomeScreen, { overview: emptyOverview, onOpenWorkshop: () => {} });
    expect(screen.getByText("Aucun enjeu pour l'instant.")).toBeInTheDocument();
    expect(screen.getByText("Aucun atelier planifié.")).toBeInTheDocument();
    expect(screen.queryByTestId("stake")).toBeNull();
    expect(screen.queryByTestId("workshop")).toBeNull();
    expect(screen.queryByText("Diagnostic de démonstration")).toBeNull();
    expect(screen.queryByTestId("diagnostic-period")).toBeNull();
  });

  it("renders typed text as text, never as markup", () => {
    const overview = { ...demoOverview, title: "<img src=x onerror=alert(1)>Diagnostic" };
    const { container } = render(HomeScreen, { overview, onOpenWorkshop: () => {} });
    expect(screen.getByTestId("diagnostic-title").textContent).toBe("<img src=x onerror=alert(1)>Diagnostic");
    expect(container.querySelector("img")).toBeNull();
  });

  it("opens the recommendations from a visible button or Alt+P, and gets the focus back there", async () => {
    const onOpenRecommendations = vi.fn();
    const user = userEvent.setup();
    const { unmount } = render(HomeScreen, { overview: demoOverview, onOpenWorkshop: () => {}, onOpenSynthesis: () => {}, onOpenRecommendations });
    const button = screen.getByTestId("recommendations-open");
    expect(button.parentElement, "the shortcut is shown").toHaveTextContent("Alt + P");
    await user.keyboard("{Alt>}p{/Alt}");
    expect(onOpenRecommendations).toHaveBeenCalledTimes(1);
    unmount();
    render(HomeScreen, { overview: demoOverview, onOpenWorkshop: () => {}, onOpenRecommendations, returnFocusTo: "recommendations" });
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("recommendations-open")));
  });
});

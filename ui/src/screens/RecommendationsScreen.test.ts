import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { contributions, demoOverview, fixtureBackend, workshops } from "../fixtures/demo";
import RecommendationsScreen from "./RecommendationsScreen.svelte";

function renderScreen({ focusId = null as string | null, backend = fixtureBackend() } = {}) {
  const onBack = vi.fn();
  const onOpenSource = vi.fn();
  render(RecommendationsScreen, { overview: demoOverview, backend, onBack, onOpenSource, focusId });
  return { backend, onBack, onOpenSource, user: userEvent.setup() };
}

async function items(): Promise<HTMLElement[]> {
  await screen.findAllByTestId("recommendation");
  return screen.getAllByTestId("recommendation");
}

function titles(): string[] {
  return screen.getAllByTestId("recommendation-title").map((t) => t.textContent ?? "");
}

describe("RecommendationsScreen", () => {
  it("lists the recommendations in order with status, audience, stakes and where they come from", async () => {
    renderScreen();
    const [first, second, third] = await items();
    expect(titles()).toEqual([
      "Ouvrir les marchés publics aux structures de l'ESS",
      "Un annuaire partagé des initiatives solidaires",
      "Une pépinière dédiée à l'ESS au nord de la métropole",
    ]);
    expect(within(first!).getByTestId("recommendation-status")).toHaveDisplayValue("2. Retenue");
    expect(within(first!).getByTestId("recommendation-audience-shown")).toHaveTextContent("Pour : élus");
    expect(within(first!).getAllByTestId("recommendation-stake").map((s) => s.textContent?.trim().slice(0, 7))).toEqual(["Enjeu 1", "Enjeu 5"]);
    expect(within(second!).getByTestId("recommendation-from")).toHaveTextContent(
      `Issue des ateliers « ${workshops[0]!.title} » et « ${workshops[2]!.title} »`,
    );
    const sources = within(second!).getAllByTestId("recommendation-source");
    expect(sources, "every source contribution is listed, not only its workshop").toHaveLength(3);
    expect(sources[0]).toHaveTextContent(contributions[3]!.text);
    expect(within(third!).getByTestId("recommendation-audience-shown"), "an empty audience says it is missing").toHaveTextContent("public à préciser");
    expect(document.activeElement, "the keyboard starts on the first recommendation").toBe(first);
  });

  it("changes the status with the keys 1 to 4 on a recommendation, and keeps it after a reload", async () => {
    const { user, backend } = renderScreen();
    const [, second] = await items();
    second!.focus();
    await user.keyboard("2");
    await vi.waitFor(() => expect(within(screen.getAllByTestId("recommendation")[1]!).getByTestId("recommendation-status")).toHaveDisplayValue("2. Retenue"));
    expect((await backend.listRecommendations(demoOverview.id))[1]!.status, "saved in the backend").toBe("retenue");
    expect(document.activeElement, "the focus stays on the recommendation").toBe(screen.getAllByTestId("recommendation")[1]);
    await user.keyboard("4");
    await vi.waitFor(() => expect(screen.getAllByTestId("recommendation")[1]).toHaveAttribute("data-status", "a_approfondir"));
  });

  it("filters by status and by stake", async () => {
    const { user } = renderScreen();
    await items();
    await user.selectOptions(screen.getByTestId("recommendations-filter-status"), "retenue");
    expect(titles()).toEqual(["Ouvrir les marchés publics aux structures de l'ESS"]);
    expect(screen.getByTestId("recommendations-count")).toHaveTextContent("1 sur 3 préconisations");
    await user.selectOptions(screen.getByTestId("recommendations-filter-status"), "");
    await user.selectOptions(screen.getByTestId("recommendations-filter-stake"), demoOverview.stakes[2]!.id);
    expect(titles()).toEqual(["Une pépinière dédiée à l'ESS au nord de la métropole"]);
    await user.selectOptions(screen.getByTestId("recommendations-filter-status"), "ecartee");
    expect(screen.getByTestId("recommendations-empty")).toHaveTextContent("Aucune préconisation ne correspond");
  });

  it("creates one with N, its audience and stakes, and refuses an empty title", async () => {
    const { user } = renderScreen();
    await items();
    await user.keyboard("n");
    const form = screen.getByTestId("recommendation-form");
    expect(document.activeElement).toBe(within(form).getByTestId("recommendation-title-input"));
    await user.keyboard("{Enter}");
    expect(within(form).getByTestId("recommendation-form-error")).toHaveTextContent("Donnez un titre");
    await user.type(within(form).getByTestId("recommendation-title-input"), "Former les acheteurs publics");
    await user.click(within(form).getByTestId("recommendation-audience-services"));
    await user.click(within(form).getByTestId("recommendation-stake-1"));
    await user.type(within(form).getByTestId("recommendation-title-input"), "{Control>}{Enter}{/Control}");
    await vi.waitFor(() => expect(titles()).toHaveLength(4));
    const created = screen.getAllByTestId("recommendation")[3]!;
    expect(within(created).getByTestId("recommendation-title")).toHaveTextContent("Former les acheteurs publics");
    expect(within(created).getByTestId("recommendation-audience-shown")).toHaveTextContent("Pour : services");
    expect(within(created).getByTestId("recommendation-from")).toHaveTextContent("Sans contribution source");
    await vi.waitFor(() => expect(document.activeElement, "the new one gets the focus").toBe(created));
  });

  it("edits the audience with Enter then Ctrl+Enter, and Escape cancels without leaving the screen", async () => {
    const { user, onBack } = renderScreen();
    const [first] = await items();
    first!.focus();
    await user.keyboard("{Enter}");
    const form = screen.getByTestId("recommendation-form");
    expect(within(form).getByTestId("recommendation-title-input")).toHaveValue("Ouvrir les marchés publics aux structures de l'ESS");
    expect(within(form).getByTestId("recommendation-audience-élus")).toBeChecked();
    await user.click(within(form).getByTestId("recommendation-audience-acteurs"));
    await user.type(within(form).getByTestId("recommendation-audience-other"), "bailleurs");
    await user.click(within(form).getByTestId("recommendation-save"));
    await vi.waitFor(() =>
      expect(within(screen.getAllByTestId("recommendation")[0]!).getByTestId("recommendation-audience-shown")).toHaveTextContent(
        "Pour : élus, acteurs, bailleurs",
      ),
    );
    screen.getAllByTestId("recommendation")[0]!.focus();
    await user.keyboard("{Enter}");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("recommendation-form")).toBeNull();
    expect(onBack, "Escape in the form closes the form, not the screen").not.toHaveBeenCalled();
  });

  it("follows a source back to its workshop and contribution", async () => {
    const { user, onOpenSource } = renderScreen();
    const [first] = await items();
    await user.click(within(first!).getByTestId("recommendation-source"));
    expect(onOpenSource).toHaveBeenCalledWith(workshops[0]!.id, contributions[4]!.id);
  });

  it("removes a source, moves with Alt+arrows and deletes after asking", async () => {
    const { user, onBack } = renderScreen();
    const [, second] = await items();
    await user.click(within(second!).getAllByTestId("recommendation-source-remove")[2]!);
    await vi.waitFor(() =>
      expect(within(screen.getAllByTestId("recommendation")[1]!).getByTestId("recommendation-from")).toHaveTextContent(
        `Issue de l'atelier « ${workshops[0]!.title} »`,
      ),
    );
    screen.getAllByTestId("recommendation")[0]!.focus();
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    await vi.waitFor(() => expect(titles()[1]).toBe("Ouvrir les marchés publics aux structures de l'ESS"));
    expect(document.activeElement).toBe(screen.getAllByTestId("recommendation")[1]);
    await user.keyboard("{Delete}");
    expect(screen.getByTestId("recommendation-delete-ask")).toHaveTextContent("Les contributions sources restent");
    expect(document.activeElement).toBe(screen.getByTestId("recommendation-delete-confirm"));
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("recommendation-delete-ask"), "Escape cancels").toBeNull();
    expect(onBack, "and stays on the screen").not.toHaveBeenCalled();
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getAllByTestId("recommendation")[1]));
    await user.keyboard("{Delete}");
    await user.keyboard("{Enter}");
    await vi.waitFor(() => expect(titles()).not.toContain("Ouvrir les marchés publics aux structures de l'ESS"));
    expect(titles()).toHaveLength(2);
  });

  it("links with S a second source from another workshop, found by its words, and names both workshops", async () => {
    const backend = fixtureBackend();
    await backend.workshopDetail(workshops[1]!.id);
    const captured = await backend.captureContribution(workshops[1]!.id, "Un lieu ressource pour les porteurs de projet");
    const { user } = renderScreen({ backend });
    const [first] = await items();
    expect(within(first!).getByTestId("recommendation-from")).toHaveTextContent(`Issue de l'atelier « ${workshops[0]!.title} »`);
    first!.focus();
    await user.keyboard("s");
    const search = within(first!).getByTestId("recommendation-source-search");
    expect(document.activeElement, "S opens the search with the keyboard in it").toBe(search);

    const already = contributions[4]!.text.split(/\s+/u).slice(0, 4).join(" ");
    await user.keyboard(`${already}{Enter}`);
    const linked = (await within(first!).findAllByTestId("recommendation-source-hit")).find(
      (hit) => hit.dataset.contributionId === contributions[4]!.id,
    );
    expect(linked, "the source already linked is found too").toBeDefined();
    expect(linked).toHaveTextContent("déjà liée");
    expect(linked, "and cannot be linked twice").toBeDisabled();

    await user.clear(search);
    await user.keyboard("lieu ressource{Enter}");
    const [hit] = await within(first!).findAllByTestId("recommendation-source-hit");
    expect(hit).toHaveTextContent(workshops[1]!.title);
    await user.keyboard("{Tab}");
    expect(document.activeElement, "Tab reaches the hit").toBe(hit);
    await user.keyboard("{Enter}");

    const item = () => screen.getAllByTestId("recommendation")[0]!;
    await vi.waitFor(() =>
      expect(within(item()).getByTestId("recommendation-from")).toHaveTextContent(
        `Issue des ateliers « ${workshops[0]!.title} » et « ${workshops[1]!.title} »`,
      ),
    );
    const sources = within(item()).getAllByTestId("recommendation-source");
    expect(sources.map((s) => s.dataset.contributionId), "the new source is listed after the first").toEqual([
      contributions[4]!.id,
      captured.contribution.id,
    ]);
    await vi.waitFor(() =>
      expect(document.activeElement, "the keyboard stays in the search, for another source").toBe(
        within(item()).getByTestId("recommendation-source-search"),
      ),
    );
    expect(within(item()).queryByTestId("recommendation-source-hit"), "the hits are cleared once linked").toBeNull();

    await user.keyboard("{Escape}");
    expect(within(item()).queryByTestId("recommendation-link-panel"), "Escape closes the search").toBeNull();
    await vi.waitFor(() => expect(document.activeElement, "and comes back to the recommendation").toBe(item()));
  });

  it("brings a recommendation into focus when opened on it", async () => {
    renderScreen({ focusId: (await fixtureBackend().listRecommendations(demoOverview.id))[2]!.id });
    await items();
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getAllByTestId("recommendation")[2]));
    expect(screen.getAllByTestId("recommendation")[2]).toHaveClass("highlighted");
  });
});

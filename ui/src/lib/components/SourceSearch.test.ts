import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api";
import type { SearchHit } from "../bindings/SearchHit";
import SourceSearch from "./SourceSearch.svelte";

const DIAGNOSTIC = "d-1";
const HITS: SearchHit[] = [
  { contribution_id: "c-1", workshop_id: "w-1", workshop_title: "Atelier Nord", text: "Un tiers-lieu pour les associations." },
  { contribution_id: "c-2", workshop_id: "w-2", workshop_title: "Atelier Sud", text: "Un tiers-lieu à la campagne." },
];

function renderSearch({
  linked = ["c-1"],
  searchContributions = vi.fn((_diagnosticId: string, _text: string) => Promise.resolve(structuredClone(HITS))),
  onLink = vi.fn((_hit: SearchHit) => Promise.resolve()),
} = {}) {
  render(SourceSearch, {
    label: "Lier une contribution",
    diagnosticId: DIAGNOSTIC,
    searchContributions,
    linkedIds: new Set(linked),
    onLink,
    testid: "thing-source",
  });
  return { searchContributions, onLink, user: userEvent.setup() };
}

describe("SourceSearch", () => {
  it("searches on Enter and lists the hits with their workshop, the linked one as « déjà liée » and disabled", async () => {
    const { searchContributions, user } = renderSearch();
    await user.type(screen.getByLabelText("Lier une contribution"), "tiers-lieu{Enter}");
    expect(searchContributions).toHaveBeenCalledWith(DIAGNOSTIC, "tiers-lieu");
    const [linked, free] = await screen.findAllByTestId("thing-source-hit");
    expect(linked).toHaveTextContent("Atelier Nord · déjà liée");
    expect(linked, "a contribution is linked once").toBeDisabled();
    expect(free).toHaveTextContent("Atelier Sud");
    expect(free).not.toHaveTextContent("déjà liée");
    expect(free).toBeEnabled();
  });

  it("links the hit chosen with the keyboard, then clears and keeps the keyboard in the search", async () => {
    const { onLink, user } = renderSearch({ linked: [] });
    const search = screen.getByTestId("thing-source-search");
    await user.type(search, "tiers-lieu{Enter}");
    await screen.findAllByTestId("thing-source-hit");
    await user.keyboard("{Tab}{Tab}{Enter}");
    expect(onLink).toHaveBeenCalledWith(HITS[1]);
    await vi.waitFor(() => expect(document.activeElement, "another source can be looked for at once").toBe(search));
    expect(search).toHaveValue("");
    expect(screen.queryByTestId("thing-source-hit"), "the hits are cleared").toBeNull();
  });

  it("says when nothing matches, and searches nothing for blank words", async () => {
    const { searchContributions, user } = renderSearch({ searchContributions: vi.fn(() => Promise.resolve([])) });
    await user.type(screen.getByTestId("thing-source-search"), "   {Enter}");
    expect(searchContributions, "blank words are not a search").not.toHaveBeenCalled();
    await user.type(screen.getByTestId("thing-source-search"), "zzz{Enter}");
    expect(await screen.findByTestId("thing-source-none")).toHaveTextContent("Aucune contribution ne contient ces mots.");
  });

  it("shows a refused link in French and keeps the hits to try again", async () => {
    const { user } = renderSearch({
      linked: [],
      onLink: vi.fn(() => Promise.reject(new ApiError("not_found", "Cette contribution n'existe pas (ou plus)."))),
    });
    await user.type(screen.getByTestId("thing-source-search"), "tiers-lieu{Enter}");
    await user.click((await screen.findAllByTestId("thing-source-hit"))[0]!);
    expect(await screen.findByTestId("thing-source-error")).toHaveTextContent("Cette contribution n'existe pas (ou plus).");
    expect(screen.getAllByTestId("thing-source-hit"), "nothing typed or found is lost").toHaveLength(2);
    expect(screen.getByTestId("thing-source-search")).toHaveValue("tiers-lieu");
  });

  it("shows a failed search in French", async () => {
    const { user } = renderSearch({
      searchContributions: vi.fn(() => Promise.reject(new ApiError("storage", "La base de données est verrouillée."))),
    });
    await user.type(screen.getByTestId("thing-source-search"), "tiers-lieu{Enter}");
    expect(await screen.findByTestId("thing-source-error")).toHaveTextContent("La base de données est verrouillée.");
  });
});

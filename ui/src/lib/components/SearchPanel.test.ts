import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { SearchHit } from "../bindings/SearchHit";
import SearchPanel from "./SearchPanel.svelte";

const hit: SearchHit = {
  contribution_id: "c-1",
  workshop_id: "w-nord",
  workshop_title: "Atelier territorial — Secteur Nord",
  text: "L'épicerie solidaire est devenue un lieu de rencontre",
};

describe("SearchPanel", () => {
  it("shows what the engine found and opens the workshop of a hit", async () => {
    const user = userEvent.setup();
    const search = vi.fn(async (text: string) => (text === "epicerie" ? [hit] : []));
    const onOpenWorkshop = vi.fn();
    render(SearchPanel, { search, onOpenWorkshop });
    await user.type(screen.getByTestId("search-input"), "epicerie");
    const found = await screen.findByTestId("search-hit");
    expect(search).toHaveBeenLastCalledWith("epicerie");
    expect(found).toHaveTextContent("L'épicerie solidaire");
    expect(found).toHaveTextContent("Secteur Nord");
    expect(screen.getByTestId("search-count")).toHaveTextContent("1 résultat");
    await user.click(found.querySelector("button")!);
    expect(onOpenWorkshop).toHaveBeenCalledWith("w-nord");
  });

  it("says when nothing matches, shows a refusal, and Escape clears the search", async () => {
    const user = userEvent.setup();
    let fail = false;
    const search = vi.fn(async () => {
      if (fail) throw { code: "storage", message: "La recherche n'est pas disponible sur ce fichier." };
      return [];
    });
    render(SearchPanel, { search, onOpenWorkshop: () => {} });
    const input = screen.getByTestId("search-input");
    await user.type(input, "zzz");
    expect(await screen.findByText("Aucune contribution ne contient ces mots.")).toBeVisible();
    fail = true;
    await user.type(input, "z");
    expect(await screen.findByRole("alert")).toHaveTextContent("La recherche n'est pas disponible");
    await user.keyboard("{Escape}");
    expect(input).toHaveValue("");
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

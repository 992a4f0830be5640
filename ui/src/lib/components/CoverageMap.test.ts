import { render, screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import CoverageMap from "./CoverageMap.svelte";

const matrix = {
  rows: ["1. Emploi", "2. Besoins des structures"],
  columns: ["Nord", "Sud"],
  counts: [
    [4, 0],
    [1, 2],
  ],
  max: 4,
};

describe("CoverageMap", () => {
  it("is a table with a header per column and per stake, and a count in every cell", () => {
    render(CoverageMap, { id: "m", title: "Par territoire", subject: "Territoire", matrix, testid: "map" });
    const table = screen.getByRole("table");
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Enjeu", "Nord", "Sud"]);
    expect(within(table).getAllByRole("rowheader").map((h) => h.textContent)).toEqual(matrix.rows);
    const cells = screen.getAllByTestId("coverage-cell");
    expect(cells.map((c) => c.dataset.count)).toEqual(["4", "0", "1", "2"]);
    expect(cells[0], "the darkest cell writes in white to stay readable").toHaveClass("dark");
    expect(cells[2]).not.toHaveClass("dark");
  });

  it("marks only the empty cell as never discussed, in words", () => {
    render(CoverageMap, { id: "m", title: "Par territoire", subject: "Territoire", matrix, testid: "map" });
    const never = screen.getAllByTestId("coverage-cell").filter((c) => c.dataset.never === "true");
    expect(never).toHaveLength(1);
    expect(never[0]).toHaveTextContent(/^0 jamais, jamais abordé$/);
    expect(screen.getByTestId("map-never")).toHaveTextContent("1 case jamais abordée");
  });

  it("says so when there is nothing to cross", () => {
    render(CoverageMap, {
      id: "m",
      title: "Par thème",
      subject: "Thème",
      matrix: { rows: ["1. Emploi"], columns: [], counts: [[]], max: 0 },
      testid: "map",
    });
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.getByText("Aucun thème dans ce diagnostic.")).toBeVisible();
  });
});

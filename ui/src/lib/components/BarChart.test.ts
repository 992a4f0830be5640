import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import BarChart from "./BarChart.svelte";

describe("BarChart", () => {
  it("writes each label and count, the longest bar for the largest count", () => {
    render(BarChart, {
      title: "Structures présentes, par type",
      bars: [
        { label: "Association", count: 8 },
        { label: "Coopérative", count: 2 },
      ],
      testid: "chart",
    });
    expect(screen.getByText("Structures présentes, par type").tagName).toBe("FIGCAPTION");
    const bars = screen.getAllByTestId("chart-bar");
    expect(bars.map((bar) => bar.textContent?.replace(/\s+/g, " ").trim())).toEqual(["Association 8", "Coopérative 2"]);
    const widths = bars.map((bar) => (bar.querySelector(".bar") as HTMLElement).style.width);
    expect(widths, "bars are scaled on the largest count").toEqual(["100%", "25%"]);
  });

  it("says there is nothing to count rather than drawing an empty frame", () => {
    render(BarChart, { title: "Contributions, par catégorie", bars: [], testid: "chart" });
    expect(screen.queryAllByTestId("chart-bar")).toHaveLength(0);
    expect(screen.getByText("Rien à compter avec ces filtres.")).toBeVisible();
  });
});

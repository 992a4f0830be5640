import { render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../lib/api";
import type { RoomView } from "../lib/bindings/RoomView";
import RoomScreen from "./RoomScreen.svelte";

const WORKSHOP = "0196f0a0-0000-7000-8000-000000000001";

function room(texts: string[]): RoomView {
  return {
    workshop_title: "Atelier territorial — secteur Nord",
    phase_title: "État des lieux",
    phase_question: "Quelles initiatives solidaires existent ici ?",
    contributions: texts.map((text, i) => ({
      id: `c${i}`,
      text,
      category_label: i === 0 ? "Difficulté" : null,
      attributed_to: i === 0 ? "Coopérative" : null,
    })),
    timer: null,
    clusters: [],
    ranking: [],
  };
}

describe("RoomScreen (the projector window)", () => {
  it("shows the workshop, its current phase and question, and what was said, newest first", async () => {
    const roomView = vi.fn(() => Promise.resolve(room(["Les locaux sont trop chers", "<b>Un annuaire</b> partagé"])));
    render(RoomScreen, { workshopId: WORKSHOP, backend: { roomView }, refreshMs: 10_000 });
    expect(await screen.findByTestId("room-phase-title")).toHaveTextContent("État des lieux");
    expect(screen.getByTestId("room-workshop-title")).toHaveTextContent("Atelier territorial — secteur Nord");
    expect(screen.getByTestId("room-phase-question")).toHaveTextContent("Quelles initiatives solidaires existent ici ?");
    expect(screen.getAllByTestId("room-contribution-text").map((t) => t.textContent)).toEqual([
      "<b>Un annuaire</b> partagé",
      "Les locaux sont trop chers",
    ]);
    expect(screen.getAllByTestId("room-contribution")[1]).toHaveTextContent("Coopérative");
    expect(roomView).toHaveBeenCalledWith(WORKSHOP);
  });

  it("follows the facilitator: asks again and again, one request at a time", async () => {
    let calls = 0;
    let pending = 0;
    let mostAtOnce = 0;
    const roomView = vi.fn(async () => {
      mostAtOnce = Math.max(mostAtOnce, ++pending);
      await new Promise((resolve) => setTimeout(resolve, 15));
      pending -= 1;
      // A new contribution each time, up to three.
      return room(Array.from({ length: Math.min(++calls, 3) }, (_, i) => `idée ${i + 1}`));
    });
    render(RoomScreen, { workshopId: WORKSHOP, backend: { roomView }, refreshMs: 5 });
    await vi.waitFor(() => expect(screen.getAllByTestId("room-contribution")).toHaveLength(3));
    expect(screen.getByTestId("room-count")).toHaveTextContent("3 contributions");
    expect(mostAtOnce).toBe(1);
  });

  it("keeps the last view on the wall when a refresh fails, and says it may be stale", async () => {
    let calls = 0;
    const roomView = vi.fn(() =>
      ++calls === 1 ? Promise.resolve(room(["Première idée"])) : Promise.reject(new ApiError("storage", "Le disque est plein.")),
    );
    render(RoomScreen, { workshopId: WORKSHOP, backend: { roomView }, refreshMs: 5 });
    expect(await screen.findByTestId("room-problem")).toHaveTextContent("peut-être pas à jour : Le disque est plein.");
    expect(screen.getByTestId("room-contribution-text")).toHaveTextContent("Première idée");
  });

  it("says so when nothing was said yet", async () => {
    render(RoomScreen, { workshopId: WORKSHOP, backend: { roomView: () => Promise.resolve(room([])) }, refreshMs: 10_000 });
    expect(await screen.findByText("Les contributions apparaîtront ici au fil de l'atelier.")).toBeInTheDocument();
  });
});

describe("RoomScreen: timer, clusters and ranking", () => {
  it("shows the countdown big, and an overrun in words", async () => {
    let remaining = 75;
    const roomView = vi.fn(() =>
      Promise.resolve({ ...room(["Une idée"]), timer: { phase_id: "p", remaining_s: remaining, running: true, overrun: remaining < 0 } }),
    );
    render(RoomScreen, { workshopId: WORKSHOP, backend: { roomView }, refreshMs: 5 });
    expect(await screen.findByTestId("room-timer-clock")).toHaveTextContent("1:15");
    expect(screen.getByTestId("room-timer")).toHaveTextContent("restant");
    remaining = -65;
    // The overrun is said, not only coloured.
    await vi.waitFor(() => expect(screen.getByTestId("room-timer")).toHaveTextContent("Dépassement : +1:05"));
  });

  it("shows no timer before the facilitator starts one", async () => {
    render(RoomScreen, { workshopId: WORKSHOP, backend: { roomView: () => Promise.resolve(room(["x"])) }, refreshMs: 10_000 });
    await screen.findByTestId("room-phase-title");
    expect(screen.queryByTestId("room-timer")).toBeNull();
    expect(screen.queryByTestId("room-ranking")).toBeNull();
  });

  it("groups contributions by cluster, the rest apart, and shows the ranking", async () => {
    const view: RoomView = {
      ...room(["Des locaux trop chers", "Un annuaire partagé", "Un tiers-lieu"]),
      clusters: [{ id: "k1", name: "Lieux", contribution_ids: ["c2", "c0"] }],
      ranking: [
        { target: { kind: "cluster", id: "k1" }, label: "Lieux", dots: 9, rank: 1 },
        { target: { kind: "contribution", id: "c1" }, label: "Un annuaire partagé", dots: 6, rank: 2 },
      ],
    };
    render(RoomScreen, { workshopId: WORKSHOP, backend: { roomView: () => Promise.resolve(view) }, refreshMs: 10_000 });
    const cluster = await screen.findByTestId("room-cluster");
    expect(cluster).toHaveTextContent("Lieux");
    expect([...cluster.querySelectorAll("[data-testid='room-contribution-text']")].map((t) => t.textContent)).toEqual([
      "Un tiers-lieu",
      "Des locaux trop chers",
    ]);
    // The ungrouped one is still on the wall, outside the cluster.
    expect(screen.getAllByTestId("room-contribution-text").map((t) => t.textContent)).toContain("Un annuaire partagé");
    const ranked = screen.getAllByTestId("room-rank-item");
    expect(ranked.map((r) => r.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "1 Lieux 9 gommettes",
      "2 Un annuaire partagé 6 gommettes",
    ]);
    expect(screen.getByTestId("room-ranking")).toBeInTheDocument();
  });
});

describe("RoomScreen: a long ranking", () => {
  it("shows the top ten and says how many more", async () => {
    const ranking = Array.from({ length: 13 }, (_, i) => ({
      target: { kind: "contribution" as const, id: `c${i}` },
      label: `idée ${i + 1}`,
      dots: 20 - i,
      rank: i + 1,
    }));
    render(RoomScreen, { workshopId: WORKSHOP, backend: { roomView: () => Promise.resolve({ ...room([]), ranking }) }, refreshMs: 10_000 });
    expect(await screen.findAllByTestId("room-rank-item")).toHaveLength(10);
    expect(screen.getByTestId("room-ranking-more")).toHaveTextContent("et 3 autres éléments votés");
  });
});

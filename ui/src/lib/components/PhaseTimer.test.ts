import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { NORTH_WORKSHOP_ID, northDetail } from "../../fixtures/demo";
import { votingFixtures } from "../../fixtures/voting";
import PhaseTimer, { timerShortcut } from "./PhaseTimer.svelte";

const MIN = 60_000;

/** The timer over the fixture engine, both on one fake clock the test moves. */
function setup(phaseIndex = 0) {
  const clock = { ms: 1_000_000 };
  const detail = structuredClone(northDetail);
  const voting = votingFixtures({
    wait: async () => {},
    detailOf: () => detail,
    boardView: async () => ({ clusters: [], duplicates: [] }),
    setCurrentPhase: async (_, id) => {
      detail.current_phase_id = id;
    },
    now: () => clock.ms,
  });
  const phase = detail.phases[phaseIndex]!;
  render(PhaseTimer, {
    workshopId: NORTH_WORKSHOP_ID,
    phases: detail.phases,
    currentPhaseId: phase.id,
    backend: voting.backend,
    now: () => clock.ms,
    syncMs: 60_000,
  });
  return { clock, phase, user: userEvent.setup(), backend: voting.backend };
}

const remaining = () => screen.getByTestId("timer-remaining");

describe("PhaseTimer", () => {
  it("shows the phase's planned time, counts down once started, and pauses", async () => {
    const { clock, user } = setup(0);
    // "Accueil et tour de table": 15 minutes.
    expect(await screen.findByTestId("timer-remaining")).toHaveTextContent("15:00");
    expect(screen.getByTestId("timer")).toHaveTextContent("pas démarré");
    await user.click(screen.getByTestId("timer-toggle"));
    await vi.waitFor(() => expect(screen.getByTestId("timer")).toHaveAttribute("data-running", "true"));
    clock.ms += 65_000;
    await vi.waitFor(() => expect(remaining()).toHaveTextContent("13:55"));
    await user.click(screen.getByTestId("timer-toggle"));
    await vi.waitFor(() => expect(screen.getByTestId("timer")).toHaveAttribute("data-running", "false"));
    clock.ms += 10 * MIN;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(remaining()).toHaveTextContent("13:55");
    expect(screen.getByTestId("timer-toggle")).toHaveTextContent("Reprendre");
  });

  it("says an overrun in words, and added time takes it back", async () => {
    const { clock, user } = setup(0);
    await user.click(await screen.findByTestId("timer-toggle"));
    await vi.waitFor(() => expect(screen.getByTestId("timer")).toHaveAttribute("data-running", "true"));
    clock.ms += 16 * MIN;
    expect(await screen.findByTestId("timer-overrun")).toHaveTextContent("Dépassement : +1:00");
    expect(remaining()).toHaveTextContent("+1:00");
    const [, addFive] = screen.getAllByTestId("timer-add");
    await user.click(addFive!);
    await vi.waitFor(() => expect(remaining()).toHaveTextContent("4:00"));
    expect(screen.queryByTestId("timer-overrun")).toBeNull();
  });

  it("answers Alt+T, Alt+M and Alt+Shift+M, even from a text field", async () => {
    const { user } = setup(0);
    await screen.findByTestId("timer-remaining");
    // Time added before starting extends the planned time.
    await user.keyboard("{Alt>}m{/Alt}");
    await vi.waitFor(() => expect(remaining()).toHaveTextContent("16:00"));
    await user.keyboard("{Alt>}{Shift>}M{/Shift}{/Alt}");
    await vi.waitFor(() => expect(remaining()).toHaveTextContent("21:00"));
    await user.keyboard("{Alt>}t{/Alt}");
    await vi.waitFor(() => expect(screen.getByTestId("timer")).toHaveAttribute("data-running", "true"));
    await user.keyboard("{Alt>}t{/Alt}");
    await vi.waitFor(() => expect(screen.getByTestId("timer")).toHaveAttribute("data-running", "false"));
  });

  it("leaves other keys to the capture bar and the view switch", () => {
    const key = (init: KeyboardEventInit) => timerShortcut(new KeyboardEvent("keydown", init));
    expect(key({ key: "t" })).toBeNull();
    expect(key({ key: "t", altKey: true, ctrlKey: true })).toBeNull();
    expect(key({ key: "ArrowUp", altKey: true })).toBeNull();
    expect(key({ key: "1", altKey: true })).toBeNull();
    expect(key({ key: "t", altKey: true })).toBe("toggle");
    // macOS's Option types "†" for T: the key's place still counts.
    expect(key({ key: "†", code: "KeyT", altKey: true })).toBe("toggle");
    expect(key({ key: "M", altKey: true, shiftKey: true })).toBe("add5");
  });
});

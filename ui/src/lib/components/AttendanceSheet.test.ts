import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { northDetail } from "../../fixtures/demo";
import type { ParticipantView } from "../bindings/ParticipantView";
import AttendanceSheet, { BLANK_ROWS } from "./AttendanceSheet.svelte";

const PARTICIPANTS: ParticipantView[] = [
  { id: "p2", name: "Yasmine Haddad", organisation: "Jardins du Nord", structure_type: "association", role: "acteur_ess", consent_named: true },
  { id: "p1", name: "Élodie Sarda", organisation: null, structure_type: "habitant", role: "citoyen", consent_named: false },
  { id: "p3", name: null, organisation: null, structure_type: "autre", role: "citoyen", consent_named: false },
];

function renderSheet() {
  const print = vi.fn();
  render(AttendanceSheet, {
    workshop: northDetail.workshop,
    diagnosticTitle: "Diagnostic ESS du Grand Toulouse",
    participants: PARTICIPANTS,
    print,
  });
  return { print, user: userEvent.setup() };
}

describe("AttendanceSheet", () => {
  it("opens a sheet with the workshop, its French date and place, and a row per person", async () => {
    const { print, user } = renderSheet();
    expect(screen.queryByTestId("attendance-sheet")).toBeNull();
    await user.click(screen.getByTestId("attendance-sheet-open"));

    const sheet = screen.getByTestId("attendance-sheet");
    expect(within(sheet).getByTestId("attendance-sheet-workshop")).toHaveTextContent(northDetail.workshop.title);
    expect(within(sheet).getByTestId("attendance-sheet-when")).toHaveTextContent("mardi 12 avril 2011, 18 h 00 – 20 h 30");
    expect(within(sheet).getByTestId("attendance-sheet-place")).toHaveTextContent("Salle des fêtes, Aucamville");
    const names = within(sheet).getAllByTestId("attendance-sheet-row").map((row) => within(row).getByTestId("attendance-sheet-name").textContent);
    expect(names, "alphabetical, accents ignored; an erased name stays blank, last").toEqual(["Élodie Sarda", "Yasmine Haddad", ""]);
    const yasmine = within(sheet).getAllByTestId("attendance-sheet-row")[1]!;
    expect(yasmine).toHaveTextContent("Jardins du Nord");
    expect(yasmine).toHaveTextContent("Association");
    expect(yasmine).toHaveTextContent("Acteur·rice ESS");
    expect(yasmine).toHaveTextContent("Oui");
    expect(within(sheet).getAllByTestId("attendance-sheet-blank")).toHaveLength(BLANK_ROWS);
    expect(within(sheet).getByRole("columnheader", { name: "Signature" })).toBeInTheDocument();
    expect(within(sheet).queryByRole("columnheader", { name: /courriel/i }), "emails are not printed for the room").toBeNull();
    await vi.waitFor(() => expect(print).toHaveBeenCalledTimes(1));
  });

  it("goes back with Escape, prints again with Ctrl+P, and never leaves the focus behind", async () => {
    const { print, user } = renderSheet();
    await user.click(screen.getByTestId("attendance-sheet-open"));
    expect(document.activeElement).toBe(screen.getByTestId("attendance-sheet-print"));
    await vi.waitFor(() => expect(print).toHaveBeenCalledTimes(1));
    await user.keyboard("{Control>}p{/Control}");
    expect(print).toHaveBeenCalledTimes(2);

    const leave = vi.fn();
    const screenBehind = (event: KeyboardEvent) => event.defaultPrevented || leave();
    window.addEventListener("keydown", screenBehind);
    await user.keyboard("{Escape}");
    window.removeEventListener("keydown", screenBehind);
    expect(screen.queryByTestId("attendance-sheet")).toBeNull();
    expect(leave, "Escape closes the sheet; the screen behind must not also go back").not.toHaveBeenCalled();
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("attendance-sheet-open")));
  });
});

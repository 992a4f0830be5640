import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api";
import type { InitiativeView } from "../bindings/InitiativeView";
import type { TerritoryView } from "../bindings/TerritoryView";
import InitiativeForm, { readJobs, territoryOfCommune } from "./InitiativeForm.svelte";

const DIAGNOSTIC = "64696167-0000-7000-8000-000000000001";
const NORTH: TerritoryView = { id: "7465-terr-1", name: "Secteur Nord", communes: ["Aucamville", "L'Union"] };
const WORKSHOP = "776b7370-0000-7000-8000-000000000001";

const REGIE: InitiativeView = {
  id: "1a17a71e-0000-7000-8000-000000000001",
  fields: {
    name: "Régie de quartier Nord",
    legal_form: "insertion",
    sector: "Services",
    commune: "Aucamville",
    territory_id: NORTH.id,
    jobs: 35,
    contact: "Nadia Ferrand",
    description: "",
  },
  sources: [
    {
      contribution_id: "636f6e74-0000-7000-8000-000000000002",
      contribution_text: "La régie de quartier emploie 35 personnes en insertion.",
      workshop_id: WORKSHOP,
      workshop_title: "Atelier territorial — secteur Nord",
    },
  ],
};

function renderForm(initiative: InitiativeView | null = null, overrides: Record<string, unknown> = {}) {
  const backend = {
    createInitiative: vi.fn(() => Promise.resolve("1a17a71e-0000-7000-8000-000000000009")),
    updateInitiative: vi.fn(() => Promise.resolve()),
    deleteInitiative: vi.fn(() => Promise.resolve()),
    addInitiativeSource: vi.fn(() => Promise.resolve()),
    removeInitiativeSource: vi.fn(() => Promise.resolve()),
    searchContributions: vi.fn(() =>
      Promise.resolve([{ contribution_id: "c-9", workshop_id: WORKSHOP, workshop_title: "Atelier territorial — secteur Nord", text: "Le covoiturage solidaire." }]),
    ),
    ...overrides,
  };
  const handlers = { onSaved: vi.fn(), onDeleted: vi.fn(), onClose: vi.fn(), onOpenWorkshop: vi.fn() };
  render(InitiativeForm, { initiative, diagnosticId: DIAGNOSTIC, territories: [NORTH], backend, ...handlers });
  return { backend, ...handlers, user: userEvent.setup() };
}

const field = (key: string) => screen.getByTestId(`initiative-field-${key}`) as HTMLInputElement;

describe("InitiativeForm", () => {
  it("creates an initiative from every field, Enter in a field saving", async () => {
    const { backend, onSaved, user } = renderForm();
    await user.type(field("name"), "Épicerie solidaire");
    await user.selectOptions(field("legal_form"), "scic");
    await user.type(field("sector"), "Alimentation");
    await user.type(field("commune"), "l'union");
    await user.click(screen.getByTestId("initiative-territory-suggestion"));
    expect(field("territory").value, "the commune's territory is proposed, then chosen").toBe(NORTH.id);
    await user.type(field("jobs"), "4,5");
    await user.type(field("contact"), "06 11 22 33 44");
    await user.type(field("description"), "Paniers à prix solidaires{Enter}");
    await user.click(field("sector"));
    await user.keyboard("{Enter}");
    expect(backend.createInitiative).toHaveBeenCalledWith(
      DIAGNOSTIC,
      {
        name: "Épicerie solidaire",
        legal_form: "scic",
        sector: "Alimentation",
        commune: "l'union",
        territory_id: NORTH.id,
        jobs: 5,
        contact: "06 11 22 33 44",
        description: "Paniers à prix solidaires\n",
      },
      null,
    );
    expect(onSaved).toHaveBeenCalledWith("1a17a71e-0000-7000-8000-000000000009");
  });

  it("marks the contact as personal data", () => {
    renderForm();
    expect(screen.getByTestId("initiative-contact-personal")).toHaveTextContent("donnée personnelle");
    expect(field("contact")).toHaveAccessibleDescription(/exports nominatifs/);
  });

  it("refuses a nameless initiative or unreadable jobs without calling the engine, keeping what was typed", async () => {
    const { backend, user } = renderForm();
    await user.type(field("jobs"), "beaucoup{Enter}");
    expect(screen.getByTestId("initiative-name-problem")).toHaveTextContent("Donnez un nom");
    expect(document.activeElement).toBe(field("name"));
    await user.type(field("name"), "La Ruche{Enter}");
    expect(screen.getByTestId("initiative-jobs-problem")).toHaveTextContent("« beaucoup » n'est pas un nombre d'emplois");
    expect(document.activeElement).toBe(field("jobs"));
    expect(field("jobs").value, "the typed jobs stay, to correct").toBe("beaucoup");
    expect(backend.createInitiative).not.toHaveBeenCalled();
  });

  it("shows the engine's refusal and keeps every field as typed", async () => {
    const { user } = renderForm(null, {
      createInitiative: vi.fn(() => Promise.reject(new ApiError("invalid_input", "Le nombre d'emplois semble faux (plus d'un million)."))),
    });
    await user.type(field("name"), "Géante");
    await user.type(field("jobs"), "2000000{Enter}");
    expect(await screen.findByTestId("initiative-edit-error")).toHaveTextContent("semble faux");
    expect(field("name").value).toBe("Géante");
    expect(field("jobs").value).toBe("2000000");
  });

  it("lists the sources as « cité dans l'atelier » with the contribution, and opens the workshop", async () => {
    const { onOpenWorkshop, user } = renderForm(REGIE);
    const source = screen.getByTestId("initiative-source");
    expect(source).toHaveTextContent("cité dans l'atelier Atelier territorial — secteur Nord");
    expect(within(source).getByTestId("initiative-source-text")).toHaveTextContent("emploie 35 personnes");
    await user.click(within(source).getByTestId("initiative-source-open"));
    expect(onOpenWorkshop).toHaveBeenCalledWith(WORKSHOP);
  });

  it("links a contribution found by its words as a new source", async () => {
    const { backend, onSaved, user } = renderForm(REGIE);
    await user.type(screen.getByTestId("initiative-source-search"), "covoiturage{Enter}");
    expect(backend.searchContributions).toHaveBeenCalledWith(DIAGNOSTIC, "covoiturage");
    await user.click(await screen.findByTestId("initiative-source-hit"));
    expect(backend.addInitiativeSource).toHaveBeenCalledWith(REGIE.id, "c-9");
    expect(onSaved, "the screen reloads the sources").toHaveBeenCalledWith(REGIE.id, "source");
    await vi.waitFor(() =>
      expect(document.activeElement, "the keyboard stays in the search, for another source").toBe(screen.getByTestId("initiative-source-search")),
    );
  });

  it("unlinks a source linked by mistake", async () => {
    const { backend, onSaved, user } = renderForm(REGIE);
    await user.click(screen.getByTestId("initiative-source-remove"));
    expect(backend.removeInitiativeSource).toHaveBeenCalledWith(REGIE.id, REGIE.sources[0]!.contribution_id);
    expect(onSaved).toHaveBeenCalledWith(REGIE.id, "source-removed");
  });

  it("warns before Escape drops unsaved changes, and closes on a second Escape", async () => {
    const { onClose, user } = renderForm(REGIE);
    await user.type(field("sector"), " à domicile");
    await user.keyboard("{Escape}");
    expect(screen.getByTestId("initiative-discard-warning")).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
    await user.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalled();
  });

  it("reads jobs typed the French way and finds a commune's territory", () => {
    expect(readJobs(" 1 200 ")).toEqual({ jobs: 1200 });
    expect(readJobs("")).toEqual({ jobs: null });
    expect(readJobs("-3")).toHaveProperty("problem");
    expect(territoryOfCommune("aucamville", [NORTH])?.name).toBe("Secteur Nord");
    expect(territoryOfCommune("Blagnac", [NORTH])).toBeNull();
  });
});

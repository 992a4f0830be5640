import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api";
import type { InitiativeFields } from "../bindings/InitiativeFields";
import { demoOverview } from "../../fixtures/demo";
import ContributionInitiativeForm from "./ContributionInitiativeForm.svelte";

const NORTH = demoOverview.territories[0]!;

function renderForm(onSave: (fields: InitiativeFields) => Promise<void> = vi.fn(async () => {})) {
  const onCancel = vi.fn();
  render(ContributionInitiativeForm, {
    idPrefix: "initiative-test",
    communes: NORTH.communes,
    territories: demoOverview.territories,
    onSave,
    onCancel,
  });
  return { onSave, onCancel, user: userEvent.setup() };
}

describe("ContributionInitiativeForm", () => {
  it("opens on an empty name, with the focus there to type at once", () => {
    renderForm();
    const name = screen.getByTestId("contribution-initiative-name");
    expect(name).toHaveValue("");
    expect(document.activeElement, "the facilitator types the name straight away").toBe(name);
  });

  it("proposes the communes of the workshop's territory", () => {
    renderForm();
    const options = [...screen.getByTestId("contribution-initiative-communes").querySelectorAll("option")].map((o) => o.value);
    expect(options).toEqual(NORTH.communes);
    expect(screen.getByTestId("contribution-initiative-commune")).toHaveAttribute("list", "initiative-test-communes");
  });

  it("saves with Entrée: the name, the legal form, the commune and its territory", async () => {
    const { onSave, user } = renderForm();
    await user.keyboard("L'épicerie solidaire");
    await user.selectOptions(screen.getByTestId("contribution-initiative-legal-form"), "collectif");
    await user.type(screen.getByTestId("contribution-initiative-commune"), "Aucamville{Enter}");
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(onSave).toHaveBeenCalledWith({
      name: "L'épicerie solidaire",
      legal_form: "collectif",
      sector: "",
      commune: "Aucamville",
      // Aucamville is in the Secteur Nord only: the inventory's coverage counts it there.
      territory_id: NORTH.id,
      jobs: null,
      contact: null,
      description: "",
    });
  });

  it("saves with Entrée from the legal form's list too", async () => {
    const { onSave, user } = renderForm();
    await user.keyboard("Coop'Vélo");
    screen.getByTestId("contribution-initiative-legal-form").focus();
    await user.keyboard("{Enter}");
    expect(onSave, "Enter on a select does not submit by itself").toHaveBeenCalledTimes(1);
  });

  it("refuses an empty name with a French message, and saves nothing", async () => {
    const { onSave, user } = renderForm();
    await user.type(screen.getByTestId("contribution-initiative-commune"), "Fenouillet");
    await user.click(screen.getByTestId("contribution-initiative-save"));
    expect(screen.getByTestId("contribution-initiative-name-problem")).toHaveTextContent("Donnez un nom à l'initiative.");
    expect(onSave).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByTestId("contribution-initiative-name"));
    expect(screen.getByTestId("contribution-initiative-commune"), "the commune typed is kept").toHaveValue("Fenouillet");
  });

  it("shows the backend's error and keeps everything typed, to save again", async () => {
    const onSave = vi
      .fn<(fields: InitiativeFields) => Promise<void>>()
      .mockRejectedValueOnce(new ApiError("storage", "Le diagnostic n'a pas pu être enregistré sur le disque."))
      .mockResolvedValueOnce(undefined);
    const { user } = renderForm(onSave);
    await user.keyboard("Régie Nord");
    await user.type(screen.getByTestId("contribution-initiative-commune"), "Launaguet{Enter}");
    expect(await screen.findByTestId("contribution-initiative-error")).toHaveTextContent(
      "Le diagnostic n'a pas pu être enregistré sur le disque. Ce que vous avez tapé est conservé.",
    );
    expect(screen.getByTestId("contribution-initiative-name")).toHaveValue("Régie Nord");
    expect(screen.getByTestId("contribution-initiative-commune")).toHaveValue("Launaguet");
    await user.keyboard("{Enter}");
    expect(onSave).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId("contribution-initiative-error"), "a new try clears the old error").toBeNull();
  });

  it("cancels with Échap, saving nothing", async () => {
    const { onSave, onCancel, user } = renderForm();
    await user.keyboard("Brouillon{Escape}");
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onSave).not.toHaveBeenCalled();
  });
});

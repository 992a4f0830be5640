import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import AttendanceForm from "./AttendanceForm.svelte";

function renderForm() {
  const onAdd = vi.fn(() => Promise.resolve());
  render(AttendanceForm, { onAdd });
  return { onAdd, user: userEvent.setup() };
}

describe("AttendanceForm", () => {
  it("offers every field of the attendance row, consent not ticked", () => {
    renderForm();
    for (const testid of ["attendee-name", "attendee-organisation", "attendee-structure-type", "attendee-role", "attendee-email"]) {
      expect(screen.getByTestId(testid)).toBeInTheDocument();
    }
    const types = [...(screen.getByTestId("attendee-structure-type") as HTMLSelectElement).options].map((o) => o.text);
    expect(types).toEqual(["Association", "Coopérative", "Mutuelle", "Fondation", "Entreprise", "Collectivité", "Habitant·e", "Autre"]);
    const roles = [...(screen.getByTestId("attendee-role") as HTMLSelectElement).options].map((o) => o.text);
    expect(roles).toEqual(["Élu·e", "Technicien·ne", "Acteur·rice ESS", "Citoyen·ne"]);
    expect(screen.getByTestId("attendee-consent"), "not named unless the person agreed").not.toBeChecked();
  });

  it("adds the person with Enter from a list or the checkbox too, without the mouse", async () => {
    const { onAdd, user } = renderForm();
    await user.click(screen.getByTestId("attendee-name"));
    await user.keyboard("Bernard Roux{Tab}Mairie{Tab}");
    await user.selectOptions(screen.getByTestId("attendee-structure-type"), "collectivite");
    await user.keyboard("{Tab}");
    expect(document.activeElement).toBe(screen.getByTestId("attendee-role"));
    await user.keyboard("{Enter}");
    await vi.waitFor(() => expect(onAdd).toHaveBeenCalledTimes(1));
    expect(onAdd).toHaveBeenCalledWith({
      name: "Bernard Roux",
      organisation: "Mairie",
      structure_type: "collectivite",
      role: "acteur_ess",
      email: null,
      consent_named: false,
    });

    await user.keyboard("Amina Diallo{Tab}{Tab}{Tab}{Tab}{Tab}");
    expect(document.activeElement).toBe(screen.getByTestId("attendee-consent"));
    await user.keyboard(" {Enter}");
    await vi.waitFor(() => expect(onAdd).toHaveBeenCalledTimes(2));
    expect(onAdd).toHaveBeenLastCalledWith(expect.objectContaining({ name: "Amina Diallo", consent_named: true }));
  });
});

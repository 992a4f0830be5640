import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Backend } from "../lib/api";
import { demoOverview, fixtureBackend, NORTH_WORKSHOP_ID } from "../fixtures/demo";
import * as exchange from "../fixtures/exchange";
import InventoryScreen from "./InventoryScreen.svelte";

const TODAY = new Date("2026-11-27T11:00:00Z");

async function renderInventory(backend: Backend = fixtureBackend()) {
  const user = userEvent.setup();
  const onBack = vi.fn();
  const onOpenWorkshop = vi.fn();
  render(InventoryScreen, { overview: demoOverview, backend, onBack, onOpenWorkshop, today: TODAY });
  await screen.findAllByTestId("initiative");
  return { user, backend, onBack, onOpenWorkshop };
}

const names = () => screen.getAllByTestId("initiative-name").map((cell) => cell.textContent);

describe("InventoryScreen", () => {
  it("lists the demo's inventory and proposes the régie entered twice as a likely duplicate", async () => {
    await renderInventory();
    expect(names()).toContain("Régie de quartier Nord");
    const pairs = screen.getAllByTestId("likely-duplicate");
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toHaveTextContent("à Aucamville");
  });

  it("merges the pair with the keyboard and keeps the sources of both records", async () => {
    const { user } = await renderInventory();
    screen.getByTestId("likely-duplicate").focus();
    await user.keyboard("1{Enter}");
    expect(await screen.findByTestId("inventory-status")).toHaveTextContent("fusionnée dans");
    expect(screen.queryByTestId("likely-duplicate"), "nothing left to propose").toBeNull();
    expect(names().filter((name) => name?.toLowerCase().startsWith("régie"))).toHaveLength(1);
    const regie = screen.getAllByTestId("initiative").find((row) => row.textContent?.includes("Régie"))!;
    expect(document.activeElement, "the keyboard lands on the record kept").toBe(regie);
    await user.keyboard("{Enter}");
    const form = await screen.findByTestId("initiative-edit");
    expect(within(form).getByTestId("initiative-field-contact"), "the empty contact was filled from the merged record").toHaveValue(
      "Nadia Ferrand, 06 12 34 56 78",
    );
    expect(within(form).getAllByTestId("initiative-source")).toHaveLength(1);
  });

  it("reopens the form of the record kept after a merge with the fields the merge filled in", async () => {
    const { user } = await renderInventory();
    const regie = screen.getAllByTestId("initiative").find((row) => row.textContent?.includes("Régie de quartier Nord"))!;
    await user.click(regie);
    expect(await screen.findByTestId("initiative-field-contact"), "no contact on this record yet").toHaveValue("");
    await user.click(screen.getByTestId("likely-duplicate-keep-second"));
    await user.click(screen.getByTestId("likely-duplicate-merge"));
    await screen.findByText(/fusionnée dans/);
    await vi.waitFor(() =>
      expect(screen.getByTestId("initiative-field-contact"), "the form shows the contact taken from the other record").toHaveValue(
        "Nadia Ferrand, 06 12 34 56 78",
      ),
    );
  });

  it("creates an initiative with Alt+N and shows it in the list, its source's workshop a click away", async () => {
    const { user, onOpenWorkshop } = await renderInventory();
    await user.keyboard("{Alt>}n{/Alt}");
    expect(document.activeElement).toBe(screen.getByTestId("initiative-field-name"));
    await user.keyboard("Recyclerie de Fenouillet{Enter}");
    expect(await screen.findByTestId("inventory-status")).toHaveTextContent("« Recyclerie de Fenouillet » ajoutée à l'inventaire.");
    expect(names()).toContain("Recyclerie de Fenouillet");

    await user.type(screen.getByTestId("initiative-source-search"), "café{Enter}");
    await user.click(await screen.findByTestId("initiative-source-hit"));
    const source = await screen.findByTestId("initiative-source");
    expect(screen.getByTestId("inventory-status")).toHaveTextContent("Source ajoutée à « Recyclerie de Fenouillet ».");
    expect(source).toHaveTextContent("cité dans l'atelier Atelier territorial — secteur Nord");
    await user.click(within(source).getByTestId("initiative-source-open"));
    expect(onOpenWorkshop).toHaveBeenCalledWith(NORTH_WORKSHOP_ID);
  });

  it("focuses the filter with / and goes back with Escape outside a field", async () => {
    const { user, onBack } = await renderInventory();
    await user.keyboard("/");
    expect(document.activeElement).toBe(screen.getByTestId("initiative-filter"));
    await user.keyboard("cocagne");
    expect(names()).toEqual(["Les Jardins de Cocagne"]);
    expect(onBack, "Escape in the filter belongs to the field").not.toHaveBeenCalled();
    (document.activeElement as HTMLElement).blur();
    await user.keyboard("{Escape}");
    expect(onBack).toHaveBeenCalled();
  });

  it("exports the inventory, anonymous by default, and asks before replacing a file", async () => {
    const { user } = await renderInventory();
    const path = (await screen.findByTestId("inventory-export-path")) as HTMLInputElement;
    expect(path.value, "in the documents, dated, marked anonymous").toMatch(
      new RegExp(`^${exchange.EXPORT_FOLDER}/inventaire-diagnostic-collaboratif-[a-z0-9-]+-2026-11-27-anonyme\\.csv$`),
    );
    await user.click(screen.getByTestId("inventory-export-run"));
    expect(await screen.findByTestId("inventory-export-done")).toHaveTextContent(path.value);
    await user.click(screen.getByTestId("inventory-export-run"));
    expect(await screen.findByTestId("inventory-export-exists")).toHaveTextContent("existe déjà");
    expect(document.activeElement).toBe(screen.getByTestId("inventory-export-replace"));
  });
});

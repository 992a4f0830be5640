import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import App from "./App.svelte";
import { ApiError, type Backend } from "./lib/api";
import { DEMO_ID, emptyOverview, fixtureBackend, NORTH_WORKSHOP_ID } from "./fixtures/demo";

async function renderApp(backend: Backend = fixtureBackend()) {
  const user = userEvent.setup();
  render(App, { backend });
  await screen.findByTestId("diagnostic-title");
  return { user, backend };
}

describe("App: home", () => {
  it("loads the current diagnostic and lists all diagnostics, the demo marked", async () => {
    await renderApp();
    expect(screen.getByTestId("diagnostic-title")).toHaveTextContent("Diagnostic collaboratif de l'ESS au Grand Toulouse");
    const switcher = screen.getByTestId("diagnostic-switch") as HTMLSelectElement;
    expect([...switcher.options].map((o) => o.textContent)).toEqual([
      "Diagnostic collaboratif de l'ESS au Grand Toulouse (démo)",
      "Diagnostic ESS 2026",
    ]);
    expect(switcher.value).toBe(DEMO_ID);
  });

  it("shows a loading state until the backend answers", async () => {
    render(App, { backend: fixtureBackend({ latency: 50 }) });
    expect(screen.getByTestId("loading")).toHaveTextContent("Chargement");
    await screen.findByTestId("diagnostic-title");
    expect(screen.queryByTestId("loading")).toBeNull();
  });

  it("switches diagnostic from the select", async () => {
    const { user } = await renderApp();
    await user.selectOptions(screen.getByTestId("diagnostic-switch"), emptyOverview.id);
    await vi.waitFor(() => expect(screen.getByTestId("diagnostic-title")).toHaveTextContent("Diagnostic ESS 2026"));
    expect(screen.getByText("Aucun atelier planifié.")).toBeInTheDocument();
  });

  it("keeps the open diagnostic selected and shows the error when switching fails", async () => {
    const backend = fixtureBackend();
    backend.openDiagnostic = () => Promise.reject({ code: "storage", message: "Le disque est plein." });
    const { user } = await renderApp(backend);
    const switcher = screen.getByTestId("diagnostic-switch") as HTMLSelectElement;
    await user.selectOptions(switcher, emptyOverview.id);
    const banner = await screen.findByRole("alert");
    expect(banner).toHaveTextContent("Le disque est plein.");
    expect(banner).toHaveAttribute("data-code", "storage");
    expect(switcher.value).toBe(DEMO_ID);
    expect(screen.getByTestId("diagnostic-title")).toHaveTextContent("Grand Toulouse");
  });

  it("shows a backend failure at start in a French alert banner", async () => {
    const backend = fixtureBackend();
    backend.currentDiagnostic = () => Promise.reject(new ApiError("storage", "Impossible de lire la base de données."));
    render(App, { backend });
    expect(await screen.findByRole("alert")).toHaveTextContent("Impossible de lire la base de données.");
    expect(screen.getByTestId("no-diagnostic")).toBeInTheDocument();
  });

  it("retries after a failure at start", async () => {
    const user = userEvent.setup();
    const backend = fixtureBackend();
    const working = backend.currentDiagnostic;
    backend.currentDiagnostic = vi
      .fn<Backend["currentDiagnostic"]>()
      .mockRejectedValueOnce({ code: "storage", message: "Base verrouillée." })
      .mockImplementation(working);
    render(App, { backend });
    await user.click(await screen.findByTestId("retry"));
    expect(await screen.findByTestId("diagnostic-title")).toHaveTextContent("Grand Toulouse");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("treats “no current diagnostic” as a first start, not an error", async () => {
    const backend = fixtureBackend();
    backend.currentDiagnostic = () => Promise.reject({ code: "not_found", message: "Aucun diagnostic." });
    render(App, { backend });
    expect(await screen.findByTestId("no-diagnostic")).toHaveTextContent("Aucun diagnostic ouvert");
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("App: new diagnostic", () => {
  it("refuses an empty title with a French message, without calling the backend", async () => {
    const backend = fixtureBackend();
    const create = vi.spyOn(backend, "createDiagnostic");
    const { user } = await renderApp(backend);
    await user.click(screen.getByTestId("diagnostic-new"));
    expect(screen.getByTestId("diagnostic-new-title")).toHaveFocus();
    await user.type(screen.getByTestId("diagnostic-new-title"), "   ");
    await user.click(screen.getByTestId("diagnostic-new-submit"));
    expect(screen.getByTestId("diagnostic-new-error")).toHaveTextContent("Donnez un titre au diagnostic");
    expect(screen.getByTestId("diagnostic-new-title")).toHaveAttribute("aria-invalid", "true");
    expect(create).not.toHaveBeenCalled();
  });

  it("shows the backend's invalid_input message when it refuses the title", async () => {
    const backend = fixtureBackend();
    backend.createDiagnostic = () =>
      Promise.reject({ code: "invalid_input", message: "Un diagnostic porte déjà ce titre." });
    const { user } = await renderApp(backend);
    await user.click(screen.getByTestId("diagnostic-new"));
    await user.type(screen.getByTestId("diagnostic-new-title"), "Diagnostic ESS 2026{Enter}");
    expect(await screen.findByTestId("diagnostic-new-error")).toHaveTextContent("Un diagnostic porte déjà ce titre.");
    expect(screen.queryByTestId("error-banner")).toBeNull();
    expect(screen.getByTestId("diagnostic-new-form")).toBeInTheDocument();
  });

  it("shows other failures in the banner", async () => {
    const backend = fixtureBackend();
    backend.createDiagnostic = () => Promise.reject({ code: "storage", message: "Écriture impossible." });
    const { user } = await renderApp(backend);
    await user.click(screen.getByTestId("diagnostic-new"));
    await user.type(screen.getByTestId("diagnostic-new-title"), "Diagnostic 2027{Enter}");
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("Écriture impossible.");
  });

  it("creates with Enter, opens the new diagnostic and adds it to the switcher", async () => {
    const { user } = await renderApp();
    await user.click(screen.getByTestId("diagnostic-new"));
    await user.type(screen.getByTestId("diagnostic-new-title"), "  Diagnostic Nord 2026 {Enter}");
    await vi.waitFor(() => expect(screen.getByTestId("diagnostic-title")).toHaveTextContent("Diagnostic Nord 2026"));
    expect(screen.queryByTestId("diagnostic-new-form")).toBeNull();
    const switcher = screen.getByTestId("diagnostic-switch") as HTMLSelectElement;
    await vi.waitFor(() => expect(switcher.selectedOptions[0]).toHaveTextContent("Diagnostic Nord 2026"));
    expect(screen.getByText("Aucun enjeu pour l'instant.")).toBeInTheDocument();
  });

  it("cancels with Escape and gives the focus back to the button", async () => {
    const { user } = await renderApp();
    await user.click(screen.getByTestId("diagnostic-new"));
    await user.type(screen.getByTestId("diagnostic-new-title"), "Brouillon");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("diagnostic-new-form")).toBeNull();
    await vi.waitFor(() => expect(screen.getByTestId("diagnostic-new")).toHaveFocus());
    expect(screen.getByTestId("diagnostic-title")).toHaveTextContent("Grand Toulouse");
  });
});

describe("App: planning a workshop", () => {
  it("plans a workshop from the home screen, then opens it with its agenda", async () => {
    const { user } = await renderApp();
    await user.click(screen.getByTestId("workshop-new"));
    expect(await screen.findAllByTestId("agenda-row")).toHaveLength(7);
    expect(document.title).toBe("Planifier un atelier — Récolte");
    await user.click(screen.getByTestId("plan-kind-thematic"));
    await user.selectOptions(screen.getByTestId("plan-theme"), "Entrepreneuriat solidaire");
    await user.click(screen.getByTestId("plan-submit"));
    expect(await screen.findByTestId("workshop-title")).toHaveTextContent("Atelier thématique — Entrepreneuriat solidaire");
    expect(screen.getAllByTestId("phase")).toHaveLength(7);
    await vi.waitFor(() => expect(screen.getByTestId("capture-input")).toHaveFocus());

    await user.keyboard("{Alt>}{ArrowLeft}{/Alt}");
    const rows = await screen.findAllByTestId("workshop");
    expect(rows.some((row) => row.textContent?.includes("Atelier thématique — Entrepreneuriat solidaire"))).toBe(true);
  });

  it("edits a workshop's plan from its screen and comes back to it", async () => {
    const { user } = await renderApp();
    await user.click(screen.getAllByTestId("workshop-open")[0]!);
    await user.click(await screen.findByTestId("workshop-edit-plan"));
    const title = (await screen.findByTestId("plan-title")) as HTMLInputElement;
    await vi.waitFor(() => expect(title.value).toBe("Atelier territorial — secteur Nord"));
    await user.clear(title);
    await user.type(title, "Atelier Nord, première séance");
    await user.click(screen.getByTestId("plan-submit"));
    expect(await screen.findByTestId("workshop-title")).toHaveTextContent("Atelier Nord, première séance");
  });
});

describe("App: workshop", () => {
  it("opens a workshop, then goes back home with Alt+Left, focus on the workshop it came from", async () => {
    const { user } = await renderApp();
    await user.click(screen.getAllByTestId("workshop-open")[0]!);
    expect(await screen.findByTestId("workshop-title")).toHaveTextContent("Atelier territorial — secteur Nord");
    expect(screen.getAllByTestId("contribution")).toHaveLength(8);
    expect(document.title).toBe("Atelier territorial — secteur Nord — Récolte");

    // The keyboard is in the capture bar, where Escape belongs to the text being typed.
    await user.keyboard("{Escape}");
    expect(screen.getByTestId("workshop-title")).toBeInTheDocument();
    await user.keyboard("{Alt>}{ArrowLeft}{/Alt}");
    expect(await screen.findByTestId("diagnostic-title")).toBeInTheDocument();
    expect(screen.queryByTestId("workshop-title")).toBeNull();
    const north = screen
      .getAllByTestId("workshop-open")
      .find((b) => b.dataset.workshopId === NORTH_WORKSHOP_ID);
    await vi.waitFor(() => expect(north).toHaveFocus());
  });

  it("shows a failure to load a workshop and still offers the way back", async () => {
    const backend = fixtureBackend();
    backend.workshopDetail = () => Promise.reject({ code: "not_found", message: "Cet atelier n'existe plus." });
    const { user } = await renderApp(backend);
    await user.click(screen.getAllByTestId("workshop-open")[0]!);
    expect(await screen.findByRole("alert")).toHaveTextContent("Cet atelier n'existe plus.");
    await user.click(screen.getByTestId("back-home"));
    expect(await screen.findByTestId("diagnostic-title")).toBeInTheDocument();
  });

  it("drops a slow workshop answer that arrives after going back", async () => {
    const backend = fixtureBackend();
    let answer: (value: Awaited<ReturnType<Backend["workshopDetail"]>>) => void = () => {};
    const inner = backend.workshopDetail;
    backend.workshopDetail = () => new Promise((resolve) => (answer = resolve));
    const { user } = await renderApp(backend);
    await user.click(screen.getAllByTestId("workshop-open")[0]!);
    await user.click(await screen.findByTestId("back-home"));
    answer(await inner(NORTH_WORKSHOP_ID));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByTestId("workshop-title")).toBeNull();
    expect(within(document.body).getByTestId("diagnostic-title")).toBeInTheDocument();
  });
});

describe("App: files and conflicts", () => {
  it("opens the files screen from the header and comes back", async () => {
    const { user } = await renderApp();
    await user.click(screen.getByTestId("sync-open"));
    expect(await screen.findByTestId("files-title")).toHaveTextContent("Synchroniser et échanger des fichiers");
    expect(screen.getByTestId("sync-open")).toHaveAttribute("aria-current", "page");
    expect(document.title).toBe("Synchroniser — Récolte");
    await user.click(screen.getByTestId("back-home"));
    expect(await screen.findByTestId("diagnostic-title")).toBeInTheDocument();
  });

  it("shows how many conflicts are open in the header", async () => {
    await renderApp();
    await vi.waitFor(() => expect(screen.getByTestId("conflicts-count")).toHaveTextContent("3"));
    expect(screen.getByTestId("conflicts-open")).toHaveAccessibleName("Conflits : 3 conflits à examiner");
  });

  it("shows no count when there is no conflict", async () => {
    const backend = fixtureBackend();
    backend.listConflicts = async () => [];
    await renderApp(backend);
    await vi.waitFor(() =>
      expect(screen.getByTestId("conflicts-open")).toHaveAccessibleName("Conflits : aucun conflit à examiner"),
    );
    expect(screen.queryByTestId("conflicts-count")).toBeNull();
  });

  it("refreshes the conflicts and the header count after a decision", async () => {
    const { user } = await renderApp();
    await user.click(screen.getByTestId("conflicts-open"));
    await vi.waitFor(() => expect(screen.getAllByTestId("conflict")).toHaveLength(3));
    await user.click(screen.getAllByTestId("conflict-keep-other")[0]!);
    await vi.waitFor(() => expect(screen.getAllByTestId("conflict")).toHaveLength(2));
    expect(screen.getByTestId("conflicts-count")).toHaveTextContent("2");
  });

  it("reloads the diagnostics, the open one and the conflicts after a sync", async () => {
    const backend = fixtureBackend();
    const list = vi.spyOn(backend, "listDiagnostics");
    const current = vi.spyOn(backend, "currentDiagnostic");
    const conflicts = vi.spyOn(backend, "listConflicts");
    const { user } = await renderApp(backend);
    await user.click(screen.getByTestId("sync-open"));
    await user.click(await screen.findByTestId("sync-run"));
    await screen.findByTestId("sync-summary");
    await vi.waitFor(() => expect(conflicts).toHaveBeenCalledTimes(2));
    expect(list).toHaveBeenCalledTimes(2);
    expect(current).toHaveBeenCalledTimes(2);
  });

  it("exports a workshop from its screen, preselected", async () => {
    const { user } = await renderApp();
    await user.click(screen.getAllByTestId("workshop-open")[0]!);
    await user.click(await screen.findByTestId("workshop-export"));
    const scope = (await screen.findByTestId("export-scope")) as HTMLSelectElement;
    expect(scope.value).toBe(NORTH_WORKSHOP_ID);
  });
});

import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api";
import type { CaptureOutcome } from "../bindings/CaptureOutcome";
import type { CapturePreview } from "../bindings/CapturePreview";
import { categories, stakes } from "../../fixtures/demo";
import CaptureBar from "./CaptureBar.svelte";

const WORKSHOP = "0196f0a0-0000-7000-8000-000000000001";

function outcome(text: string, warnings: string[] = []): CaptureOutcome {
  return {
    contribution: { id: `id-${text}`, text, category_id: null, phase_id: null, stake_ids: [], attribution: { kind: "anonymous" } },
    warnings,
  };
}

/** A promise the test settles when it chooses: the backend "still saving" meanwhile. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function renderBar(overrides: Partial<Parameters<typeof makeBackend>[0]> = {}) {
  const backend = makeBackend(overrides);
  const props = {
    workshopId: WORKSHOP,
    backend,
    onCaptured: vi.fn(),
    onPhaseStep: vi.fn(),
    onRecallLast: vi.fn(),
  };
  render(CaptureBar, props);
  const input = screen.getByTestId("capture-input") as HTMLInputElement;
  const state = screen.getByTestId("save-state");
  return { ...props, input, state, user: userEvent.setup() };
}

function makeBackend({
  capture = (_: string, line: string) => Promise.resolve(outcome(line)),
  draft = null as string | null,
  saveDraft = (_: string, _text: string) => Promise.resolve(),
} = {}) {
  return {
    captureContribution: vi.fn(capture),
    saveCaptureDraft: vi.fn(saveDraft),
    captureDraft: vi.fn(() => Promise.resolve(draft)),
  };
}

describe("CaptureBar", () => {
  it("is ready with the keyboard in it", () => {
    const { input, state } = renderBar();
    expect(document.activeElement).toBe(input);
    expect(state).toHaveTextContent("Prêt");
  });

  it("says Enregistré only once the backend confirmed the line, and empties the bar then", async () => {
    const saving = deferred<CaptureOutcome>();
    const { input, state, user, backend, onCaptured } = renderBar({ capture: () => saving.promise });
    await user.type(input, "b: Un lieu ressource #3{Enter}");

    expect(backend.captureContribution).toHaveBeenCalledWith(WORKSHOP, "b: Un lieu ressource #3");
    expect(state).toHaveTextContent("Enregistrement…");
    expect(state).not.toHaveTextContent("Enregistré ✓");
    expect(input.value).toBe("b: Un lieu ressource #3");
    expect(onCaptured).not.toHaveBeenCalled();

    saving.resolve(outcome("Un lieu ressource"));
    await vi.waitFor(() => expect(state).toHaveTextContent("Enregistré ✓"));
    expect(input.value).toBe("");
    expect(onCaptured).toHaveBeenCalledWith(outcome("Un lieu ressource"));
    expect(state).toHaveAttribute("data-saved-count", "1");
  });

  it("keeps the text in the bar when saving fails, says why, and saves it on the next Enter", async () => {
    let attempts = 0;
    const { input, state, user, onCaptured } = renderBar({
      capture: (_, line) =>
        ++attempts === 1
          ? Promise.reject(new ApiError("storage", "Le disque est plein."))
          : Promise.resolve(outcome(line)),
    });
    await user.type(input, "Les locaux sont trop chers{Enter}");

    await vi.waitFor(() => expect(state).toHaveTextContent("Non enregistré"));
    expect(input.value).toBe("Les locaux sont trop chers");
    expect(screen.getByTestId("capture-failure")).toHaveTextContent("Le disque est plein.");
    expect(onCaptured).not.toHaveBeenCalled();
    expect(input).toHaveAttribute("aria-invalid", "true");

    await user.type(input, "{Enter}");
    await vi.waitFor(() => expect(state).toHaveTextContent("Enregistré ✓"));
    expect(input.value).toBe("");
    expect(screen.queryByTestId("capture-failure")).toBeNull();
  });

  it("keeps what is typed while the previous line is being saved, and saves it on Enter after", async () => {
    const first = deferred<CaptureOutcome>();
    const { input, state, user, backend } = renderBar({
      capture: (_, line) => (line === "Première idée" ? first.promise : Promise.resolve(outcome(line))),
    });
    await user.type(input, "Première idée{Enter}");
    await user.type(input, " Seconde idée{Enter}");
    expect(backend.captureContribution).toHaveBeenCalledTimes(1);

    first.resolve(outcome("Première idée"));
    await vi.waitFor(() => expect(backend.captureContribution).toHaveBeenCalledTimes(2));
    expect(backend.captureContribution).toHaveBeenLastCalledWith(WORKSHOP, "Seconde idée");
    await vi.waitFor(() => expect(state).toHaveAttribute("data-saved-count", "2"));
    expect(input.value).toBe("");
  });

  it("does not send an empty line", async () => {
    const { input, user, backend } = renderBar();
    await user.type(input, "   {Enter}");
    expect(backend.captureContribution).not.toHaveBeenCalled();
  });

  it("shows the markers the backend could not read", async () => {
    const { input, user } = renderBar({
      capture: (_, line) => Promise.resolve(outcome(line, ["« #9 » : les enjeux sont numérotés de 1 à 6."])),
    });
    await user.type(input, "Idée #9{Enter}");
    expect(await screen.findByTestId("capture-warnings")).toHaveTextContent("les enjeux sont numérotés de 1 à 6");
  });

  it("keeps the line being typed once typing pauses, and no longer after it was captured", async () => {
    const { input, user, backend } = renderBar();
    await user.type(input, "b: Un lieu");
    await vi.waitFor(() => expect(backend.saveCaptureDraft).toHaveBeenCalledWith(WORKSHOP, "b: Un lieu"), { timeout: 1000 });
    expect(backend.saveCaptureDraft).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(input).toHaveAttribute("data-draft-state", "saved"));

    await user.type(input, " ressource{Enter}");
    await vi.waitFor(() => expect(backend.captureContribution).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(backend.saveCaptureDraft).toHaveBeenCalledTimes(1);
  });

  it("sends a draft save made before a capture first, so the capture clears it last", async () => {
    const order: string[] = [];
    const draftSaving = deferred<void>();
    const { input, user } = renderBar({
      saveDraft: (_, text) => (order.push(`draft:${text}`), draftSaving.promise),
      capture: (_, line) => (order.push(`capture:${line}`), Promise.resolve(outcome(line))),
    });
    await user.type(input, "Une idée");
    await vi.waitFor(() => expect(order).toEqual(["draft:Une idée"]), { timeout: 1000 });
    await user.type(input, "{Enter}");
    expect(order).toEqual(["draft:Une idée"]);
    draftSaving.resolve();
    await vi.waitFor(() => expect(order).toEqual(["draft:Une idée", "capture:Une idée"]));
  });

  it("restores the line typed before the app stopped, unless something was typed since", async () => {
    renderBar({ draft: "d: Les bénévoles s'épu" });
    const input = screen.getByTestId("capture-input") as HTMLInputElement;
    await vi.waitFor(() => expect(input.value).toBe("d: Les bénévoles s'épu"));
    expect(screen.getByTestId("draft-restored")).toBeInTheDocument();
  });

  it("changes phase with Alt+Up and Alt+Down, and goes to the last contribution with Up in an empty bar", async () => {
    const { input, user, onPhaseStep, onRecallLast } = renderBar();
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    expect(onPhaseStep).toHaveBeenLastCalledWith(1);
    await user.keyboard("{Alt>}{ArrowUp}{/Alt}");
    expect(onPhaseStep).toHaveBeenLastCalledWith(-1);
    await user.keyboard("{ArrowUp}");
    expect(onRecallLast).toHaveBeenCalledTimes(1);
    await user.type(input, "texte{ArrowUp}");
    expect(onRecallLast).toHaveBeenCalledTimes(1);
  });
});

describe("CaptureBar live preview", () => {
  const BESOIN = categories.find((category) => category.code === "besoin")!;

  function preview(line: string, overrides: Partial<CapturePreview> = {}): CapturePreview {
    return { text: line, category_id: null, stake_ids: [], attributed_to: null, warnings: [], ...overrides };
  }

  function renderWithPreview(read: (workshopId: string, line: string) => Promise<CapturePreview>) {
    const backend = { ...makeBackend(), capturePreview: vi.fn(read) };
    render(CaptureBar, {
      workshopId: WORKSHOP,
      backend,
      onCaptured: vi.fn(),
      onPhaseStep: vi.fn(),
      onRecallLast: vi.fn(),
      categories,
      stakes,
    });
    const input = screen.getByTestId("capture-input") as HTMLInputElement;
    return { backend, input, box: screen.getByTestId("capture-preview"), user: userEvent.setup() };
  }

  it("shows what the markers resolve to once typing pauses, asking once for the whole line", async () => {
    const { backend, input, box, user } = renderWithPreview((_, line) =>
      Promise.resolve(
        preview("Un lieu ressource", { category_id: BESOIN.id, stake_ids: [stakes[2]!.id], attributed_to: "Association" }),
      ).then((result) => ({ ...result, text: line })),
    );
    await user.type(input, "b: Un lieu ressource #3 @asso");
    await vi.waitFor(() => expect(box).toHaveAttribute("data-line", "b: Un lieu ressource #3 @asso"));
    expect(backend.capturePreview, "debounced: not one call per key").toHaveBeenCalledTimes(1);
    expect(backend.capturePreview).toHaveBeenCalledWith(WORKSHOP, "b: Un lieu ressource #3 @asso");
    expect(within(box).getByTestId("capture-preview-category")).toHaveTextContent("Besoin");
    expect(within(box).getByTestId("capture-preview-stakes")).toHaveTextContent("#3 Mieux accompagner l'entrepreneuriat solidaire");
    expect(within(box).getByTestId("capture-preview-attribution")).toHaveTextContent("Association");
  });

  it("says anonymous and shows unread markers, and empties with the bar", async () => {
    const { input, box, user } = renderWithPreview((_, line) =>
      Promise.resolve(preview(line, { warnings: ["« @zzz » ne correspond à aucun type de structure ni à aucune personne présente."] })),
    );
    await user.type(input, "Mutualiser @zzz");
    await vi.waitFor(() => expect(within(box).getByTestId("capture-preview-attribution")).toHaveTextContent("Anonyme"));
    expect(within(box).getByTestId("capture-preview-category")).toHaveTextContent("Sans catégorie");
    expect(within(box).getByTestId("capture-preview-warning")).toHaveTextContent("« @zzz »");
    await user.clear(input);
    await vi.waitFor(() => expect(box).toHaveAttribute("data-line", ""));
    expect(within(box).queryByTestId("capture-preview-category")).toBeNull();
  });

  it("drops an answer that comes back after the line changed", async () => {
    const slow = deferred<CapturePreview>();
    const { backend, input, box, user } = renderWithPreview((_, line) =>
      line === "a: Tissu" ? slow.promise : Promise.resolve(preview(line)),
    );
    await user.type(input, "a: Tissu");
    await vi.waitFor(() => expect(backend.capturePreview).toHaveBeenCalledTimes(1));
    await user.type(input, " dense");
    await vi.waitFor(() => expect(box).toHaveAttribute("data-line", "a: Tissu dense"));
    slow.resolve(preview("Tissu", { category_id: categories[1]!.id }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(box, "the newer line's preview stays").toHaveAttribute("data-line", "a: Tissu dense");
  });

  it("clears the preview once the line is saved", async () => {
    const { input, box, user } = renderWithPreview((_, line) => Promise.resolve(preview(line)));
    await user.type(input, "Une idée");
    await vi.waitFor(() => expect(box).toHaveAttribute("data-line", "Une idée"));
    await user.type(input, "{Enter}");
    await vi.waitFor(() => expect(screen.getByTestId("save-state")).toHaveTextContent("Enregistré ✓"));
    expect(box).toHaveAttribute("data-line", "");
  });

  it("shows no preview line when the backend cannot preview", () => {
    renderBar();
    expect(screen.queryByTestId("capture-preview")).toBeNull();
  });
});

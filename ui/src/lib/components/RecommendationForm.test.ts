import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api";
import { stakes } from "../../fixtures/demo";
import RecommendationForm, { joinAudience, splitAudience } from "./RecommendationForm.svelte";

const INITIAL = { title: "Un fonds local", body: "", audience: "Élus, bailleurs", status: "proposee" as const, stake_ids: [stakes[1]!.id] };

describe("RecommendationForm", () => {
  it("reads the usual audiences as ticks and keeps any other words as typed", () => {
    expect(splitAudience("Élus, bailleurs ; services")).toEqual({ usual: ["élus", "services"], other: "bailleurs" });
    expect(joinAudience(["services", "élus"], " région ")).toBe("élus, services, région");
    expect(joinAudience([], "")).toBe("");
  });

  it("saves what was typed with Ctrl+Enter, stakes in their order, and keeps it when refused", async () => {
    const onSave = vi.fn().mockRejectedValueOnce(new ApiError("storage", "Le disque est plein.")).mockResolvedValue(undefined);
    const user = userEvent.setup();
    render(RecommendationForm, { initial: INITIAL, stakes, heading: "Modifier", onSave, onCancel: vi.fn() });
    expect(screen.getByTestId("recommendation-audience-élus")).toBeChecked();
    expect(screen.getByTestId("recommendation-audience-other")).toHaveValue("bailleurs");
    await user.click(screen.getByTestId("recommendation-stake-1"));
    await user.selectOptions(screen.getByTestId("recommendation-status-input"), "retenue");
    await user.click(screen.getByTestId("recommendation-title-input"));
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(await screen.findByTestId("recommendation-form-error")).toHaveTextContent("Le disque est plein.");
    expect(screen.getByTestId("recommendation-title-input"), "nothing typed is lost").toHaveValue("Un fonds local");
    await user.click(screen.getByTestId("recommendation-save"));
    expect(onSave).toHaveBeenLastCalledWith({
      title: "Un fonds local",
      body: "",
      audience: "élus, bailleurs",
      status: "retenue",
      stake_ids: [stakes[0]!.id, stakes[1]!.id],
    });
  });

  it("cancels with Escape", async () => {
    const onCancel = vi.fn();
    const user = userEvent.setup();
    render(RecommendationForm, { initial: INITIAL, stakes, heading: "Modifier", onSave: vi.fn(), onCancel });
    await user.keyboard("{Escape}");
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});

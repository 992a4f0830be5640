import { describe, expect, it } from "vitest";
import type { ParticipantRole } from "./bindings/ParticipantRole";
import type { StructureType } from "./bindings/StructureType";
import {
  CATEGORY_TONES,
  attributionLabel,
  categoryTone,
  participantRoleLabel,
  structureTypeLabel,
  workshopKindLabel,
} from "./labels";

describe("French labels", () => {
  it.each<[StructureType, string]>([
    ["association", "Association"],
    ["cooperative", "Coopérative"],
    ["mutuelle", "Mutuelle"],
    ["fondation", "Fondation"],
    ["entreprise", "Entreprise"],
    ["collectivite", "Collectivité"],
    ["habitant", "Habitant·e"],
    ["autre", "Autre"],
  ])("structure type %s is “%s”", (code, label) => {
    expect(structureTypeLabel(code)).toBe(label);
  });

  it.each<[ParticipantRole, string]>([
    ["elu", "Élu·e"],
    ["technicien", "Technicien·ne"],
    ["acteur_ess", "Acteur·rice ESS"],
    ["citoyen", "Citoyen·ne"],
  ])("role %s is “%s”", (code, label) => {
    expect(participantRoleLabel(code)).toBe(label);
  });

  it("names both kinds of workshop", () => {
    expect(workshopKindLabel("territorial")).toBe("Territorial");
    expect(workshopKindLabel("thematic")).toBe("Thématique");
  });

  it("shows a code from a newer engine rather than “undefined”", () => {
    expect(structureTypeLabel("scic" as StructureType)).toBe("scic");
  });
});

describe("attributionLabel", () => {
  it("says Anonyme for an anonymous contribution", () => {
    expect(attributionLabel({ kind: "anonymous" })).toBe("Anonyme");
  });

  it("gives the type of structure by default", () => {
    expect(attributionLabel({ kind: "structure", structure_type: "collectivite" })).toBe("Collectivité");
  });

  it("gives a participant's name with the type of structure", () => {
    expect(
      attributionLabel({ kind: "participant", participant_id: "p1", name: "Nadia Ferrand", structure_type: "association" }),
    ).toBe("Nadia Ferrand (Association)");
  });

  it("falls back to the type of structure when the name was erased", () => {
    expect(attributionLabel({ kind: "participant", participant_id: "p1", name: null, structure_type: "habitant" })).toBe(
      "Habitant·e",
    );
    expect(attributionLabel({ kind: "participant", participant_id: "p1", name: "  ", structure_type: "autre" })).toBe(
      "Autre",
    );
  });
});

describe("categoryTone", () => {
  it("gives the usual categories fixed, distinct tones, whatever the accents or case", () => {
    expect(categoryTone("atout")).toBe("green");
    expect(categoryTone("difficulte")).toBe("red");
    expect(categoryTone("Difficulté")).toBe("red");
    const usual = ["constat", "atout", "difficulte", "besoin", "idee", "preconisation"].map(categoryTone);
    expect(new Set(usual).size).toBe(usual.length);
  });

  it("gives any other code a stable tone from the palette", () => {
    const tone = categoryTone("question-ouverte");
    expect(CATEGORY_TONES).toContain(tone);
    expect(categoryTone("question-ouverte")).toBe(tone);
  });
});

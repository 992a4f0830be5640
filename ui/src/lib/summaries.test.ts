import { describe, expect, it } from "vitest";
import type { KindCount } from "./bindings/KindCount";
import { describeChanges, describeKind, describeNewConflicts, describeOpenConflicts, fileName, KIND_NOUNS } from "./summaries";

function kind(table: string, inserted: number, updated = 0, label = "enregistrements"): KindCount {
  return { table, label, inserted, updated };
}

describe("describeKind", () => {
  it.each([
    [kind("contribution", 12, 3), "12 contributions ajoutées, 3 mises à jour"],
    [kind("contribution", 1), "1 contribution ajoutée"],
    [kind("contribution", 0, 1), "1 contribution mise à jour"],
    [kind("contribution", 0, 4), "4 contributions mises à jour"],
    [kind("contribution", 1, 1), "1 contribution ajoutée, 1 mise à jour"],
    [kind("workshop", 2, 1), "2 ateliers ajoutés, 1 mis à jour"],
    [kind("workshop", 1), "1 atelier ajouté"],
    [kind("stake", 0, 2), "2 enjeux mis à jour"],
    [kind("participant", 23), "23 participant·es ajouté·es"],
    [kind("participant", 1, 2), "1 participant·e ajouté·e, 2 mis·es à jour"],
    [kind("participant", 0, 1), "1 participant·e mis·e à jour"],
    [kind("organisation", 3), "3 structures ajoutées"],
    [kind("contribution_vote", 30, 2), "30 votes sur des contributions ajoutés, 2 mis à jour"],
    [kind("cluster_vote", 1), "1 vote sur un regroupement ajouté"],
  ])("%j → %s", (count, expected) => {
    expect(describeKind(count)).toBe(expected);
  });

  it("groups thousands the French way", () => {
    expect(describeKind(kind("contribution", 12345, 1200))).toBe("12\u202f345 contributions ajoutées, 1\u202f200 mises à jour");
  });

  it("names a kind it does not know by the engine's label, with nouns that need no agreement", () => {
    expect(describeKind(kind("sticker", 2, 1, "gommettes"))).toBe("gommettes : 2 ajouts, 1 mise à jour");
    expect(describeKind(kind("sticker", 0, 3, "gommettes"))).toBe("gommettes : 3 mises à jour");
  });

  it("knows every kind the engine syncs today", () => {
    const tables = [
      "diagnostic", "stake", "territory", "theme", "category", "workshop", "phase", "organisation", "participant",
      "attendance", "contribution", "contribution_stake", "cluster", "cluster_member", "contribution_vote",
      "cluster_vote", "initiative", "initiative_source", "recommendation", "recommendation_stake",
      "recommendation_source",
    ];
    for (const table of tables) expect(KIND_NOUNS[table], table).toBeDefined();
  });
});

describe("describeChanges", () => {
  it("lists records first, then the links between them, and skips kinds with no change", () => {
    const lines = describeChanges({
      kinds: [kind("attendance", 44), kind("contribution_stake", 160), kind("workshop", 3), kind("contribution_vote", 0, 0), kind("contribution", 112, 3)],
      new_conflicts: 0,
    });
    expect(lines).toEqual([
      "3 ateliers ajoutés",
      "112 contributions ajoutées, 3 mises à jour",
      "44 présences ajoutées",
      "160 enjeux de contributions ajoutés",
    ]);
  });

  it("is empty when nothing changes", () => {
    expect(describeChanges({ kinds: [], new_conflicts: 0 })).toEqual([]);
  });
});

describe("conflict counts", () => {
  it.each([
    [0, null],
    [1, "1 nouveau conflit à examiner"],
    [3, "3 nouveaux conflits à examiner"],
  ])("%i new → %s", (count, expected) => {
    expect(describeNewConflicts(count)).toBe(expected);
  });

  it.each([
    [0, "Aucun conflit à examiner"],
    [1, "1 conflit à examiner"],
    [4, "4 conflits à examiner"],
  ])("%i open → %s", (count, expected) => {
    expect(describeOpenConflicts(count)).toBe(expected);
  });
});

describe("fileName", () => {
  it.each([
    ["/home/camille/Nextcloud/diagnostic.recolte", "diagnostic.recolte"],
    ["C:\\Users\\Camille\\session.recolte", "session.recolte"],
    ["/media/camille/CLE-USB/", "CLE-USB"],
    ["session.recolte", "session.recolte"],
  ])("%s → %s", (path, expected) => {
    expect(fileName(path)).toBe(expected);
  });
});

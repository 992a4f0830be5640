import { describe, expect, it } from "vitest";
import { appendPaths, defaultExportName, joinPath, parsePathList, samePath, slug } from "./paths";

describe("parsePathList", () => {
  it("takes one path per line, trimmed, without blank lines or duplicates", () => {
    expect(parsePathList("  /a/b.recolte \n\n/c/d.recolte\r\n/a/b.recolte\n   \n/e")).toEqual([
      "/a/b.recolte",
      "/c/d.recolte",
      "/e",
    ]);
  });

  it("keeps spaces inside a path", () => {
    expect(parsePathList("/home/camille/Réseau ESS/session 1.recolte")).toEqual(["/home/camille/Réseau ESS/session 1.recolte"]);
  });

  it("is empty for blank text", () => {
    expect(parsePathList(" \n \n")).toEqual([]);
  });
});

describe("appendPaths", () => {
  it("adds picked paths as new lines and skips those already there", () => {
    expect(appendPaths("/a.recolte\n", ["/a.recolte", "/b.recolte"])).toBe("/a.recolte\n/b.recolte");
  });

  it("starts an empty field without a blank first line", () => {
    expect(appendPaths("", ["/a.recolte"])).toBe("/a.recolte");
  });

  it("leaves the text alone when nothing new was picked", () => {
    expect(appendPaths("/a.recolte  ", ["/a.recolte"])).toBe("/a.recolte  ");
  });
});

describe("session file names", () => {
  it("turns a workshop title into a file-safe slug", () => {
    expect(slug("Atelier territorial — secteur Nord")).toBe("atelier-territorial-secteur-nord");
    expect(slug("  Économie & « solidarité »  ")).toBe("economie-solidarite");
    expect(slug("???")).toBe("");
  });

  it("names the file after the workshop and the day in Paris", () => {
    // 23:30 UTC on 27 November is already the 28th in Paris.
    const lateEvening = new Date("2026-11-27T23:30:00Z");
    expect(defaultExportName("Atelier territorial — secteur Nord", lateEvening)).toBe(
      "session-atelier-territorial-secteur-nord-2026-11-28.recolte",
    );
    expect(defaultExportName(null, lateEvening)).toBe("session-diagnostic-2026-11-28.recolte");
    expect(defaultExportName("!!!", lateEvening)).toBe("session-diagnostic-2026-11-28.recolte");
  });

  it("joins a folder and a name with the folder's own separator", () => {
    expect(joinPath("/home/camille/Documents", "s.recolte")).toBe("/home/camille/Documents/s.recolte");
    expect(joinPath("/home/camille/Documents/", "s.recolte")).toBe("/home/camille/Documents/s.recolte");
    expect(joinPath("C:\\Users\\Camille\\Documents", "s.recolte")).toBe("C:\\Users\\Camille\\Documents\\s.recolte");
  });

  it("compares typed paths without their surrounding spaces, and a blank path matches nothing", () => {
    expect(samePath(" /a/b.recolte ", "/a/b.recolte")).toBe(true);
    expect(samePath("/a/b.recolte", "/a/c.recolte")).toBe(false);
    expect(samePath("", "")).toBe(false);
  });
});

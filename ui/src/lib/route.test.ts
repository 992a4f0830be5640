import { describe, expect, it } from "vitest";
import { roomRoute } from "./route";

describe("which screen a window shows", () => {
  it("shows the room view of the workshop the projector window was opened on", () => {
    expect(roomRoute("?salle=0196f0a0-1234-7abc-8def-0123456789ab")).toBe("0196f0a0-1234-7abc-8def-0123456789ab");
  });

  it("shows the facilitator's app otherwise, and for anything that is not a workshop id", () => {
    expect(roomRoute("")).toBeNull();
    expect(roomRoute("?salle=")).toBeNull();
    expect(roomRoute("?salle=<script>")).toBeNull();
    expect(roomRoute("?autre=0196f0a0-1234-7abc-8def-0123456789ab")).toBeNull();
  });
});

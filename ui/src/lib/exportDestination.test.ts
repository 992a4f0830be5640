import { describe, expect, it, vi } from "vitest";
import { ApiError } from "./api";
import { ExportDestination, type ExportDestinationOptions } from "./exportDestination.svelte";

const NO_PATH = "Indiquez où écrire le fichier : tapez son chemin, ou cliquez sur « Choisir… ».";
const EXISTS = "Un fichier existe déjà à /media/cle/inventaire.csv.";

/** An export whose proposal follows an `anonymous` option, as the inventory's does. */
function exportWith(overrides: Partial<ExportDestinationOptions> = {}) {
  const options = { anonymous: true };
  const write = vi.fn(async (destination: string, _replace: boolean) => destination);
  const pick = vi.fn(async (_current: string): Promise<string | null> => null);
  const reveal = { written: vi.fn(), asked: vi.fn() };
  const destination = new ExportDestination({
    proposal: () => `/home/camille/Documents/inventaire${options.anonymous ? "-anonyme" : ""}.csv`,
    pick,
    write,
    ...overrides,
  });
  return { destination, options, write, pick, reveal };
}

describe("ExportDestination: the proposed path", () => {
  it("follows the options until the user types a path of their own, then keeps it", () => {
    const { destination, options } = exportWith();
    expect(destination.path, "nothing typed yet: the proposal stands").toBe("/home/camille/Documents/inventaire-anonyme.csv");
    options.anonymous = false;
    expect(destination.path, "the proposal follows the option while the user has not typed").toBe("/home/camille/Documents/inventaire.csv");

    destination.path = "/media/cle/mon-inventaire.csv";
    destination.edited();
    options.anonymous = true;
    expect(destination.followsProposal, "a typed path is the user's own").toBe(false);
    expect(destination.path, "a path the user typed is never overwritten by the proposal").toBe("/media/cle/mon-inventaire.csv");
  });

  it("follows the proposal again once the user types the proposal itself", () => {
    const { destination, options } = exportWith();
    destination.path = "/media/cle/autre.csv";
    destination.path = "/home/camille/Documents/inventaire-anonyme.csv";
    options.anonymous = false;
    expect(destination.path, "the typed path was the proposal, so it moves with the option again").toBe("/home/camille/Documents/inventaire.csv");
  });

  it("keeps a picked path when the options change, and leaves the path alone when the dialog is cancelled", async () => {
    const { destination, options, pick } = exportWith();
    await destination.choose();
    expect(pick, "the dialog opens at the path shown").toHaveBeenCalledWith("/home/camille/Documents/inventaire-anonyme.csv");
    expect(destination.path, "a cancelled dialog changes nothing").toBe("/home/camille/Documents/inventaire-anonyme.csv");
    expect(destination.followsProposal, "a cancelled dialog is no choice of the user's").toBe(true);

    pick.mockResolvedValueOnce("/media/cle/choisi.csv");
    await destination.choose();
    options.anonymous = false;
    expect(destination.path, "a path the user picked is never overwritten by the proposal").toBe("/media/cle/choisi.csv");
  });
});

describe("ExportDestination: writing", () => {
  it("refuses an empty path with the French problem and calls nothing", async () => {
    const { destination, write, reveal } = exportWith();
    destination.path = "   ";
    await destination.run(false, reveal);
    expect(destination.problem, "a blank path says where to write, in French, under the field").toBe(NO_PATH);
    expect(write, "nothing can be written without a path").not.toHaveBeenCalled();
    expect(destination.written, "no confirmation for a file not written").toBeNull();
    expect(reveal.written, "there is no confirmation to move to").not.toHaveBeenCalled();
    expect(reveal.asked, "there is no question to answer").not.toHaveBeenCalled();
  });

  it("says the export's own message for an empty path when it has one", async () => {
    const noPath = "Indiquez où écrire le fichier de session : tapez son chemin, ou cliquez sur « Choisir… ».";
    const { destination, write, reveal } = exportWith({ noPath });
    destination.path = "";
    await destination.run(false, reveal);
    expect(destination.problem, "the session export names the kind of file it writes").toBe(noPath);
    expect(write, "nothing can be written without a path").not.toHaveBeenCalled();
  });

  it("refuses a path the export turns down, without calling the writer", async () => {
    const refusal = "C'est le fichier partagé.";
    const { destination, write, reveal } = exportWith({ refuse: (path) => (path === "/media/cle/partage.recolte" ? refusal : null) });
    destination.path = " /media/cle/partage.recolte ";
    await destination.run(false, reveal);
    expect(destination.problem, "the refusal is the path's problem, read on the trimmed path").toBe(refusal);
    expect(write, "a refused path never reaches the writer").not.toHaveBeenCalled();
  });

  it("writes the trimmed path without replacing and confirms; a change of option drops the confirmation", async () => {
    const { destination, write, reveal } = exportWith();
    destination.path = "  /media/cle/inventaire.csv ";
    await destination.run(false, reveal);
    expect(write, "a typed path is written without replacing: the user was not asked yet").toHaveBeenCalledWith("/media/cle/inventaire.csv", false);
    expect(destination.written, "the confirmation shows the path the writer returned").toBe("/media/cle/inventaire.csv");
    expect(reveal.written, "the reader is moved to the confirmation once it is shown").toHaveBeenCalledTimes(1);
    expect(destination.busy, "the exchange is over").toBe(false);

    destination.changed();
    expect(destination.written, "a confirmation about former options no longer holds").toBeNull();
  });

  it("asks before replacing an existing file, and replaces it only when run again with replace", async () => {
    const { destination, write, reveal } = exportWith();
    write.mockRejectedValueOnce(new ApiError("already_exists", EXISTS));
    destination.path = "/media/cle/inventaire.csv";
    await destination.run(false, reveal);
    expect(destination.exists, "the backend's message becomes the question").toBe(EXISTS);
    expect(destination.written, "nothing was written").toBeNull();
    expect(destination.problem, "a file already there is a question, not a wrong path").toBeNull();
    expect(destination.error, "a file already there is a question, not a failure").toBeNull();
    expect(reveal.asked, "the keyboard is moved to the answer once the question is shown").toHaveBeenCalledTimes(1);

    await destination.run(true, reveal);
    expect(write.mock.calls, "the second write replaces, as the user answered").toEqual([
      ["/media/cle/inventaire.csv", false],
      ["/media/cle/inventaire.csv", true],
    ]);
    expect(destination.exists, "the question is answered").toBeNull();
    expect(destination.written, "the file was written").toBe("/media/cle/inventaire.csv");
    expect(reveal.written, "the confirmation is shown once").toHaveBeenCalledTimes(1);
  });

  it("lets the user keep the file already there: the question goes, nothing more is written", async () => {
    const { destination, write, reveal } = exportWith();
    write.mockRejectedValueOnce(new ApiError("already_exists", EXISTS));
    destination.path = "/media/cle/inventaire.csv";
    await destination.run(false, reveal);
    destination.keep();
    expect(destination.exists, "keeping the old file answers the question").toBeNull();
    expect(write, "keeping writes nothing").toHaveBeenCalledTimes(1);
  });

  it("writes a picked path with replace, since the save dialog already asked", async () => {
    const { destination, write, pick, reveal } = exportWith();
    pick.mockResolvedValueOnce("/media/cle/choisi.csv");
    await destination.choose();
    expect(destination.pickedPath, "the dialog's answer is remembered").toBe("/media/cle/choisi.csv");
    await destination.run(false, reveal);
    expect(write, "the dialog asked before replacing: no second question").toHaveBeenCalledWith("/media/cle/choisi.csv", true);
    expect(reveal.asked, "no question was asked").not.toHaveBeenCalled();

    destination.path = "/media/cle/tape.csv";
    destination.edited();
    await destination.run(false, reveal);
    expect(write, "a path typed after the pick was never confirmed by the dialog").toHaveBeenLastCalledWith("/media/cle/tape.csv", false);
  });

  it("puts an invalid_input failure under the path and any other failure in the banner", async () => {
    const { destination, write, reveal } = exportWith();
    write.mockRejectedValueOnce(new ApiError("invalid_input", "« inventaire.csv » n'est pas un chemin complet."));
    destination.path = "inventaire.csv";
    await destination.run(false, reveal);
    expect(destination.problem, "a wrong path is said under the path field").toBe("« inventaire.csv » n'est pas un chemin complet.");
    expect(destination.error, "a wrong path is not a banner").toBeNull();

    destination.edited();
    expect(destination.problem, "typing in the field clears what was said about the former path").toBeNull();

    write.mockRejectedValueOnce({ code: "io", message: "/lecture-seule/inventaire.csv : Permission denied (os error 13)" });
    destination.path = "/lecture-seule/inventaire.csv";
    await destination.run(false, reveal);
    expect(destination.error?.code, "any other failure is kept, with its code, for the banner").toBe("io");
    expect(destination.error?.message, "the banner shows the backend's message").toContain("Permission denied");
    expect(destination.problem, "the path itself is not in question").toBeNull();
    expect(destination.path, "nothing typed is lost on a failure").toBe("/lecture-seule/inventaire.csv");
    expect(destination.busy, "a failed exchange is over too").toBe(false);
  });

  it("shows a failing save dialog in the banner and keeps the path", async () => {
    const { destination, pick } = exportWith();
    pick.mockRejectedValueOnce(new ApiError("internal", "Le dialogue n'a pas pu s'ouvrir."));
    await destination.choose();
    expect(destination.error?.message, "the dialog's failure is shown").toBe("Le dialogue n'a pas pu s'ouvrir.");
    expect(destination.path, "the path shown is kept").toBe("/home/camille/Documents/inventaire-anonyme.csv");
  });

  it("writes once at a time: a second run while the first is writing does nothing", async () => {
    let finish: (path: string) => void = () => {};
    const { destination, write, pick, reveal } = exportWith();
    write.mockImplementationOnce(() => new Promise<string>((resolve) => (finish = resolve)));
    destination.path = "/media/cle/inventaire.csv";
    const first = destination.run(false, reveal);
    expect(destination.busy, "the write is under way").toBe(true);
    await destination.run(true, reveal);
    await destination.choose();
    expect(write, "a second write would race the first on the same file").toHaveBeenCalledTimes(1);
    expect(pick, "the path must not change under a write").not.toHaveBeenCalled();
    finish("/media/cle/inventaire.csv");
    await first;
    expect(destination.written, "the first write completes").toBe("/media/cle/inventaire.csv");
  });
});

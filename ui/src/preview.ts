// Dev-only entry (preview.html): mounts the app over an in-memory backend of fixtures.
// Query parameters pick a scenario, so a headless browser can screenshot each state:
//   ?diagnostic=empty   start on the new, empty diagnostic
//   ?open=workshop      open the first workshop once the home screen is shown
//   ?filter=2           on the workshop screen, pick the 2nd category filter option
//   ?form=empty         open the new-diagnostic form and submit it empty
//   ?fail=storage       make every call fail with a storage error
//   ?latency=800        slow every call down, to see the loading states
//   ?open=files         open the files screen (synchronise, export, import)
//   ?open=conflicts     open the conflicts screen
//   ?open=synthesis     open the synthesis (coverage, participation, priorities, export)
//   ?open=export        open the first workshop, then its "Exporter la session"
//   ?files=preview      on the files screen, show what a sync would change
//   ?files=sync         …run the sync (with ?latency, the progress bar shows)
//   ?files=import       …import two files, one of them damaged
//   ?files=exists       …export to a file that exists, to see the replace question
//   ?open=plan          open the form that plans a new workshop
//   ?room=1             the projector window's room view of the first workshop
//   ?room=vote          …with clusters, a dot vote counted and the timer running
//   ?room=overrun       …the same, the timer over time
//   ?open=sheet         open the first workshop, then its attendance sheet
//   ?open=attendance    open the first workshop, then import its sign-up list
//   ?open=inventory     open the inventory of initiatives (a likely duplicate included)
//   ?open=initiative    …and the form of its first initiative, with its sources
//   ?open=inventory-import  …and import a list of initiatives (a bad row reported)
//   ?open=recommendations   open the recommendations (préconisations)
//   ?open=contributions-import  open the first workshop, then import a Klaxoon board
import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { ApiError, type Backend } from "./lib/api";
import { emptyOverview, fixtureBackend, NORTH_WORKSHOP_ID, northDetail } from "./fixtures/demo";
import RoomScreen from "./screens/RoomScreen.svelte";

const params = new URLSearchParams(location.search);
let backend: Backend = fixtureBackend({
  latency: Number(params.get("latency") ?? 0),
  existingFiles: params.get("files") === "exists" ? [`/home/camille/Documents/session-diagnostic-${new Date().toISOString().slice(0, 10)}.recolte`] : [],
});

if (params.get("diagnostic") === "empty") {
  const inner = backend;
  backend = { ...inner, currentDiagnostic: () => inner.openDiagnostic(emptyOverview.id) };
}

if (params.get("fail") === "storage") {
  const refuse = () =>
    Promise.reject(
      new ApiError("storage", "Impossible de lire la base de données de Récolte : le disque est plein ou protégé en écriture."),
    );
  backend = Object.fromEntries(Object.keys(backend).map((name) => [name, refuse])) as unknown as Backend;
}

const target = document.getElementById("app");
if (!target) throw new Error("preview.html must contain <div id=\"app\">");
const roomScenario = params.get("room");
if (roomScenario === "vote" || roomScenario === "overrun") {
  const { contributions, phases } = northDetail;
  void (async () => {
    const places = await backend.createCluster(NORTH_WORKSHOP_ID, "Lieux et locaux");
    for (const c of contributions.slice(0, 3)) await backend.moveToCluster(c.id, places);
    await backend.setVoteTally(NORTH_WORKSHOP_ID, { kind: "cluster", id: places }, 6);
    await backend.setVoteTally(NORTH_WORKSHOP_ID, { kind: "contribution", id: contributions[4]!.id }, 5);
    await backend.setVoteTally(NORTH_WORKSHOP_ID, { kind: "contribution", id: contributions[5]!.id }, 3);
    await backend.actOnTimer(NORTH_WORKSHOP_ID, { kind: "start", phase_id: phases[3]!.id });
  })();
  if (roomScenario === "overrun") {
    const inner = backend;
    backend = {
      ...inner,
      roomView: async (id) => {
        const view = await inner.roomView(id);
        return view.timer ? { ...view, timer: { ...view.timer, remaining_s: -125, overrun: true } } : view;
      },
    };
  }
}
if (params.get("room") !== null) {
  mount(RoomScreen, { target, props: { workshopId: NORTH_WORKSHOP_ID, backend } });
} else {
  mount(App, { target, props: { backend } });
}

function whenPresent(selector: string, then: (element: HTMLElement) => void) {
  const found = document.querySelector<HTMLElement>(selector);
  if (found) then(found);
  else setTimeout(() => whenPresent(selector, then), 30);
}

if (params.get("open") === "plan") {
  whenPresent("[data-testid='workshop-new']", (button) => button.click());
}

if (params.get("open") === "workshop") {
  whenPresent("[data-testid='workshop-open']", (button) => button.click());
}

const filterIndex = Number(params.get("filter") ?? 0);
if (filterIndex > 0) {
  whenPresent("[data-testid='category-filter']", (fieldset) => {
    fieldset.querySelectorAll<HTMLInputElement>("input")[filterIndex]?.click();
  });
}

if (params.get("form") === "empty") {
  whenPresent("[data-testid='diagnostic-new']:not([disabled])", (button) => {
    button.click();
    whenPresent("[data-testid='diagnostic-new-submit']", (submit) => submit.click());
  });
}

const opening = params.get("open");
if (opening === "files") whenPresent("[data-testid='sync-open']", (button) => button.click());
if (opening === "synthesis") whenPresent("[data-testid='synthesis-open']", (button) => button.click());
if (opening === "inventory" || opening === "initiative" || opening === "inventory-import") {
  whenPresent("[data-testid='inventory-open']", (button) => {
    button.click();
    if (opening === "initiative") whenPresent("[data-testid='initiative']", (row) => row.click());
    if (opening === "inventory-import") {
      whenPresent("[data-testid='initiative-import-open']", (open) => {
        open.click();
        whenPresent("[data-testid='initiative-import-pick']", (pick) => pick.click());
        whenPresent("[data-testid='initiative-import-run']", (run) => run.click());
      });
    }
  });
}
if (opening === "conflicts") whenPresent("[data-testid='conflicts-count']", () => document.querySelector<HTMLElement>("[data-testid='conflicts-open']")?.click());
if (opening === "sheet" || opening === "attendance") {
  // A headless browser printing the page to PDF must not wait on a print dialog.
  if (opening === "sheet") window.print = () => console.info("window.print()");
  whenPresent("[data-testid='workshop-open']", (button) => {
    button.click();
    whenPresent(`[data-testid='attendance-${opening === "sheet" ? "sheet" : "import"}-open']`, (open) => {
      open.click();
      if (opening === "attendance") whenPresent("[data-testid='attendance-import-pick']", (pick) => pick.click());
    });
  });
}
if (opening === "recommendations") whenPresent("[data-testid='recommendations-open']", (button) => button.click());
if (opening === "contributions-import") {
  whenPresent("[data-testid='workshop-open']", (button) => {
    button.click();
    whenPresent("[data-testid='contributions-import-open']", (open) => {
      open.click();
      whenPresent("[data-testid='contributions-import-pick']", (pick) => pick.click());
    });
  });
}
if (opening === "export") {
  whenPresent("[data-testid='workshop-open']", (button) => {
    button.click();
    whenPresent("[data-testid='workshop-export']", (exportButton) => exportButton.click());
  });
}

const filesAction: Record<string, string> = {
  preview: "sync-preview",
  sync: "sync-run",
  import: "import-run",
  exists: "export-run",
};
const action = filesAction[params.get("files") ?? ""];
if (action) {
  whenPresent("[data-testid='sync-panel']", () => {
    if (action === "import-run") {
      const paths = document.querySelector<HTMLTextAreaElement>("[data-testid='import-paths']")!;
      paths.value = "/media/camille/CLE-USB/session-malik.recolte\n/media/camille/CLE-USB/abime.recolte";
      paths.dispatchEvent(new Event("input", { bubbles: true }));
    }
    document.querySelector<HTMLElement>(`[data-testid='${action}']`)?.click();
  });
}

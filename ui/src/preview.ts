// Dev-only entry (preview.html): mounts the app over an in-memory backend of fixtures.
// Query parameters pick a scenario, so a headless browser can screenshot each state:
//   ?diagnostic=empty   start on the new, empty diagnostic
//   ?open=workshop      open the first workshop once the home screen is shown
//   ?filter=2           on the workshop screen, pick the 2nd category filter option
//   ?form=empty         open the new-diagnostic form and submit it empty
//   ?fail=storage       make every call fail with a storage error
//   ?latency=800        slow every call down, to see the loading states
import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { ApiError, type Backend } from "./lib/api";
import { emptyOverview, fixtureBackend } from "./fixtures/demo";

const params = new URLSearchParams(location.search);
let backend: Backend = fixtureBackend({ latency: Number(params.get("latency") ?? 0) });

if (params.get("diagnostic") === "empty") {
  const inner = backend;
  backend = { ...inner, currentDiagnostic: () => inner.openDiagnostic(emptyOverview.id) };
}

if (params.get("fail") === "storage") {
  const refuse = () =>
    Promise.reject(
      new ApiError("storage", "Impossible de lire la base de données de Récolte : le disque est plein ou protégé en écriture."),
    );
  backend = {
    listDiagnostics: refuse,
    currentDiagnostic: refuse,
    openDiagnostic: refuse,
    createDiagnostic: refuse,
    workshopDetail: refuse,
  };
}

const target = document.getElementById("app");
if (!target) throw new Error("preview.html must contain <div id=\"app\">");
mount(App, { target, props: { backend } });

function whenPresent(selector: string, then: (element: HTMLElement) => void) {
  const found = document.querySelector<HTMLElement>(selector);
  if (found) then(found);
  else setTimeout(() => whenPresent(selector, then), 30);
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

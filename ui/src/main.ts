import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { tauriBackend } from "./lib/api";
import { roomRoute } from "./lib/route";
import RoomScreen from "./screens/RoomScreen.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("index.html must contain <div id=\"app\">");

// The projector window loads this same page with the room route (src-tauri/src/commands/projector.rs).
const roomWorkshopId = roomRoute(location.search);

export default roomWorkshopId === null
  ? mount(App, { target })
  : mount(RoomScreen, { target, props: { workshopId: roomWorkshopId, backend: tauriBackend } });

// Which screen a window shows, from its URL. The facilitator's window loads index.html; the
// projector window loads index.html?salle=<workshop id> (see src-tauri/src/commands/projector.rs).

/** Must match ROOM_ROUTE_PARAMETER in src-tauri/src/commands/projector.rs. */
export const ROOM_ROUTE_PARAMETER = "salle";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The workshop whose room view this window shows, or null for the facilitator's app. */
export function roomRoute(search: string): string | null {
  const id = new URLSearchParams(search).get(ROOM_ROUTE_PARAMETER);
  return id !== null && UUID.test(id) ? id : null;
}

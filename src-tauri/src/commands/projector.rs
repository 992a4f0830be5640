//! The projector window: a second window for the room, opened from the facilitator's window.
//!
//! It loads the same interface with the room route (`index.html?salle=<workshop id>`), and
//! capabilities/projector.json lets it read the room view and nothing else. The facilitator's
//! window never reads the room view itself: it only asks for this window.

use tauri::{AppHandle, Manager, Monitor, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder};
use uuid::Uuid;

use crate::error::{IpcError, IpcErrorCode};
use crate::MAIN_WINDOW;

/// The projector window's label; capabilities/projector.json is granted to this label.
pub const PROJECTOR_WINDOW: &str = "projector";

/// The query parameter that makes the interface show the room view of a workshop.
pub const ROOM_ROUTE_PARAMETER: &str = "salle";

const PROJECTOR_TITLE: &str = "Récolte — salle";

/// Opens the projector window on `workshop_id`'s room view, or, if it is already open,
/// shows that workshop in it and brings it to the front. When a second screen is plugged
/// in, a new projector window opens on it, maximised.
///
/// Async so that it runs off the main thread: creating a window from a synchronous command
/// deadlocks on Windows (WebView2 needs the main thread's event loop to build it).
#[tauri::command(async)]
pub fn projector_open<R: Runtime>(app: AppHandle<R>, workshop_id: Uuid) -> Result<(), IpcError> {
    // A Uuid, not free text, goes into the URL: nothing typed can change the route.
    let query = format!("{ROOM_ROUTE_PARAMETER}={workshop_id}");
    if let Some(window) = app.get_webview_window(PROJECTOR_WINDOW) {
        let mut url = window.url().map_err(window_error)?;
        if url.query() != Some(query.as_str()) {
            url.set_query(Some(&query));
            window.navigate(url).map_err(window_error)?;
        }
        // Best effort: a window manager may refuse to raise a window, which is no failure.
        let _ = window.unminimize();
        let _ = window.set_focus();
        return Ok(());
    }

    let mut builder = WebviewWindowBuilder::new(
        &app,
        PROJECTOR_WINDOW,
        WebviewUrl::App(format!("index.html?{query}").into()),
    )
    .title(PROJECTOR_TITLE)
    .inner_size(1280.0, 720.0)
    .min_inner_size(640.0, 360.0)
    .resizable(true);
    if let Some(screen) = app.get_webview_window(MAIN_WINDOW).and_then(|main| second_screen(&app, &main)) {
        let origin = screen.position().to_logical::<f64>(screen.scale_factor());
        builder = builder.position(origin.x, origin.y).maximized(true);
    }
    builder.build().map_err(window_error)?;
    Ok(())
}

/// A screen other than the one showing the facilitator's window: the projector, usually.
fn second_screen<R: Runtime>(app: &AppHandle<R>, main: &WebviewWindow<R>) -> Option<Monitor> {
    let facilitator_screen = main.current_monitor().ok().flatten()?;
    app.available_monitors()
        .ok()?
        .into_iter()
        .find(|screen| screen.position() != facilitator_screen.position())
}

fn window_error(error: tauri::Error) -> IpcError {
    IpcError {
        code: IpcErrorCode::Internal,
        message: format!(
            "La fenêtre de projection n'a pas pu s'ouvrir ({error}). Fermez-la si elle est ouverte, puis réessayez."
        ),
    }
}

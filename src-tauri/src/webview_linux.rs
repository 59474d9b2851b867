//! WebKitGTK settings for the window on Linux, chosen for memory (docs/reliability.md, "Soak
//! (window)"). The window shows one local page that never navigates, has no animation, canvas,
//! video or sound: what WebKit keeps ready for the web at large costs memory here and buys nothing.
//!
//! Applied through WebKit's own API on the webview (no environment variables: those would reach
//! every program the app starts, the user's browser included).

use tauri::plugin::TauriPlugin;
use tauri::{Runtime, Webview};
use webkit2gtk::{CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt};

/// A plugin with no commands that tunes each webview as it is created.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("webview-linux").on_webview_ready(|webview| tune(&webview)).build()
}

/// Sets the webview's memory-related settings; see each line for why.
fn tune<R: Runtime>(webview: &Webview<R>) {
    let result = webview.with_webview(|platform| {
        let view = platform.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            // Accelerated compositing renders the page through GL layers: each layer a GL texture,
            // and without a GPU (a VM, Xvfb) Mesa's software rasterizer holding its own copies.
            // The page is a static form; painting it in software without layers halves the web
            // process (274 → 157 MB under Xvfb). Same effect as WEBKIT_DISABLE_COMPOSITING_MODE=1,
            // without the environment variable.
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            // wry turns these on for every app; this window draws no WebGL and plays no sound.
            settings.set_enable_webgl(false);
            settings.set_enable_webaudio(false);
            // The back-forward cache keeps whole pages alive for "Back"; the window never navigates.
            settings.set_enable_page_cache(false);
        }
        if let Some(context) = view.context() {
            // WebKit's documented model for "a single local file, with no navigation to other
            // pages": no memory cache of resources, which the page loads once from the app anyway.
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    });
    if let Err(e) = result {
        // The window still works with WebKit's defaults; it only uses more memory.
        log::warn!("could not apply the webview's memory settings: {e}");
    }
}

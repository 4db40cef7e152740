use anxin_domain::Directory;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::get_json;
use crate::state::{Connectivity, DirectoryState};

pub const DIRECTORY_PATH: &str = "/api/v1/directory";

/// Fetches the directory now if online, and again each time the browser
/// comes back online. A failed fetch keeps the stored copy.
pub fn start_directory_refresh(connectivity: Connectivity, state: DirectoryState) {
    Effect::new(move |_| {
        if connectivity.online.get() {
            spawn_local(refresh(state));
        }
    });
}

async fn refresh(state: DirectoryState) {
    match get_json::<Directory>(DIRECTORY_PATH).await {
        Ok(directory) if directory.validate().is_ok() => {
            let now = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
            state.replace(directory, now);
        }
        // Keep what is stored: an unreachable or misconfigured server must
        // never blank the hotline numbers.
        Ok(_) | Err(_) => {}
    }
}

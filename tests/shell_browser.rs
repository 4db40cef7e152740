//! The app shell mounted in a real browser: hotline bar from the stored
//! directory, language from storage.
#![cfg(target_arch = "wasm32")]

use anxin::i18n::Lang;
use anxin::state::StoredDirectory;
use anxin::storage::{keys, save, LocalStore};
use anxin_domain::{Directory, Hotline, HotlineKind};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn test_shell_shows_stored_hotlines_in_stored_language() {
    // Setup: a directory and a language kept on the device earlier.
    let store = LocalStore::open().unwrap();
    let directory = Directory {
        hotlines: vec![
            Hotline::new(HotlineKind::School, "0898-1111 2222"),
            Hotline::new(HotlineKind::National, "12356"),
        ],
        ..Directory::default()
    };
    let stored = StoredDirectory { directory, fetched_at: "2026-01-01T00:00:00Z".into() };
    save(&store, keys::DIRECTORY, &stored).unwrap();
    save(&store, keys::LANG, &Lang::En).unwrap();

    // Exec: the app mounts once the page has painted (at most half a second).
    anxin::mount();
    let document = web_sys::window().unwrap().document().unwrap();
    for _ in 0..40 {
        if document.query_selector("[data-testid=hotline-bar]").unwrap().is_some() {
            break;
        }
        next_tick().await;
    }
    next_tick().await;

    // Check
    let school = document.query_selector("a[href='tel:089811112222']").unwrap();
    assert!(school.is_some(), "the stored school number is shown");
    let bar = document.query_selector("[data-testid=hotline-bar]").unwrap().unwrap();
    assert!(bar.text_content().unwrap().contains("School support line"));
    assert_eq!(document.document_element().unwrap().get_attribute("lang").as_deref(), Some("en"));
}

/// Lets the reactive system run its effects.
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

//! Saving a file from the page (a download the person keeps).

use wasm_bindgen::JsCast;

/// Offers `contents` as a file named `name`; false if the browser refused.
pub fn download_json(name: &str, contents: &str) -> bool {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .is_ok_and(|blob| download_blob(name, &blob))
}

/// Offers a blob (a file fetched from the server, its bytes as sent) as a
/// file named `name`; false if the browser refused.
pub fn download_blob(name: &str, blob: &web_sys::Blob) -> bool {
    try_download(name, blob).is_some()
}

fn try_download(name: &str, blob: &web_sys::Blob) -> Option<()> {
    let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}

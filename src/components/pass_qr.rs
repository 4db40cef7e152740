//! The pass's QR code, drawn as one SVG path by our code: each row's runs
//! of dark modules as rectangles, with the four-module quiet zone scanners
//! need. Medium error correction: a screen with a crack still reads.

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

/// Quiet zone around the code, in modules.
const QUIET: i32 = 4;

/// The SVG path of `code`'s dark modules, and the side in modules.
fn path_of(code: &QrCode) -> (String, i32) {
    let size = code.size();
    let mut d = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && code.get_module(x, y) {
                x += 1;
            }
            d.push_str(&format!(
                "M{} {}h{}v1h-{}z",
                start + QUIET,
                y + QUIET,
                x - start,
                x - start
            ));
        }
    }
    (d, size + 2 * QUIET)
}

/// `text` as a QR code; nothing when it does not fit one (it always does:
/// a pass is about 170 characters).
#[component]
pub fn PassQr(text: String, #[prop(into)] label: Signal<&'static str>) -> impl IntoView {
    let code = QrCode::encode_text(&text, QrCodeEcc::Medium).ok();
    code.map(|code| {
        let (d, side) = path_of(&code);
        view! {
            <svg class="pass-qr" data-testid="pass-qr" role="img" aria-label=label
                viewBox=format!("0 0 {side} {side}") shape-rendering="crispEdges">
                <rect width="100%" height="100%" fill="#fff"></rect>
                <path d=d fill="#000"></path>
            </svg>
        }
    })
}

//! The pass's QR code, drawn as one SVG path by our code: each row's runs
//! of dark modules as rectangles, with the four-module quiet zone scanners
//! need. The code is our own encoder's (`qr_encode`): medium error
//! correction, so a screen with a crack still reads.

use leptos::prelude::*;

use crate::qr_encode::{encode, QrMatrix};

/// Quiet zone around the code, in modules.
const QUIET: usize = 4;

/// The SVG path of `code`'s dark modules, and the side in modules.
fn path_of(code: &QrMatrix) -> (String, usize) {
    let size = code.size();
    let mut d = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.is_dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && code.is_dark(x, y) {
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
    let code = encode(&text);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The drawn path as a black-on-white image, `scale` pixels a module.
    fn raster(d: &str, side: usize, scale: usize) -> Vec<Vec<bool>> {
        let n = side * scale;
        let mut dark = vec![vec![false; n]; n];
        for rect in d.split('M').filter(|r| !r.is_empty()) {
            // "x yhWv1h-Wz"
            let (xy, rest) = rect.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let width: usize = rest.split('v').next().unwrap().parse().unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            for row in dark.iter_mut().skip(y * scale).take(scale) {
                for cell in row.iter_mut().skip(x * scale).take(width * scale) {
                    *cell = true;
                }
            }
        }
        dark
    }

    #[test]
    fn test_the_drawn_code_reads_back_as_the_pass() {
        let pass = "AX1:6BF*T8%Z0C+ZAZQ:2DEB*7+RSL-S7%S$W8KN4ZN7T-VCWN4-SOAA3$9J59ZR5*ZL5B3WBUF0WE9F+*UTBTBQN0O7QPPOT1";
        let code = encode(pass).unwrap();
        let (d, side) = path_of(&code);
        let dark = raster(&d, side, 4);
        let n = dark.len();
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(
                n,
                n,
                |x, y| if dark[y][x] { 0 } else { 255 },
            );
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one code found");
        let (_, content) = grids[0].decode().unwrap();
        assert_eq!(content, pass);
    }
}

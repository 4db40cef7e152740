//! Reading a QR code from a camera frame, in Rust (the gate bundle's
//! decoder: Linux Chromium and iOS have no working `BarcodeDetector`).
//! A frame is its RGBA pixels; they are reduced to luminance and searched.

/// The text of the first QR code found in an RGBA frame of `width` ×
/// `height` pixels; `None` when there is none (or none readable).
pub fn read_rgba(rgba: &[u8], width: usize, height: usize) -> Option<String> {
    if width == 0 || height == 0 || rgba.len() < width * height * 4 {
        return None;
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        let i = (y * width + x) * 4;
        // Rec. 601 luma, in integers.
        let (r, g, b) = (rgba[i] as u32, rgba[i + 1] as u32, rgba[i + 2] as u32);
        ((r * 299 + g * 587 + b * 114) / 1000) as u8
    });
    image.detect_grids().iter().find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An RGBA frame with `code`'s modules drawn `scale` pixels wide on a
    /// grey background, off centre (as a camera sees it).
    fn frame(code: &qrcodegen::QrCode, scale: usize, width: usize, height: usize) -> Vec<u8> {
        let mut rgba = vec![200u8; width * height * 4];
        let size = code.size() as usize;
        let (left, top) = (width / 5, height / 6);
        for y in 0..(size + 8) * scale {
            for x in 0..(size + 8) * scale {
                let (mx, my) = ((x / scale) as i32 - 4, (y / scale) as i32 - 4);
                let dark = code.get_module(mx, my);
                let i = ((top + y) * width + left + x) * 4;
                let v = if dark { 20 } else { 250 };
                rgba[i..i + 3].copy_from_slice(&[v, v, v]);
            }
        }
        rgba
    }

    #[test]
    fn test_a_pass_is_read_from_a_camera_frame() {
        let text = "AX1:NCF.PS-QV6:S1PF0/E5J3PC%SX5HJPD%5WBNSOE$D1:LN5SO9/E%W5X1K";
        let code = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium).unwrap();
        assert_eq!(read_rgba(&frame(&code, 5, 640, 480), 640, 480).as_deref(), Some(text));
    }

    #[test]
    fn test_a_frame_without_a_code_reads_nothing() {
        assert_eq!(read_rgba(&vec![128u8; 64 * 48 * 4], 64, 48), None);
        assert_eq!(read_rgba(&[], 0, 0), None);
        assert_eq!(read_rgba(&[0; 10], 64, 48), None, "a short buffer is not read");
    }
}

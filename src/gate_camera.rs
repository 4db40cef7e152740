//! The camera at the gate: frames from the phone's back camera, read for a
//! QR code by the browser's `BarcodeDetector` where it has a working one,
//! otherwise by the Rust decoder ([`crate::qr_read`]; Linux Chromium and
//! iOS have none). Frames are read a few times a second, on the phone
//! only: no frame is kept or sent anywhere.
//!
//! Each frame read is marked `anxin-frame` in the page's performance
//! timeline, so the benchmark can measure a frame to the verdict shown.

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream,
    MediaStreamConstraints,
};

use crate::qr_read::read_rgba;

/// Frames are scaled to at most this many pixels on their long side: a
/// pass held up to the phone is plenty large at that size.
const MAX_FRAME_SIDE: f64 = 640.0;

/// Opens the back camera into `video`.
pub async fn open(video: &HtmlVideoElement) -> Result<MediaStream, JsValue> {
    let devices = web_sys::window().ok_or(JsValue::NULL)?.navigator().media_devices()?;
    let constraints = MediaStreamConstraints::new();
    let wanted = Object::new();
    Reflect::set(&wanted, &"facingMode".into(), &"environment".into())?;
    constraints.set_video(&wanted);
    constraints.set_audio(&JsValue::FALSE);
    let promise = devices.get_user_media_with_constraints(&constraints)?;
    let stream: MediaStream = JsFuture::from(promise).await?.dyn_into()?;
    video.set_muted(true);
    video.set_src_object(Some(&stream));
    if let Ok(playing) = video.play() {
        JsFuture::from(playing).await?;
    }
    Ok(stream)
}

/// Stops every track (the camera's light goes off).
pub fn close(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// The browser's QR reader, where it has one.
pub fn barcode_detector() -> Option<JsValue> {
    let window = web_sys::window()?;
    let constructor = Reflect::get(&window, &"BarcodeDetector".into()).ok()?;
    let constructor = constructor.dyn_into::<js_sys::Function>().ok()?;
    let options = Object::new();
    Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into())).ok()?;
    Reflect::construct(&constructor, &Array::of1(&options)).ok()
}

fn mark_frame() {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("anxin-frame");
    }
}

/// After the verdict is on screen (the next frame): the time since the
/// frame it came from, as `anxin-frame-to-verdict`.
pub fn measure_verdict() {
    let Some(window) = web_sys::window() else { return };
    let measure = Closure::once_into_js(|| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.measure_with_start_mark("anxin-frame-to-verdict", "anxin-frame");
        }
    });
    let _ = window.request_animation_frame(measure.unchecked_ref());
}

/// The text of a QR code in the video's current frame, if any.
pub async fn read_frame(
    video: &HtmlVideoElement,
    canvas: &HtmlCanvasElement,
    detector: Option<&JsValue>,
) -> Option<String> {
    let (width, height) = (video.video_width(), video.video_height());
    if width == 0 || height == 0 {
        return None;
    }
    mark_frame();
    if let Some(detector) = detector {
        return detect(detector, video).await;
    }
    let scale = (MAX_FRAME_SIDE / width.max(height) as f64).min(1.0);
    let (w, h) = ((width as f64 * scale) as u32, (height as f64 * scale) as u32);
    canvas.set_width(w);
    canvas.set_height(h);
    let options = Object::new();
    Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE).ok()?;
    let context = canvas.get_context_with_context_options("2d", &options).ok()??;
    let context: CanvasRenderingContext2d = context.dyn_into().ok()?;
    context
        .draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, w as f64, h as f64)
        .ok()?;
    let pixels = context.get_image_data(0.0, 0.0, w as f64, h as f64).ok()?.data();
    read_rgba(&pixels, w as usize, h as usize)
}

async fn detect(detector: &JsValue, video: &HtmlVideoElement) -> Option<String> {
    let detect =
        Reflect::get(detector, &"detect".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let promise: Promise = detect.call1(detector, video).ok()?.dyn_into().ok()?;
    let found: Array = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    let first = found.get(0);
    Reflect::get(&first, &"rawValue".into()).ok()?.as_string()
}

/// Waits `ms` milliseconds.
pub async fn pause(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

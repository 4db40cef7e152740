//! Scanning a pass with the camera: a button opens it, frames are read
//! until a code is found (then the camera closes), and a pass is checked.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::gate_camera::{barcode_detector, close, measure_verdict, open, pause, read_frame};
use crate::state::gate::use_gate;
use crate::state::use_i18n;

/// Frames are read this often while scanning.
const FRAME_MS: i32 = 100;

#[component]
pub fn GateScanner() -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_gate();
    let t = move || i18n.texts().gate();
    let scanning = RwSignal::new(false);
    let denied = RwSignal::new(false);
    let video = NodeRef::<html::Video>::new();
    let canvas = NodeRef::<html::Canvas>::new();
    let start = move |_| {
        let (Some(video), Some(canvas)) = (video.get_untracked(), canvas.get_untracked()) else {
            return;
        };
        denied.set(false);
        scanning.set(true);
        spawn_local(async move {
            let Ok(stream) = open(&video).await else {
                denied.set(true);
                scanning.set(false);
                return;
            };
            let detector = barcode_detector();
            while scanning.get_untracked() {
                if let Some(text) = read_frame(&video, &canvas, detector.as_ref()).await {
                    scanning.set(false);
                    gate.check_pass(&text);
                    measure_verdict();
                    break;
                }
                pause(FRAME_MS).await;
            }
            close(&stream);
            video.set_src_object(None);
        });
    };
    view! {
        <section class="gate-scan">
            <div class="gate-camera" class:hidden=move || !scanning.get()>
                <video node_ref=video playsinline="" muted="" aria-label=move || t().scan_hint></video>
                <p class="hint">{move || t().scan_hint}</p>
            </div>
            <canvas node_ref=canvas class="hidden"></canvas>
            {move || if scanning.get() {
                view! {
                    <button type="button" data-testid="gate-scan-stop" on:click=move |_| scanning.set(false)>
                        {t().scan_stop}
                    </button>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="primary" data-testid="gate-scan" on:click=start>
                        {t().scan}
                    </button>
                }.into_any()
            }}
            {move || denied.get().then(|| view! {
                <p class="field-error" role="alert" data-testid="gate-camera-denied">{t().camera_denied}</p>
            })}
        </section>
    }
}

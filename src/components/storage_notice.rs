use leptos::prelude::*;

use crate::state::{use_i18n, use_storage_status};
use crate::storage::StorageError;

/// Says so, in the person's language, when the device refused a write or a
/// stored record could not be read.
#[component]
pub fn StorageNotice() -> impl IntoView {
    let i18n = use_i18n();
    let status = use_storage_status();
    let message = move || {
        status.last_error.get().map(|err| match err {
            StorageError::Corrupt { .. } => i18n.texts().storage_corrupt,
            StorageError::QuotaExceeded => i18n.texts().storage_full,
            _ => i18n.texts().storage_failed,
        })
    };
    view! {
        {move || message().map(|text| view! {
            <p class="notice warning" role="alert" data-testid="storage-notice">{text}</p>
        })}
    }
}

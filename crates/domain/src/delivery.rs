//! Where a record made on the device stands on its way to the server
//! (SPEC §5): shown next to every record.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Stored on this phone, not yet sent.
    #[default]
    SavedOnDevice,
    Sending,
    Delivered,
    /// The server refused it for good; `code` says why.
    Rejected {
        code: String,
    },
}

impl Delivery {
    pub fn is_undelivered(&self) -> bool {
        matches!(self, Delivery::SavedOnDevice | Delivery::Sending)
    }
}

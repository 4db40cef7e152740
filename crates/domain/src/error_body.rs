//! The JSON body of every API error, shared by the server and the app.

use serde::{Deserialize, Serialize};

/// `{"error": {"code": "...", "message": "..."}}`. `code` is stable and
/// machine-readable (the app translates it); `message` is English for logs
/// and developers and never contains personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { error: ErrorDetail { code: code.into(), message: message.into() } }
    }
}

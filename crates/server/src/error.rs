//! API errors and their HTTP form: the one place where an error becomes a
//! status code and a JSON body. Internals never reach the client.

use anxin_domain::account::{PasswordProblem, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
use anxin_domain::{ErrorBody, ErrorCode};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("sign in first: the session is missing, expired or signed out")]
    Unauthenticated,
    #[error("the password was reset with a one-time code someone else issued: sign in with the new password")]
    PasswordReset,
    #[error("this is not yours to see or change")]
    Forbidden,
    #[error("the id or the password is wrong")]
    WrongCredentials,
    #[error("the one-time code is wrong, used or expired: ask for a new one")]
    CodeInvalid,
    #[error("{}", password_message(*.0))]
    Password(PasswordProblem),
    #[error("too many failed sign-ins: try again in {0} seconds")]
    RateLimited(u64),
    /// A product rule refuses the change now (e.g. an appointment that has
    /// not started cannot be marked completed).
    #[error("{1}")]
    Rule(ErrorCode, String),
    /// Refused by a rule, with a code of the domain's one list.
    #[error("{1}")]
    Refused(ErrorCode, String),
    #[error("this client id belongs to another person: make a new one")]
    ClientOfAnotherPerson,
    #[error("protocol version {0} is not spoken here (this server speaks {supported})", supported = anxin_domain::sync::PROTOCOL_VERSION)]
    UnsupportedProtocol(u32),
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("the request's body stopped arriving: send it again")]
    RequestTimeout,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("storage is unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
    /// Any other status produced by a layer (e.g. an extractor rejection).
    #[error("{0}")]
    Other(StatusCode),
}

pub type Result<T> = std::result::Result<T, ApiError>;

fn password_message(problem: PasswordProblem) -> String {
    match problem {
        PasswordProblem::TooShort => {
            format!("the password needs at least {MIN_PASSWORD_CHARS} characters")
        }
        PasswordProblem::TooLong => {
            format!("the password may have at most {MAX_PASSWORD_CHARS} characters")
        }
        PasswordProblem::Common => {
            "this password is among the most common ones: choose another".into()
        }
        PasswordProblem::Mismatch => "the two passwords differ".into(),
    }
}

impl ApiError {
    /// The error that a bare status from a layer or an extractor stands for.
    pub fn from_status(status: StatusCode) -> Self {
        match status {
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => {
                ApiError::BadRequest("the request could not be read".into())
            }
            StatusCode::NOT_FOUND => ApiError::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            StatusCode::REQUEST_TIMEOUT => ApiError::RequestTimeout,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
            StatusCode::SERVICE_UNAVAILABLE => ApiError::Unavailable,
            StatusCode::INTERNAL_SERVER_ERROR => ApiError::Internal,
            other => ApiError::Other(other),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated | ApiError::PasswordReset => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::WrongCredentials | ApiError::CodeInvalid => StatusCode::UNAUTHORIZED,
            ApiError::Password(_) => StatusCode::BAD_REQUEST,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Rule(..) => StatusCode::CONFLICT,
            ApiError::Refused(..) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::ClientOfAnotherPerson => StatusCode::CONFLICT,
            ApiError::UnsupportedProtocol(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Other(status) => *status,
        }
    }

    /// Stable, machine-readable code that the app translates: one of the
    /// domain's list, never free text.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::BadRequest(_) => ErrorCode::BadRequest,
            ApiError::Unauthenticated => ErrorCode::Unauthenticated,
            ApiError::PasswordReset => ErrorCode::PasswordReset,
            ApiError::Forbidden => ErrorCode::Forbidden,
            ApiError::WrongCredentials => ErrorCode::WrongCredentials,
            ApiError::CodeInvalid => ErrorCode::CodeInvalid,
            ApiError::Password(problem) => problem.code(),
            ApiError::RateLimited(_) => ErrorCode::RateLimited,
            ApiError::Rule(code, _) | ApiError::Refused(code, _) => *code,
            ApiError::ClientOfAnotherPerson => ErrorCode::ClientOfAnotherPerson,
            ApiError::UnsupportedProtocol(_) => ErrorCode::UnsupportedProtocol,
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            ApiError::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            ApiError::RequestTimeout => ErrorCode::RequestTimeout,
            ApiError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            ApiError::Unavailable => ErrorCode::Unavailable,
            ApiError::Internal => ErrorCode::Internal,
            ApiError::Other(status) if status.is_client_error() => ErrorCode::ClientError,
            ApiError::Other(_) => ErrorCode::ServerError,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        if matches!(err, StoreError::ClientOfAnotherPerson) {
            return ApiError::ClientOfAnotherPerson;
        }
        // Logged without any request content: the error names only the
        // operation and the database's own message (PostgreSQL's code and
        // message, never its detail, which can quote a row).
        tracing::error!(error = %err, "store failure");
        ApiError::Unavailable
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody::new(self.code().as_str(), self.to_string());
        let mut response = (self.status(), Json(body)).into_response();
        if let ApiError::RateLimited(seconds) = self {
            response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

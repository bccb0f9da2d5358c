//! Rancher-shaped API errors: the `{"type": "error", status, code, message, fieldName}` body Cattle
//! sends for every failure, and the constructors for the situations the emulator reports.

use serde_json::{Value, json};

/// One API error, rendered as Cattle's error resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: Option<String>,
    pub field_name: Option<String>,
    pub detail: Option<String>,
}

impl ApiError {
    pub(crate) fn new(status: u16, code: &str) -> Self {
        ApiError { status, code: code.to_string(), message: None, field_name: None, detail: None }
    }

    /// A 422 validation error naming the offending field.
    pub(crate) fn validation(code: &str, field: &str) -> Self {
        let mut e = ApiError::new(422, code);
        e.field_name = Some(field.to_string());
        e
    }

    pub(crate) fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    pub(crate) fn not_found() -> Self {
        // Non-validation errors carry the reason phrase as both code and message, as Cattle does.
        ApiError::new(404, "Not Found").with_message("Not Found")
    }

    pub(crate) fn method_not_allowed() -> Self {
        ApiError::new(405, "Method not allowed").with_message("Method not allowed")
    }

    pub(crate) fn conflict() -> Self {
        ApiError::new(409, "Conflict").with_message("Conflict")
    }

    pub(crate) fn unauthorized() -> Self {
        ApiError::new(401, "Unauthorized").with_message("Unauthorized")
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        ApiError::new(500, "Internal Server Error").with_message(message)
    }

    pub(crate) fn service_unavailable() -> Self {
        ApiError::new(503, "Service Unavailable").with_message("Injected fault")
    }

    pub(crate) fn action_not_available() -> Self {
        ApiError::validation("ActionNotAvailable", "action")
    }

    pub(crate) fn invalid_action() -> Self {
        ApiError::validation("InvalidAction", "action")
    }

    pub(crate) fn invalid_body(message: impl Into<String>) -> Self {
        ApiError::new(422, "InvalidBodyContent").with_message(message)
    }

    /// The JSON body; `id` is supplied by the caller so that it stays deterministic.
    pub(crate) fn to_json(&self, id: &str) -> Value {
        json!({
            "id": id,
            "type": "error",
            "links": {},
            "actions": {},
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "detail": self.detail,
            "fieldName": self.field_name,
        })
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status, self.code)?;
        if let Some(field) = &self.field_name {
            write!(f, " (field {field})")?;
        }
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_error_shape() {
        let e = ApiError::validation("NotUnique", "name");
        let v = e.to_json("x");
        assert_eq!(v["type"], "error");
        assert_eq!(v["status"], 422);
        assert_eq!(v["code"], "NotUnique");
        assert_eq!(v["fieldName"], "name");
        assert!(v["message"].is_null());
    }
}

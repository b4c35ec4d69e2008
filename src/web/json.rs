//! JSON bodies of the API: parsed with errors as RFC 9457 problems.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::AppError;

/// A JSON request body; a malformed one is a translated problem, not framework text.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(e) => Err(match e {
                JsonRejection::MissingJsonContentType(_) => AppError::BadRequest("error-json-content-type"),
                JsonRejection::JsonDataError(_) => AppError::BadRequest("error-json-data"),
                JsonRejection::JsonSyntaxError(_) => AppError::BadRequest("error-json-syntax"),
                JsonRejection::BytesRejection(b) if b.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    AppError::PayloadTooLarge
                }
                _ => AppError::BadRequest("error-400"),
            }),
        }
    }
}

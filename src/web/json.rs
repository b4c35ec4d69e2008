//! JSON bodies of the API: parsed with errors as RFC 9457 problems.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::AppError;

/// What a POST that creates something answers: the new thing's id.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct IdOut {
    pub id: i64,
}

/// A word of the path that names one of a few steps (`/loans/7/disburse`): an unknown
/// one is a 404, as any other address that leads nowhere.
pub fn path_word<T: DeserializeOwned>(word: &str) -> Result<T, AppError> {
    serde_json::from_value(serde_json::Value::String(word.to_string())).map_err(|_| AppError::NotFound)
}

/// A JSON request body; a malformed one is a translated problem, not framework text.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(mut v)) => {
                // Every number has a ceiling where it is read: no amount, quantity or id
                // of Tejido comes near it, and sums of them stay far from overflowing.
                if !within_ceiling(&mut v) {
                    return Err(AppError::Invalid(vec![super::FieldError::new(
                        "amount",
                        "error-too-large",
                    )]));
                }
                serde_json::from_value::<T>(v)
                    .map(ApiJson)
                    .map_err(|_| AppError::BadRequest("error-json-data"))
            }
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

/// Whether every number in a document lies within the program's ceiling; on the way,
/// `42620.0` becomes the integer 42620, as JSON Schema counts it (a fraction that is not
/// zero stays a fraction, which an integer field refuses).
fn within_ceiling(v: &mut serde_json::Value) -> bool {
    use crate::money::MAX_MINOR;
    match v {
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.unsigned_abs() <= MAX_MINOR as u64,
            (None, Some(f)) if f.abs() <= MAX_MINOR as f64 => {
                if f.fract() == 0.0 {
                    *v = serde_json::Value::from(f as i64);
                }
                true
            }
            _ => false,
        },
        serde_json::Value::Array(a) => a.iter_mut().all(within_ceiling),
        serde_json::Value::Object(o) => o.values_mut().all(within_ceiling),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_beyond_the_ceiling_are_refused_where_they_are_read() {
        let mut ok = serde_json::json!({"amount": 1_000_000_000_000i64, "lines": [{"q": -5}]});
        assert!(super::within_ceiling(&mut ok));
        for mut bad in [
            serde_json::json!({"amount": 2_566_074_468_947_920_384u64}),
            serde_json::json!({"p": [{"amount": -1_000_000_000_001i64}]}),
            serde_json::json!({"amount": 1e300}),
            serde_json::json!({"amount": u64::MAX}),
        ] {
            assert!(!super::within_ceiling(&mut bad), "{bad}");
        }
    }

    #[test]
    fn whole_numbers_written_with_a_fraction_are_integers() {
        let mut v = serde_json::json!({"amount": 42620.0, "lines": [{"q": -5.0}, {"q": 2.5}], "id": 7});
        assert!(super::within_ceiling(&mut v));
        assert_eq!(
            v,
            serde_json::json!({"amount": 42620, "lines": [{"q": -5}, {"q": 2.5}], "id": 7})
        );
        assert!(serde_json::from_value::<i64>(v["amount"].clone()).is_ok());
    }
}

//! APIG (API Gateway, dedicated) and APIC trigger events: an HTTP request in, an HTTP response out.
//!
//! The gateway invokes the function, synchronously by default, with an [`ApigRequest`]: method,
//! path, lower-case headers, query and path parameters, and a body that is usually base64
//! (docs/PLATFORM.md §9.4). The function must answer with an [`ApigResponse`], which serialises to
//! the `{"statusCode", "headers", "body", "isBase64Encoded"}` object the gateway requires: the
//! gateway answers **HTTP 500** to anything else, a bare string included (docs/PLATFORM.md §9.4,
//! the OTC FAQ on error 500 with APIG triggers).
//!
//! ```
//! use fg_events::apig::{ApigRequest, ApigResponse};
//!
//! #[derive(serde::Deserialize)]
//! struct Greeting { name: String }
//!
//! fn handle(request: &ApigRequest) -> ApigResponse {
//!     match request.body_json::<Greeting>() {
//!         Ok(greeting) => ApigResponse::text(200, format!("Hello, {}!", greeting.name)),
//!         Err(e) => ApigResponse::text(400, format!("bad request: {e}")),
//!     }
//! }
//!
//! let request: ApigRequest = serde_json::from_str(r#"{
//!     "body": "eyJuYW1lIjogIldvcmxkIn0=",
//!     "requestContext": {"apiId": "bc1d", "requestId": "11cd", "stage": "RELEASE"},
//!     "queryStringParameters": {"lang": "en"},
//!     "httpMethod": "POST",
//!     "pathParameters": {},
//!     "headers": {"content-type": "application/json"},
//!     "path": "/greet",
//!     "isBase64Encoded": true
//! }"#)?;
//! assert_eq!(request.header("Content-Type"), Some("application/json"));
//! assert_eq!(request.query("lang").as_deref(), Some("en"));
//!
//! let response = handle(&request);
//! assert_eq!(
//!     serde_json::to_value(&response)?,
//!     serde_json::json!({
//!         "statusCode": 200,
//!         "headers": {"Content-Type": "text/plain; charset=utf-8"},
//!         "body": "Hello, World!",
//!         "isBase64Encoded": false
//!     })
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```

mod request;
mod response;

#[cfg(test)]
mod tests;

pub use self::request::{ApigRequest, ApigRequestContext};
pub use self::response::{ApigResponse, ApigResponseBuilder};

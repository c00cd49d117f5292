//! An axum app, served unchanged as an HTTP function (`fg_runtime::http::serve`) and behind an
//! APIG trigger (`fg_runtime::http::run`): a small JSON API.
//!
//! - `GET /health`: `{"status":"ok"}`;
//! - `GET /users/{id}?field=a&field=b`: the user, with the requested fields (a repeated query
//!   parameter);
//! - `POST /users`: `201` with the JSON body's user and a `Location` header (`400`/`422` for
//!   other bodies);
//! - `GET /whoami`: what the [`Context`] extractor says about the request and the function;
//! - `GET /logo.png`: a binary response (a 1×1 PNG);
//! - `GET /session`: two `Set-Cookie` headers;
//! - any method on `/apig-event-template` (the console's APIG test event): the request echoed.

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{AppendHeaders, IntoResponse};
use axum::routing::{any, get, post};
use axum::{Extension, Json, Router};
use fg_runtime::Context;
use serde::Deserialize;
use serde_json::{Value, json};

/// A 1×1 transparent PNG.
pub(crate) const LOGO: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// The app's routes.
pub(crate) fn router() -> Router {
    Router::new()
        .route("/health", get(|| async { Json(json!({"status": "ok"})) }))
        .route("/users/{id}", get(user))
        .route("/users", post(create_user))
        .route("/whoami", get(whoami))
        .route("/logo.png", get(logo))
        .route("/session", get(session))
        .route("/apig-event-template", any(echo))
}

async fn user(
    Path(id): Path<u64>,
    Query(query): Query<Vec<(String, String)>>,
    Extension(ctx): Extension<Context>,
) -> Json<Value> {
    ctx.info(format_args!("looking up user {id}"));
    let fields: Vec<&str> = query
        .iter()
        .filter(|(name, _)| name == "field")
        .map(|(_, value)| value.as_str())
        .collect();
    Json(json!({"id": id, "name": format!("user {id}"), "fields": fields}))
}

#[derive(Deserialize)]
struct NewUser {
    name: String,
}

async fn create_user(Json(user): Json<NewUser>) -> impl IntoResponse {
    (
        StatusCode::CREATED,
        [(header::LOCATION, "/users/7")],
        Json(json!({"id": 7, "name": user.name})),
    )
}

async fn whoami(Extension(ctx): Extension<Context>) -> Json<Value> {
    ctx.info(format_args!("whoami"));
    Json(json!({
        "request_id": ctx.request_id(),
        "function": ctx.function_name(),
        "version": ctx.version(),
        "timeout_ms": ctx.timeout().as_millis() as u64,
        "has_credentials": ctx.security_access_key().is_some(),
    }))
}

async fn logo() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "image/png")], LOGO)
}

async fn session() -> impl IntoResponse {
    // `AppendHeaders`: a plain header array would keep only the last `Set-Cookie`.
    (
        AppendHeaders([
            (header::SET_COOKIE, "session=abc; Path=/; HttpOnly"),
            (header::SET_COOKIE, "theme=dark; Path=/"),
        ]),
        "cookies set",
    )
}

async fn echo(
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
    body: String,
) -> Json<Value> {
    Json(json!({
        "method": method.as_str(),
        "path": uri.path(),
        "query": query,
        "user_agent": headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()),
        "body": body,
    }))
}

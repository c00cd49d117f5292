//! The app every subject serves: `GET /users/{id}?field=…` answers the user as JSON, the work
//! a small JSON API does per request (routing, a path and a repeated query parameter, a JSON
//! body), so that what is measured is the cost of the way the request arrives.

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query};
use axum::routing::get;
use serde_json::{Value, json};

/// The request the driver sends, as a path and query.
pub const TARGET: &str = "/users/42?field=name&field=email";

/// The answer's JSON for user `id` with `fields`.
pub fn user(id: u64, fields: &[&str]) -> Value {
    json!({"id": id, "name": format!("user {id}"), "fields": fields})
}

/// The axum app.
pub fn router() -> Router {
    Router::new().route(
        "/users/{id}",
        get(
            |Path(id): Path<u64>, Query(query): Query<Vec<(String, String)>>| async move {
                let fields: Vec<&str> = query
                    .iter()
                    .filter(|(name, _)| name == "field")
                    .map(|(_, value)| value.as_str())
                    .collect();
                Json(user(id, &fields))
            },
        ),
    )
}

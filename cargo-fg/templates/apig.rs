//! An HTTP API behind API Gateway: routes on method and path, reads JSON request bodies and
//! answers JSON.
//!
//! - `GET /health` answers `{"status":"ok"}`;
//! - `POST /greetings` with `{"name": "…"}` answers `201 {"greeting":"Hello, …!"}` (`400` for
//!   another body);
//! - any method on `/apig-event-template` (the path of the console's APIG test event) echoes
//!   the request: method, path, query parameters and the JSON body;
//! - anything else answers `404`, or `405` for a known path with another method.
//!
//! Run it locally on the platform's sample request:
//! `cargo run --example apig < examples/events/apig.json`

use std::collections::BTreeMap;

use fg_events::apig::{ApigRequest, ApigResponse};
use fg_runtime::{Context, apig_handler};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
struct Greeting {
    name: String,
}

#[apig_handler]
fn handle(request: ApigRequest, ctx: &Context) -> Result<ApigResponse, serde_json::Error> {
    let (method, path) = (request.http_method(), request.path());
    ctx.info(format_args!(
        "{method} {path} (gateway request {})",
        request.request_id()
    ));
    match (method, path) {
        ("GET", "/health") => ApigResponse::json(200, &json!({"status": "ok"})),
        ("POST", "/greetings") => match request.body_json::<Greeting>() {
            Ok(greeting) => ApigResponse::json(
                201,
                &json!({"greeting": format!("Hello, {}!", greeting.name)}),
            ),
            Err(e) => ApigResponse::json(400, &json!({"error": format!("bad greeting: {e}")})),
        },
        (_, "/apig-event-template") => {
            // An empty body is `null`; anything else must be JSON.
            let body = if request.body().is_empty() {
                Value::Null
            } else {
                match request.body_json::<Value>() {
                    Ok(body) => body,
                    Err(e) => {
                        return ApigResponse::json(
                            400,
                            &json!({"error": format!("bad JSON: {e}")}),
                        );
                    }
                }
            };
            let query: BTreeMap<_, _> = request.query_string_parameters.iter().collect();
            ApigResponse::json(
                200,
                &json!({"method": method, "path": path, "query": query, "body": body}),
            )
        }
        (_, "/health" | "/greetings") => ApigResponse::json(
            405,
            &json!({"error": format!("{method} not allowed on {path}")}),
        ),
        _ => ApigResponse::json(
            404,
            &json!({"error": format!("no route for {method} {path}")}),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(response: &ApigResponse) -> Value {
        serde_json::from_str(&response.body).unwrap()
    }

    #[test]
    fn routes_on_method_and_path() {
        let ctx = Context::for_test();

        let health = handle(ApigRequest::new("GET", "/health"), &ctx).unwrap();
        assert_eq!(health.status_code, 200);
        assert_eq!(health.header("content-type"), Some("application/json"));
        assert_eq!(body(&health), json!({"status": "ok"}));

        let request = ApigRequest::new("POST", "/greetings").with_body(r#"{"name": "World"}"#);
        let created = handle(request, &ctx).unwrap();
        assert_eq!(created.status_code, 201);
        assert_eq!(body(&created), json!({"greeting": "Hello, World!"}));

        let bad = ApigRequest::new("POST", "/greetings").with_body("nope");
        assert_eq!(handle(bad, &ctx).unwrap().status_code, 400);

        let echo = ApigRequest::new("PUT", "/apig-event-template")
            .with_query("page", "2")
            .with_body(r#"{"a": 1}"#);
        assert_eq!(
            body(&handle(echo, &ctx).unwrap()),
            json!({"method": "PUT", "path": "/apig-event-template", "query": {"page": "2"}, "body": {"a": 1}})
        );

        assert_eq!(
            handle(ApigRequest::new("DELETE", "/health"), &ctx)
                .unwrap()
                .status_code,
            405
        );
        assert_eq!(
            handle(ApigRequest::new("GET", "/nope"), &ctx)
                .unwrap()
                .status_code,
            404
        );
    }
}

//! Not a subject of the timed rounds: `fg_runtime::http::run` of a `tower` service written by
//! hand, doing the work of `apig-handler` (path, repeated query parameter, JSON answer)
//! without axum. Its instructions per request (`bench/count.sh apig-fg-tower`) against
//! `apig-handler`'s are what fg's conversions cost; against `apig-fg`'s, what axum's router,
//! extractors and response cost (docs/PERFORMANCE.md, "HTTP and APIG with axum").

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::task::{Context, Poll};

use axum::body::Body as AxumBody;
use axum::http::{Request, Response, StatusCode, header};
use fg_runtime::http::Body;

#[derive(Clone)]
struct Users;

impl tower_service::Service<Request<Body>> for Users {
    type Response = Response<AxumBody>;
    type Error = Infallible;
    type Future = Ready<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let id = request
            .uri()
            .path()
            .strip_prefix("/users/")
            .and_then(|id| id.parse::<u64>().ok());
        let Some(id) = id else {
            let mut response = Response::new(AxumBody::from("not found"));
            *response.status_mut() = StatusCode::NOT_FOUND;
            return ready(Ok(response));
        };
        let fields: Vec<&str> = request
            .uri()
            .query()
            .unwrap_or_default()
            .split('&')
            .filter_map(|pair| pair.strip_prefix("field="))
            .collect();
        let body = serde_json::to_vec(&fg_bench_http::user(id, &fields)).unwrap_or_default();
        let mut response = Response::new(AxumBody::from(body));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/json"),
        );
        ready(Ok(response))
    }
}

#[tokio::main]
async fn main() -> Result<(), fg_runtime::http::Error> {
    fg_runtime::http::run(Users).await
}

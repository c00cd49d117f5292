//! The axum app of `app.rs` as an **HTTP function**: hyper on `127.0.0.1:8000` (`FG_HOST`,
//! `FG_PORT`), the platform forwarding the gateway's requests to it.
//!
//! Try it locally: `cargo run -p fg-example-axum --bin axum_http`, then
//! `curl localhost:8000/users/7?field=a`. Deploy it as an HTTP function with this binary as
//! `bootstrap`.

#[path = "../app.rs"]
mod app;

#[tokio::main]
async fn main() -> Result<(), fg_runtime::http::Error> {
    fg_runtime::http::serve(app::router()).await
}

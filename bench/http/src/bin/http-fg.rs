//! The app as an HTTP function: `fg_runtime::http::serve` on `FG_PORT`.

#[tokio::main]
async fn main() -> Result<(), fg_runtime::http::Error> {
    fg_runtime::http::serve(fg_bench_http::router()).await
}

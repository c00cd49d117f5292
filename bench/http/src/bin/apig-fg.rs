//! The app behind an APIG trigger: `fg_runtime::http::run`.

#[tokio::main]
async fn main() -> Result<(), fg_runtime::http::Error> {
    fg_runtime::http::run(fg_bench_http::router()).await
}

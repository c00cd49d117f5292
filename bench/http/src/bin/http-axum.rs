//! The baseline: the same app under plain `axum::serve` on `127.0.0.1:$FG_PORT`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("FG_PORT").unwrap_or_else(|_| "8000".into());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    axum::serve(listener, fg_bench_http::router()).await
}

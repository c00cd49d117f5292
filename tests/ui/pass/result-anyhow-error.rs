//! `anyhow::Result<T>`: fallible by its last path segment, error type implied.

use anyhow::Context as _;
use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(event: DisEvent) -> anyhow::Result<Vec<String>> {
    event
        .records()
        .map(|record| record.text().context("a record is not UTF-8"))
        .collect()
}

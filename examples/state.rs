//! Shared state built once per instance: an `async fn` init connects a (stand-in) database
//! client before the first event; every invocation borrows it, bounds its writes by the
//! invocation's deadline, and a shutdown hook reports what was written when the platform stops
//! the instance.
//!
//! Run it locally on the DIS sample event:
//! `cargo run --example state < fg-events/fixtures/dis/documented-sample.json`

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use fg_events::dis::DisEvent;
use fg_runtime::{Context, Diagnostic, IntoDiagnostic, dis_handler};
use serde::Serialize;

/// A stand-in for a database client (a connection pool, an HTTP client with keep-alive): costly
/// to build, so built once, and shared by every invocation through `&Db`.
#[derive(Debug)]
struct Db {
    table: String,
    rows: Mutex<BTreeMap<String, Vec<u8>>>,
    written: AtomicUsize,
}

impl Db {
    /// Connects: the table comes from the function's environment (`DB_TABLE`, default `dis`).
    async fn connect() -> Result<Self, std::io::Error> {
        let table = std::env::var("DB_TABLE").unwrap_or_else(|_| "dis".to_owned());
        if table.is_empty() {
            return Err(std::io::Error::other("DB_TABLE is empty"));
        }
        // A real client would open its connections here, once per instance.
        tokio_yield().await;
        Ok(Self {
            table,
            rows: Mutex::new(BTreeMap::new()),
            written: AtomicUsize::new(0),
        })
    }

    /// Stores one row (a real client would send it over the network).
    async fn insert(&self, key: String, value: Vec<u8>) {
        tokio_yield().await;
        if let Ok(mut rows) = self.rows.lock() {
            rows.insert(key, value);
        }
        self.written.fetch_add(1, Ordering::Relaxed);
    }
}

/// Gives the runtime a turn, as network I/O would.
async fn tokio_yield() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if std::mem::replace(&mut yielded, true) {
            std::task::Poll::Ready(())
        } else {
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    })
    .await;
}

/// The `init` of the handler: connects once and registers a hook that runs at shutdown.
async fn connect() -> Result<Db, std::io::Error> {
    let db = Db::connect().await?;
    fg_runtime::on_shutdown(|| eprintln!("state example: shutting down"));
    Ok(db)
}

fn report_on_shutdown() {
    eprintln!("state example: the instance is stopping");
}

#[derive(Debug, Serialize, PartialEq, Eq)]
struct Stored {
    table: String,
    stored: usize,
    total_in_instance: usize,
}

#[dis_handler(init = connect, shutdown = report_on_shutdown)]
async fn handle(event: DisEvent, ctx: &Context, db: &Db) -> Result<Stored, Diagnostic> {
    let mut stored = 0;
    for record in event.records() {
        let data = record.data()?;
        let key = format!("{}/{}", event.shard_id(), record.sequence_number());
        // Stop (and report `DeadlineExceeded`) rather than be cut off by the platform.
        ctx.with_deadline(db.insert(key, data))
            .await
            .map_err(IntoDiagnostic::into_diagnostic)?;
        stored += 1;
    }
    ctx.info(format_args!(
        "stored {stored} records in {} (time left: {:?})",
        db.table,
        ctx.remaining_time().min(Duration::from_secs(3600))
    ));
    Ok(Stored {
        table: db.table.clone(),
        stored,
        total_in_instance: db.written.load(Ordering::Relaxed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fg_events::dis::DisRecord;

    #[test]
    fn stores_every_record_in_the_shared_client() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let db = runtime.block_on(Db::connect()).unwrap();
        let event = DisEvent::new(
            "clicks",
            "shardId-0000000000",
            vec![
                DisRecord::from_bytes("7", b"a"),
                DisRecord::from_bytes("8", b"b"),
            ],
        );
        let ctx = Context::for_test();
        let first = runtime.block_on(handle(event.clone(), &ctx, &db)).unwrap();
        assert_eq!(first.stored, 2);
        let second = runtime.block_on(handle(event, &ctx, &db)).unwrap();
        assert_eq!(
            second.total_in_instance, 4,
            "the client outlives the invocation"
        );
    }
}

//! An LTS log subscriber: decodes the batch (base64, then JSON, then the JSON inside `logs`),
//! logs every entry with its host and time, and returns a summary.
//!
//! Run it locally on the platform's sample event:
//! `cargo run --example lts < fg-events/fixtures/lts/documented-sample.json`

use std::collections::BTreeSet;

use fg_events::lts::{LtsError, LtsEvent};
use fg_runtime::{Context, handler};
use serde::Serialize;

/// What the function answers for one batch (LTS invokes
/// asynchronously: the platform hands it to the async-notification destinations, if any).
#[derive(Debug, Serialize, PartialEq, Eq)]
struct Summary {
    log_group_id: Option<String>,
    log_topic_id: Option<String>,
    entries: usize,
    hosts: BTreeSet<String>,
}

#[handler]
fn handle(event: LtsEvent, ctx: &Context) -> Result<Summary, LtsError> {
    // The error says which layer failed: base64, UTF-8, the JSON, or the JSON in `logs`.
    let logs = event.decode()?;
    let mut hosts = BTreeSet::new();
    for entry in &logs.logs {
        let host = entry.host_name.as_deref().unwrap_or("unknown host");
        ctx.info(format_args!(
            "{host} {} (ms {}): {}",
            entry.path.as_deref().unwrap_or("-"),
            entry.time.map_or_else(|| "?".to_owned(), |t| t.to_string()),
            entry.message
        ));
        hosts.insert(host.to_owned());
    }
    Ok(Summary {
        entries: logs.logs.len(),
        log_group_id: logs.log_group_id,
        log_topic_id: logs.log_topic_id,
        hosts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fg_events::lts::{LtsLogEntry, LtsLogs};

    #[test]
    fn decodes_and_summarises_the_entries() {
        let logs = LtsLogs {
            logs: vec![
                LtsLogEntry::new("disk full")
                    .with_time(1_530_009_653_059)
                    .with_host_name("ecs-1"),
                LtsLogEntry::new("disk ok").with_host_name("ecs-2"),
                LtsLogEntry::new("retrying").with_host_name("ecs-1"),
            ],
            log_group_id: Some("group-1".into()),
            ..LtsLogs::default()
        };
        let event = LtsEvent::from_logs(&logs).unwrap();
        let summary = handle(event, &Context::for_test()).unwrap();
        assert_eq!(
            summary,
            Summary {
                log_group_id: Some("group-1".into()),
                log_topic_id: None,
                entries: 3,
                hosts: BTreeSet::from(["ecs-1".into(), "ecs-2".into()]),
            }
        );
    }

    #[test]
    fn reports_data_that_is_not_base64() {
        let error = handle(LtsEvent::new("not base64!"), &Context::for_test()).unwrap_err();
        assert!(matches!(error, LtsError::Base64(_)), "{error:?}");
    }
}

//! A CTS audit hook: logs who did what on which resource, as CTS recorded it, warns about
//! failed or flagged operations, and returns a summary.
//!
//! Run it locally on the platform's sample event:
//! `cargo run --example cts < fg-events/fixtures/cts/go-sample.json`

use fg_events::cts::CtsEvent;
use fg_runtime::{Context, handler};
use serde::Serialize;

/// What the function answers for one trace (CTS invokes
/// asynchronously: the platform hands it to the async-notification destinations, if any).
#[derive(Debug, Serialize, PartialEq, Eq)]
struct Summary {
    user: Option<String>,
    operation: Option<String>,
    service: Option<String>,
    resource: Option<String>,
    code: Option<i64>,
}

#[handler]
fn handle(event: CtsEvent, ctx: &Context) -> Summary {
    let trace = event.into_trace();
    let summary = Summary {
        user: trace.user_name().map(str::to_owned),
        operation: trace.trace_name.clone(),
        service: trace.service_type.clone(),
        resource: trace.resource_name.clone(),
        code: trace.code(),
    };
    let line = format!(
        "{} did {} on {} {} {} ({}, code {})",
        summary.user.as_deref().unwrap_or("someone"),
        summary.operation.as_deref().unwrap_or("an operation"),
        summary.service.as_deref().unwrap_or("?"),
        trace.resource_type.as_deref().unwrap_or("resource"),
        summary.resource.as_deref().unwrap_or("?"),
        trace.trace_type.as_deref().unwrap_or("?"),
        trace.code.as_deref().unwrap_or("?"),
    );
    // `warning` and `incident` traces, and error codes, deserve attention.
    let flagged = matches!(trace.trace_status.as_deref(), Some("warning" | "incident"));
    if flagged || summary.code.is_some_and(|code| code >= 400) {
        ctx.warn(line);
    } else {
        ctx.info(line);
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use fg_events::cts::{CtsTrace, CtsUser};

    #[test]
    fn reports_who_did_what() {
        let event = CtsEvent::new(CtsTrace {
            user: Some(CtsUser {
                name: Some("alice".into()),
                ..CtsUser::default()
            }),
            trace_name: Some("createFunction".into()),
            service_type: Some("FunctionGraph".into()),
            resource_name: Some("thumbnails".into()),
            code: Some("0".into()),
            ..CtsTrace::default()
        });
        assert_eq!(
            handle(event, &Context::for_test()),
            Summary {
                user: Some("alice".into()),
                operation: Some("createFunction".into()),
                service: Some("FunctionGraph".into()),
                resource: Some("thumbnails".into()),
                code: Some(0),
            }
        );
    }
}

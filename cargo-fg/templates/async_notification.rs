//! A failure destination for asynchronous invocations: reports every failed invocation of
//! another function (which invocation, why, how often it ran, the error it reported) and
//! returns a summary.
//!
//! Run it locally on a real failure notification (a Java function failing on an OBS event):
//! `cargo run --example async_notification < fg-events/fixtures/async_notification/java-failure-with-obs-event.json`

use fg_events::async_notification::{AsyncNotificationEvent, FunctionError};
use fg_runtime::{Context, handler};
use serde::Serialize;

/// What the function answers for one notification (notifications are
/// delivered asynchronously: the platform hands it to this function's own destinations, if any).
#[derive(Debug, Serialize, PartialEq, Eq)]
struct Summary {
    failed: bool,
    request_id: Option<String>,
    function_urn: Option<String>,
    condition: Option<String>,
    /// The failed function's `errorType`, when its response is an error report.
    error_type: Option<String>,
}

#[handler]
fn handle(event: AsyncNotificationEvent, ctx: &Context) -> Summary {
    let request_id = event.request_id().unwrap_or("?");
    let function = event.function_urn().unwrap_or("?");
    let failed = event.condition().is_some()
        || event.function_error().is_some()
        || event.status_code().is_some_and(|status| status != 200);
    let mut error_type = None;
    if failed {
        let reason = event
            .condition()
            .or(event.function_error())
            .unwrap_or("failed");
        // Above 1, the platform retried.
        let invoke_count = event
            .approximate_invoke_count()
            .map_or_else(|| "?".to_owned(), |count| count.to_string());
        // Runtimes answer `{"errorMessage", "errorType", "stackTrace"}`; anything else is shown
        // as sent.
        let error = match event.response::<FunctionError>() {
            Ok(error) => {
                error_type = Some(error.error_type.clone());
                format!("{}: {}", error.error_type, error.error_message)
            }
            Err(_) => event.response_payload().unwrap_or_default().to_owned(),
        };
        ctx.error(format_args!(
            "invocation {request_id} of {function} failed ({reason}, status {}, invoke count \
             {invoke_count}): {error}",
            event
                .status_code()
                .map_or_else(|| "?".to_owned(), |status| status.to_string()),
        ));
    } else {
        ctx.info(format_args!(
            "invocation {request_id} of {function} succeeded"
        ));
    }
    Summary {
        failed,
        request_id: event.request_id().map(str::to_owned),
        function_urn: event.function_urn().map(str::to_owned),
        condition: event.condition().map(str::to_owned),
        error_type,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_failures_and_passes_successes() {
        let ctx = Context::for_test();
        let failure = AsyncNotificationEvent::default()
            .with_request_id("r-1")
            .with_function_urn("urn:fss:eu-de:p:function:default:orders:latest")
            .with_condition("UnhandledInvocationError")
            .with_status_code(500)
            .with_response(&json!({"errorMessage": "out of stock", "errorType": "OrderError"}))
            .unwrap();
        assert_eq!(
            handle(failure, &ctx),
            Summary {
                failed: true,
                request_id: Some("r-1".into()),
                function_urn: Some("urn:fss:eu-de:p:function:default:orders:latest".into()),
                condition: Some("UnhandledInvocationError".into()),
                error_type: Some("OrderError".into()),
            }
        );

        let success = AsyncNotificationEvent::default()
            .with_request_id("r-2")
            .with_condition("")
            .with_status_code(200)
            .with_response(&"done")
            .unwrap();
        let summary = handle(success, &ctx);
        assert!(!summary.failed);
        assert_eq!(summary.condition, None);
        assert_eq!(summary.error_type, None);
    }
}

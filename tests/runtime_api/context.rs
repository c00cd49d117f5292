//! What the handler sees of the platform: environment, headers in any case, credentials that
//! never leak, request ids that cannot change the answer's path.

use fg_emulator::{Emulator, Event};

use crate::support::{Function, assert_exactly_once, behaviours, dis, invoke};

#[test]
fn context_carries_environment_and_lower_case_headers() {
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(
        &emulator,
        &behaviours(),
        &[
            ("RUNTIME_TIMEOUT", "30"),
            ("RUNTIME_USERDATA", r#"{"TABLE":"clicks"}"#),
        ],
    );
    let event = dis("context", "0")
        .header("x-cff-request-id", "lower-case-id")
        .header("x-cff-invoke-type", "sync")
        .header("x-cff-security-access-key", "AK-1")
        .header("X-CFF-WORKFLOW-ID", "wf-1")
        .header("x-custom-header", "custom");
    let answer = invoke(&emulator, event);
    assert_eq!(answer.request_id, "lower-case-id");
    let seen = answer.json().expect("JSON response");
    assert_eq!(seen["request_id"], "lower-case-id");
    assert_eq!(seen["function_name"], "emulated-function");
    assert_eq!(seen["version"], "latest");
    assert_eq!(seen["memory"], 128);
    assert_eq!(seen["timeout_ms"], 30_000);
    assert!(seen["remaining_ms"].as_u64().unwrap() <= 30_000);
    assert!(seen["remaining_ms"].as_u64().unwrap() > 20_000);
    assert_eq!(seen["user_data"], "clicks");
    assert_eq!(seen["invoke_type"], "Sync");
    assert_eq!(seen["security_access_key"], "AK-1");
    assert_eq!(seen["workflow_id"], "wf-1");
    assert_eq!(seen["custom_header"], "custom");
}

#[test]
fn credentials_never_reach_logs_or_answers() {
    let secrets = [
        "AK-VERY-SECRET-1",
        "SK-VERY-SECRET-2",
        "TOKEN-VERY-SECRET-3",
        "STS-VERY-SECRET-4",
        "LEGACY-AK-5",
        "LEGACY-SK-6",
    ];
    let emulator = Emulator::start().unwrap();
    let function = Function::spawn(&emulator, &behaviours(), &[("FG_LOG_LEVEL", "debug")]);
    let with_credentials = |event: Event| {
        event
            .header("X-CFF-Security-Access-Key", secrets[0])
            .header("X-CFF-Security-Secret-Key", secrets[1])
            .header("X-CFF-Auth-Token", secrets[2])
            .header("X-CFF-Security-Token", secrets[3])
            .header("X-CFF-Access-Key", secrets[4])
            .header("X-CFF-Secret-Key", secrets[5])
    };
    let logged = invoke(&emulator, with_credentials(dis("log-context", "0")));
    assert_eq!(logged.json().unwrap()["token"], "Some(Secret(***))");
    invoke(&emulator, with_credentials(dis("error", "0")));
    invoke(&emulator, with_credentials(dis("panic", "0")));
    invoke(&emulator, with_credentials(Event::new("not json")));
    let mut everything = function.output();
    assert!(
        everything.contains("Secret(***)"),
        "the context was logged: {everything}"
    );
    for answer in emulator.answers() {
        everything.push_str(&answer.text());
    }
    for secret in secrets {
        assert!(
            !everything.contains(secret),
            "{secret} leaked: {everything}"
        );
    }
    assert_exactly_once(&emulator);
}

#[test]
fn request_ids_cannot_change_the_answer_path() {
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(&emulator, &behaviours(), &[]);
    for id in [
        "/",
        "..",
        ".",
        "../../error/x",
        "a?b=c",
        "a#b",
        "a b",
        "ümlaut-ß",
        "%2F",
    ] {
        let answer = invoke(&emulator, dis("ok", "0").request_id(id));
        assert_eq!(answer.request_id, id);
        assert!(answer.is_response(), "{id:?}: {answer:?}");
    }
    assert_exactly_once(&emulator);
}

#[test]
fn credentials_never_reach_panic_messages_or_error_reports() {
    let secrets = [
        "AK-SECRET-7",
        "SK-SECRET-8",
        "TOKEN-SECRET-9",
        "STS-SECRET-10",
    ];
    let emulator = Emulator::start().unwrap();
    let function = Function::spawn(
        &emulator,
        &behaviours(),
        &[("FG_LOG_LEVEL", "debug"), ("RUST_BACKTRACE", "1")],
    );
    let with_credentials = |event: Event| {
        event
            .header("X-CFF-Security-Access-Key", secrets[0])
            .header("X-CFF-Security-Secret-Key", secrets[1])
            .header("X-CFF-Auth-Token", secrets[2])
            .header("X-CFF-Security-Token", secrets[3])
    };
    // Handlers that put the whole context (and a credential) into a panic message or an error.
    let panicked = invoke(&emulator, with_credentials(dis("panic-context", "0")));
    let report = panicked.diagnostic().expect("a panic report");
    assert_eq!(report.error_type, "panic");
    assert!(report.error_message.contains("Secret(***)"), "{report:?}");
    assert!(!report.stack_trace.is_empty(), "with RUST_BACKTRACE=1");
    let failed = invoke(&emulator, with_credentials(dis("error-context", "0")));
    let report = failed.diagnostic().expect("an error report");
    assert!(
        report.error_message.contains("with token ***"),
        "{report:?}"
    );
    // And the runtime's own report on an event it cannot decode.
    invoke(&emulator, with_credentials(Event::new("{\"ShardID\": 1}")));
    let mut everything = function.output();
    for answer in emulator.answers() {
        everything.push_str(&answer.text());
    }
    for secret in secrets {
        assert!(
            !everything.contains(secret),
            "{secret} leaked: {everything}"
        );
    }
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    assert_exactly_once(&emulator);
}

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

/// What `Context::credentials` (and the per-header accessors) make of the headers sent.
fn credentials_seen(emulator: &Emulator, headers: &[(&str, &str)]) -> serde_json::Value {
    let mut event = dis("context", "0");
    for (name, value) in headers {
        event = event.header(*name, *value);
    }
    invoke(emulator, event).json().expect("JSON response")
}

#[test]
fn credentials_come_from_either_header_family_never_mixed() {
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(&emulator, &behaviours(), &[]);
    let security = [
        ("X-CFF-Security-Access-Key", "SEC-AK"),
        ("X-CFF-Security-Secret-Key", "SEC-SK"),
    ];
    let legacy = [("X-CFF-Access-Key", "AK"), ("X-CFF-Secret-Key", "SK")];
    let token = ("X-CFF-Security-Token", "TOKEN");
    let keys = |ak: &str, sk: &str, token: Option<&str>| serde_json::json!({"access_key": ak, "secret_key": sk, "security_token": token});

    // The custom-runtime documentation's family, with its token.
    let seen = credentials_seen(&emulator, &[legacy[0], legacy[1], token]);
    assert_eq!(seen["credentials"], keys("AK", "SK", Some("TOKEN")));
    assert_eq!(seen["security_access_key"], serde_json::Value::Null);
    // The Go runtime's family.
    let seen = credentials_seen(&emulator, &security);
    assert_eq!(seen["credentials"], keys("SEC-AK", "SEC-SK", None));
    // Both complete: the security pair wins; the per-header accessors still see each header.
    let seen = credentials_seen(&emulator, &[security[0], security[1], legacy[0], legacy[1]]);
    assert_eq!(seen["credentials"], keys("SEC-AK", "SEC-SK", None));
    assert_eq!(seen["access_key"], "AK");
    // An incomplete security pair falls back to a complete legacy one.
    let seen = credentials_seen(&emulator, &[security[0], legacy[0], legacy[1], token]);
    assert_eq!(seen["credentials"], keys("AK", "SK", Some("TOKEN")));
    // One key of each family is no pair at all.
    let seen = credentials_seen(&emulator, &[security[0], legacy[1]]);
    assert_eq!(seen["credentials"], serde_json::Value::Null);
    assert_eq!(seen["security_access_key"], "SEC-AK");
    // Nothing sent, nothing found.
    let seen = credentials_seen(&emulator, &[]);
    assert_eq!(seen["credentials"], serde_json::Value::Null);
    assert_exactly_once(&emulator);
}

#[test]
fn null_and_empty_credential_headers_are_absent() {
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(&emulator, &behaviours(), &[]);
    // What the platform sends when the function's keys are not included.
    let seen = credentials_seen(
        &emulator,
        &[
            ("X-CFF-Security-Access-Key", "null"),
            ("X-CFF-Security-Secret-Key", "null"),
            ("X-CFF-Access-Key", "null"),
            ("X-CFF-Secret-Key", ""),
            ("X-CFF-Security-Token", "null"),
            ("X-CFF-Auth-Token", "null"),
        ],
    );
    for field in [
        "credentials",
        "security_access_key",
        "access_key",
        "auth_token",
    ] {
        assert_eq!(seen[field], serde_json::Value::Null, "{field}: {seen}");
    }
    // A `null` key makes its pair incomplete; the other complete pair is used, without the
    // `null` token.
    let seen = credentials_seen(
        &emulator,
        &[
            ("X-CFF-Security-Access-Key", "SEC-AK"),
            ("X-CFF-Security-Secret-Key", "null"),
            ("X-CFF-Access-Key", "AK"),
            ("X-CFF-Secret-Key", "SK"),
            ("X-CFF-Security-Token", "NULL"),
        ],
    );
    assert_eq!(
        seen["credentials"],
        serde_json::json!({"access_key": "AK", "secret_key": "SK", "security_token": null})
    );
    assert_exactly_once(&emulator);
}

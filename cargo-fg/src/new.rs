//! `cargo fg new`: a function crate that builds, passes its tests and answers its sample event
//! from the first minute. Its handler is the repository's example for the trigger (tested there
//! through the emulator; `cargo-fg/templates/` holds the copies the published crate carries), its
//! sample the platform's documented event.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use clap::ArgMatches;

use crate::{samples, ui};

/// The trigger `--trigger` takes besides those with a sample: any JSON event.
pub(crate) const JSON: &str = "json";

/// The trigger for an axum app served as an HTTP function or behind an APIG trigger
/// (fg-runtime's `http` feature); its sample is APIG's.
pub(crate) const HTTP: &str = "http";

/// The triggers `--trigger` takes: every trigger with a sample, [`HTTP`] and [`JSON`].
pub(crate) fn triggers() -> impl Iterator<Item = &'static str> {
    samples::NAMES.into_iter().chain([HTTP, JSON])
}

/// `cargo fg new`.
pub(crate) fn run(matches: &ArgMatches) -> Result<bool> {
    let path = PathBuf::from(
        matches
            .get_one::<String>("path")
            .expect("clap requires PATH"),
    );
    let trigger = matches
        .get_one::<String>("trigger")
        .map_or("dis", String::as_str);
    let fg_path = matches.get_one::<String>("fg-path").map(PathBuf::from);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    check_name(&name)?;
    if path.exists() && fs::read_dir(&path).map_or(true, |mut d| d.next().is_some()) {
        bail!(
            "`{}` already exists; choose a new directory",
            path.display()
        );
    }
    let fg_path = match fg_path {
        Some(dir) => Some(
            dir.canonicalize()
                .with_context(|| format!("--fg-path `{}` does not exist", dir.display()))?,
        ),
        None => None,
    };
    let event = format!("events/{trigger}.json");
    let mut files = vec![
        (
            "Cargo.toml",
            cargo_toml(&name, trigger, &event, fg_path.as_deref()),
        ),
        ("src/main.rs", main_rs(trigger)),
        (event.as_str(), sample(trigger).to_owned()),
        ("README.md", readme(&name, trigger, &event)),
        (".gitignore", "/target\n".to_owned()),
    ];
    if trigger == HTTP {
        files.push(("src/app.rs", HTTP_APP.to_owned()));
    }
    for (file, contents) in &files {
        let file = path.join(file);
        if let Some(dir) = file.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        fs::write(&file, contents).with_context(|| format!("cannot write {}", file.display()))?;
    }
    if let Some(fg) = &fg_path {
        // Start from the versions the fg checkout was tested with.
        let lock = fg.join("Cargo.lock");
        if lock.is_file() {
            fs::copy(&lock, path.join("Cargo.lock"))
                .with_context(|| format!("cannot copy {}", lock.display()))?;
        }
    }
    ui::status(
        "Created",
        format!(
            "function `{name}` ({trigger} trigger) in {}",
            path.display()
        ),
    );
    eprintln!(
        "Next: cd {} && cargo test && cargo fg invoke\n(fg-runtime and fg-events 0.1 are not on \
         crates.io yet: until they are, point them at a checkout of fg with `path = \"…\"` in \
         Cargo.toml.)",
        path.display()
    );
    Ok(true)
}

fn check_name(name: &str) -> Result<()> {
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        bail!(
            "`{name}` cannot be a crate name: use letters, digits, `-` and `_`, starting with a \
             letter"
        );
    }
    Ok(())
}

fn cargo_toml(name: &str, trigger: &str, event: &str, fg_path: Option<&Path>) -> String {
    let dependency = |krate: &str, extra: &str| match fg_path {
        Some(dir) => format!(
            "{krate} = {{ path = {:?}{extra} }}",
            dir.join(krate).display().to_string()
        ),
        None if extra.is_empty() => format!("{krate} = \"0.1\""),
        None => format!("{krate} = {{ version = \"0.1\"{extra} }}"),
    };
    let mut toml = format!(
        "[package]\n\
         name = \"{name}\"\n\
         version = \"0.1.0\"\n\
         edition = \"2024\"\n\
         publish = false\n\
         \n\
         # Read by `cargo fg`: the event `cargo fg invoke` sends when given none.\n\
         [package.metadata.fg]\n\
         event = \"{event}\"\n\
         \n\
         [dependencies]\n"
    );
    if fg_path.is_none() {
        toml.push_str(
            "# fg 0.1 is not on crates.io yet: point these at a checkout of fg until it is, e.g.\n\
             # fg-runtime = { path = \"../fg/fg-runtime\" }\n",
        );
    }
    if trigger == HTTP {
        let _ = writeln!(
            toml,
            "{}",
            dependency("fg-runtime", ", features = [\"http\"]")
        );
        toml.push_str(
            "axum = { version = \"0.8\", default-features = false, features = [\"http1\", \"json\", \"query\", \"tokio\"] }\n\
             tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"time\"] }\n",
        );
    } else {
        let _ = writeln!(toml, "{}", dependency("fg-runtime", ""));
    }
    if trigger != JSON && trigger != HTTP {
        let _ = writeln!(
            toml,
            "{}",
            dependency(
                "fg-events",
                &format!(", default-features = false, features = [\"{trigger}\"]")
            )
        );
    }
    toml.push_str(
        "serde = { version = \"1\", features = [\"derive\"] }\n\
         serde_json = \"1\"\n\
         \n\
         # `cargo fg package --release`: a small, fast-starting `bootstrap`. \"s\" is 16 % smaller\n\
         # than 3 and decodes large batches 2-3 % slower; \"z\" decodes at half the speed.\n\
         [profile.release]\n\
         opt-level = \"s\"\n\
         lto = \"fat\"\n\
         codegen-units = 1\n\
         strip = \"symbols\"\n\
         # fg reports a panic as an error and keeps serving; with \"abort\" it still reports it,\n\
         # but the instance restarts (a cold start) after every panic.\n\
         panic = \"unwind\"\n",
    );
    toml
}

/// The repository's example for `trigger`, with a header for its new home.
fn main_rs(trigger: &str) -> String {
    if trigger == HTTP {
        return HTTP_MAIN.to_owned();
    }
    let Some(example) = example(trigger) else {
        return JSON_MAIN.to_owned();
    };
    let doc_end = example
        .lines()
        .position(|line| !line.starts_with("//!"))
        .unwrap_or(0);
    let lines: Vec<&str> = example.lines().collect();
    // The example's docs end with how to run it inside the fg repository: replace that part.
    let description_end = lines[..doc_end]
        .iter()
        .position(|line| line.starts_with("//! Run it locally"))
        .unwrap_or(doc_end);
    let mut source = String::new();
    for line in &lines[..description_end] {
        source.push_str(line);
        source.push('\n');
    }
    if !source.ends_with("//!\n") {
        source.push_str("//!\n");
    }
    let _ = writeln!(
        source,
        "//! Run it through an emulator of the platform: `cargo fg invoke` (on\n\
         //! `events/{trigger}.json`), or locally: `cargo run -- events/{trigger}.json`."
    );
    for line in &lines[doc_end..] {
        source.push_str(line);
        source.push('\n');
    }
    source
}

/// The repository's example for `trigger` (`examples/<trigger>.rs`), if it has one.
pub(crate) fn example(trigger: &str) -> Option<&'static str> {
    Some(match trigger {
        "dis" => include_str!("../templates/dis.rs"),
        "apig" => include_str!("../templates/apig.rs"),
        "timer" => include_str!("../templates/timer.rs"),
        "smn" => include_str!("../templates/smn.rs"),
        "obs" => include_str!("../templates/obs.rs"),
        "kafka" => include_str!("../templates/kafka.rs"),
        "rocketmq" => include_str!("../templates/rocketmq.rs"),
        "lts" => include_str!("../templates/lts.rs"),
        "cts" => include_str!("../templates/cts.rs"),
        "dds" => include_str!("../templates/dds.rs"),
        "async_notification" => include_str!("../templates/async_notification.rs"),
        _ => return None,
    })
}

fn sample(trigger: &str) -> &'static str {
    let name = if trigger == HTTP { "apig" } else { trigger };
    samples::get(name).unwrap_or(JSON_EVENT)
}

/// The repository's axum app (`examples/axum/src/app.rs`, tested there both ways), as
/// `templates/axum_app.rs` carries it.
pub(crate) const HTTP_APP: &str = include_str!("../templates/axum_app.rs");

const HTTP_MAIN: &str = r##"//! An axum app on FunctionGraph (`src/app.rs`), served one of two ways:
//!
//! - as an **HTTP function**: `fg_runtime::http::serve` listens on 127.0.0.1:8000 and the
//!   platform forwards the gateway's requests to it (`cargo run`, then
//!   `curl localhost:8000/users/7?field=name`);
//! - as an **event function behind an APIG trigger**: `fg_runtime::http::run` takes APIG events
//!   from the custom runtime's API (`cargo fg invoke` on `events/http.json`, or locally
//!   `cargo run -- events/http.json`).
//!
//! `FG_HTTP_MODE=serve` or `FG_HTTP_MODE=run` chooses; without it, `run` when the custom
//! runtime's API (`RUNTIME_API_ADDR`) or an event file is given, `serve` otherwise.

mod app;

#[tokio::main]
async fn main() -> Result<(), fg_runtime::http::Error> {
    let mode = std::env::var("FG_HTTP_MODE").unwrap_or_default();
    let events = std::env::var_os("RUNTIME_API_ADDR").is_some()
        || std::env::var_os(fg_runtime::LOCAL_EVENT_VAR).is_some()
        || std::env::args_os().nth(1).is_some();
    if mode == "run" || (mode != "serve" && events) {
        fg_runtime::http::run(app::router()).await
    } else {
        fg_runtime::http::serve(app::router()).await
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    #[test]
    fn serves_the_app_over_http() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        runtime.spawn(fg_runtime::http::serve_with_shutdown(
            listener,
            super::app::router(),
            std::future::pending(),
        ));
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .write_all(b"GET /users/7?field=name HTTP/1.1
Host: test
Connection: close

")
            .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.contains(r#""fields":["name"]"#), "{answer}");
    }
}
"##;

const JSON_MAIN: &str = r#"//! A function for any JSON event: logs it and answers what it received.
//!
//! Run it through an emulator of the platform: `cargo fg invoke` (on
//! `events/json.json`), or locally: `cargo run -- events/json.json`.

use fg_runtime::{Context, handler};
use serde_json::{Value, json};

#[handler]
fn handle(event: Value, ctx: &Context) -> Value {
    ctx.info(format_args!("event: {event}"));
    json!({"received": event, "function": ctx.function_name()})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoes_the_event() {
        let answer = handle(json!({"hello": "world"}), &Context::for_test());
        assert_eq!(answer["received"], json!({"hello": "world"}));
    }
}
"#;

const JSON_EVENT: &str = "{\"hello\": \"world\"}\n";

fn readme(name: &str, trigger: &str, event: &str) -> String {
    let mut commands = vec![
        (
            "cargo test".to_owned(),
            "the handler's unit tests".to_owned(),
        ),
        (
            "cargo fg invoke".to_owned(),
            format!("build, run it through the emulator on {event}"),
        ),
    ];
    if samples::is_asynchronous(trigger) && trigger != JSON && trigger != HTTP {
        commands.push((
            "cargo fg invoke --async --times 10".to_owned(),
            "as the trigger invokes it, in one warm instance".to_owned(),
        ));
    }
    if trigger == "dis" {
        commands.push((
            "cargo fg replay dis --input data.ndjson".to_owned(),
            "each line a record, batched as the trigger does".to_owned(),
        ));
    }
    commands.push((
        format!("cargo run -- {event}"),
        "local mode: no emulator".to_owned(),
    ));
    if trigger == HTTP {
        commands.push((
            "cargo run".to_owned(),
            "HTTP-function mode on 127.0.0.1:8000".to_owned(),
        ));
    }
    commands.push((
        "cargo fg package --release".to_owned(),
        format!("target/fg/release/{name}/{name}.zip"),
    ));
    let width = commands.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    let mut block = String::new();
    for (command, comment) in &commands {
        let _ = writeln!(block, "{command:width$}   # {comment}");
    }
    let deploy = if trigger == HTTP {
        "Deploy the zip as an **HTTP function** (its requests reach the app on 127.0.0.1:8000), or\n\
         to a function with the **Custom** runtime and handler `bootstrap` with an APIG trigger\n\
         (set `FG_HTTP_MODE=run` if the platform does not give the runtime API's address).\n\
         See fg's README, \"HTTP functions and APIG with axum\"."
    } else {
        "Deploy the zip to a function with the **Custom** runtime and handler `bootstrap` (see\n\
         fg's docs/DEPLOYMENT.md)."
    };
    format!(
        "# {name}\n\
         \n\
         A FunctionGraph function ({trigger} trigger) written with fg.\n\
         \n\
         ```sh\n\
         {block}\
         ```\n\
         \n\
         {deploy} `cargo fg` is installed from the fg repository with\n\
         `cargo install --path cargo-fg`.\n\
         \n\
         fg-runtime and fg-events 0.1 are not on crates.io yet: until they are, Cargo.toml must\n\
         point them at a checkout of fg (`fg-runtime = {{ path = \"../fg/fg-runtime\" }}`).\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(check_name("clicks-v2").is_ok());
        assert!(check_name("2clicks").is_err());
        assert!(check_name("a b").is_err());
        assert!(check_name("").is_err());
    }

    #[test]
    fn every_trigger_has_a_handler_and_an_event() {
        for trigger in triggers() {
            let main = main_rs(trigger);
            assert!(
                main.contains("_handler]")
                    || main.contains("#[handler]")
                    || main.contains("fg_runtime::http::run("),
                "{trigger}"
            );
            assert!(!main.contains("cargo run --example"), "{trigger}: {main}");
            assert!(
                main.contains(&format!("events/{trigger}.json")),
                "{trigger}"
            );
            assert!(
                serde_json::from_str::<serde_json::Value>(sample(trigger)).is_ok(),
                "{trigger}"
            );
        }
    }

    #[test]
    fn version_dependencies_by_default_and_paths_on_request() {
        let toml = cargo_toml("f", "dis", "events/dis.json", None);
        assert!(toml.contains("fg-runtime = \"0.1\"\n"), "{toml}");
        assert!(toml.contains(
            "fg-events = { version = \"0.1\", default-features = false, features = [\"dis\"] }"
        ));
        let toml = cargo_toml("f", "dis", "events/dis.json", Some(Path::new("/src/fg")));
        assert!(
            toml.contains("fg-runtime = { path = \"/src/fg/fg-runtime\" }"),
            "{toml}"
        );
    }
}

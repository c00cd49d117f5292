//! The command line: every command, its options, its help text with examples. Built with clap's
//! builder API (see Cargo.toml for why not `derive`); each command module reads its own
//! `ArgMatches`.

use std::ffi::OsString;

use clap::builder::PossibleValuesParser;
use clap::{Arg, ArgAction, ArgGroup, Command, value_parser};

use crate::{new, samples};

/// The arguments, with `fg` inserted when the binary is run as `cargo-fg <command>`: cargo runs
/// `cargo fg x` as `cargo-fg fg x`, and both spellings should work.
pub(crate) fn args() -> Vec<OsString> {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    if args.get(1).is_none_or(|arg| arg != "fg") {
        let at = args.len().min(1);
        args.insert(at, "fg".into());
    }
    args
}

/// `cargo fg` and its commands.
pub(crate) fn command() -> Command {
    Command::new("cargo")
        .bin_name("cargo")
        .subcommand_required(true)
        .subcommand(
            Command::new("fg")
                .version(env!("CARGO_PKG_VERSION"))
                .about("Create, build, package and run FunctionGraph functions written with fg")
                .long_about(
                    "Create, build, package and run FunctionGraph functions written with fg.\n\n\
                     Commands act on the function crate in the current directory, or on one of \
                     its targets with --bin NAME or --example NAME, as cargo does. Functions run \
                     locally against an emulator of the platform's runtime API.",
                )
                .subcommand_required(true)
                .arg_required_else_help(true)
                .after_help(
                    "Examples:\n  \
                     cargo fg new my-function --trigger dis\n  \
                     cd my-function && cargo fg invoke\n  \
                     cargo fg package --release\n  \
                     cargo fg deploy --name my-function --dis-stream clicks\n  \
                     cargo fg replay dis --example dis --input examples/data/clicks.ndjson\n\n\
                     Exit status: 0 on success, 1 when the function failed (an error report, a \
                     timeout, a crash, failed batches), 2 when cargo fg could not do its job (bad \
                     arguments, a missing file, a failed build).",
                )
                .subcommands([
                    new_command(),
                    build_command(),
                    package_command(),
                    deploy_command(),
                    invoke_command(),
                    serve_command(),
                    replay_command(),
                ]),
        )
}

fn new_command() -> Command {
    Command::new("new")
        .about("Create a function crate, ready to build, invoke and deploy")
        .long_about(
            "Create a function crate: Cargo.toml (with a size-tuned release profile), src/main.rs \
             with the handler macro for the trigger, a sample event in events/ and a README. \
             The crate depends on fg-runtime and fg-events 0.1, which are not on crates.io yet: \
             point them at a checkout of fg with path dependencies until they are.",
        )
        .arg(
            Arg::new("path")
                .value_name("PATH")
                .required(true)
                .help("Directory to create; its last component is the crate name"),
        )
        .arg(
            Arg::new("trigger")
                .long("trigger")
                .value_name("TRIGGER")
                .default_value("dis")
                .value_parser(PossibleValuesParser::new(new::triggers()))
                .help("The trigger the function handles (json: any JSON event; http: an axum app, as an HTTP function or behind APIG)"),
        )
        .arg(
            // For the tests and for developing fg itself: path dependencies on a checkout.
            Arg::new("fg-path")
                .long("fg-path")
                .value_name("DIR")
                .hide(true)
                .help("Depend on the fg crates of this checkout (path dependencies)"),
        )
        .after_help(
            "Examples:\n  \
             cargo fg new clicks --trigger dis\n  \
             cargo fg new api --trigger apig\n  \
             cd clicks && cargo test && cargo fg invoke",
        )
}

fn build_command() -> Command {
    target_args(Command::new("build"))
        .about("Build the statically linked bootstrap binary the platform runs")
        .long_about(
            "Build the function as a statically linked Linux x86_64 executable (the installed \
             x86_64-unknown-linux-gnu target with -C target-feature=+crt-static), so that it \
             runs whatever glibc the platform has, and copy it to \
             target/fg/<profile>/<name>/bootstrap. Prints the path on standard output.",
        )
        .after_help(
            "Examples:\n  \
             cargo fg build --release\n  \
             cargo fg build --example dis",
        )
}

fn package_command() -> Command {
    target_args(Command::new("package"))
        .about("Build the function and zip it for upload (bootstrap at the root, mode 755)")
        .long_about(
            "Build the function as `cargo fg build` does and write a zip with the executable \
             `bootstrap` at its root, ready to upload to a function with the Custom runtime and \
             handler `bootstrap`. Prints the zip's path on standard output and its size on \
             standard error.",
        )
        .arg(
            Arg::new("output")
                .short('o')
                .long("output")
                .value_name("FILE")
                .help("Where to write the zip [default: target/fg/<profile>/<name>/<name>.zip]"),
        )
        .after_help(
            "Examples:\n  \
             cargo fg package --release\n  \
             cargo fg package --release --example dis -o dis.zip",
        )
}

fn invoke_command() -> Command {
    platform_args(target_args(Command::new("invoke")))
        .about("Build the function and run it once (or N times) on an event, through the emulator")
        .long_about(
            "Build the function, start it against the runtime-API emulator with the environment \
             the platform sets, send it the event and print its response (or error report) on \
             standard output; its logs and the duration go to standard error. Exits with 1 when \
             the function reports an error, times out or crashes. Without --event or --sample \
             the event is the crate's own sample: package.metadata.fg.event in Cargo.toml, or \
             examples/events/<NAME>.json, else the sample of the trigger NAME, for --example NAME.",
        )
        .arg(
            Arg::new("event")
                .long("event")
                .value_name("FILE")
                .help("The event to send: a JSON file (any bytes are sent as they are)"),
        )
        .arg(
            Arg::new("sample")
                .long("sample")
                .value_name("TRIGGER")
                .value_parser(PossibleValuesParser::new(samples::NAMES))
                .help("Send the platform's documented sample event of this trigger"),
        )
        .group(ArgGroup::new("source").args(["event", "sample"]))
        .arg(
            Arg::new("times")
                .long("times")
                .value_name("N")
                .default_value("1")
                .value_parser(value_parser!(u32).range(1..=1_000_000))
                .help("Invoke N times in the same (warm) process"),
        )
        .arg(
            Arg::new("async")
                .long("async")
                .action(ArgAction::SetTrue)
                .help("Invoke asynchronously (X-CFF-Invoke-Type: async), as DIS, SMN, OBS do"),
        )
        .arg(
            Arg::new("header")
                .long("header")
                .value_name("NAME=VALUE")
                .action(ArgAction::Append)
                .help("A header of the platform's event reply (e.g. X-Cff-Workflow-Id=wf-1); repeatable"),
        )
        .arg(
            Arg::new("credentials")
                .long("credentials")
                .action(ArgAction::SetTrue)
                .help(
                    "Send placeholder agency credentials (X-CFF-Security-Access-Key, -Secret-Key, \
                     -Token, X-CFF-Auth-Token), as the platform does when an agency is configured",
                ),
        )
        .arg(
            Arg::new("remote")
                .long("remote")
                .value_name("URL")
                .num_args(0..=1)
                .default_missing_value("http://127.0.0.1:9000/invoke")
                .help(
                    "Send the event to a running `cargo fg serve` instead of building \
                     [default URL: http://127.0.0.1:9000/invoke]",
                ),
        )
        .arg(
            Arg::new("deployed")
                .long("deployed")
                .value_name("NAME")
                .conflicts_with_all(["remote", "times", "header", "credentials"])
                .help(
                    "Invoke the function NAME deployed on FunctionGraph (signed with the access \
                     keys, as `cargo fg deploy`) instead of building: prints the result, status, \
                     request id and log tail",
                ),
        )
        .args(location_args())
        .after_help(
            "Examples:\n  \
             cargo fg invoke\n  \
             cargo fg invoke --example dis --sample dis\n  \
             cargo fg invoke --event events/big.json --times 100 --env TABLE=clicks\n  \
             cargo fg invoke --sample dis --async --credentials --header X-Cff-Workflow-Id=wf-1\n  \
             cargo fg invoke --remote --sample dis\n  \
             cargo fg invoke --deployed clicks --sample dis --async",
        )
}

fn serve_command() -> Command {
    platform_args(target_args(Command::new("serve")))
        .about("Run the emulator as a server: start the function and invoke it over HTTP")
        .long_about(
            "Start the runtime-API emulator and the function, and keep them running: \
             `POST /invoke` with an event as the body (or `cargo fg invoke --remote`) invokes \
             the function and answers with its response (200), error report (500) or a timeout \
             (504). The environment a function needs is printed, so that you can run the \
             function yourself from an IDE or a debugger instead (--no-run). A function that \
             crashes or times out is started again for the next event, as the platform does.",
        )
        .arg(
            Arg::new("port")
                .long("port")
                .value_name("PORT")
                .default_value("9000")
                .value_parser(value_parser!(u16))
                .help("Port of the /invoke front end on 127.0.0.1 (0: any free port)"),
        )
        .arg(
            Arg::new("api-port")
                .long("api-port")
                .value_name("PORT")
                .default_value("9001")
                .value_parser(value_parser!(u16))
                .help("Port of the emulated runtime API (RUNTIME_API_ADDR) on 127.0.0.1"),
        )
        .arg(
            Arg::new("no-run")
                .long("no-run")
                .action(ArgAction::SetTrue)
                .help("Do not build or start the function: run it yourself with the printed environment"),
        )
        .after_help(
            "Examples:\n  \
             cargo fg serve\n  \
             curl --data-binary @events/dis.json http://127.0.0.1:9000/invoke\n  \
             cargo fg invoke --remote --sample dis\n  \
             cargo fg serve --no-run --timeout 900   # then start the function in your debugger",
        )
}

fn replay_command() -> Command {
    Command::new("replay")
        .about("Replay a recorded stream through the function, batched as its trigger batches")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .after_help(
            "Examples:\n  \
             cargo fg replay dis --example dis --input examples/data/clicks.ndjson",
        )
        .subcommand(
            platform_args(target_args(Command::new("dis")))
                .about("Replay a file as a DIS stream: shards, sequence numbers, batches, retries")
                .long_about(
                    "Turn each line of the input (or each JSON value, for a JSON array or \
                     --split json) into a DIS record, spread the records over --shards shards by \
                     partition key, and invoke the function with one shard's batch at a time, as \
                     the DIS trigger does with serial processing: at most --batch-size records and \
                     --max-bytes bytes per batch, the next batch of a shard only after the previous \
                     one was processed. A failed batch is retried --retries times and then listed \
                     with its shard and sequence range: nothing is dropped silently. Shows a \
                     progress bar on a terminal and ends with a summary; exits with 1 when a batch \
                     failed. The function's logs go to target/fg/replay/<name>.log.",
                )
                .arg(
                    Arg::new("input")
                        .long("input")
                        .value_name("FILE")
                        .required(true)
                        .help("The recorded data: one record per line (NDJSON, text), or JSON"),
                )
                .arg(
                    Arg::new("batch-size")
                        .long("batch-size")
                        .value_name("N")
                        .default_value("100")
                        .value_parser(value_parser!(u32).range(1..=10_000))
                        .help("Most records per invocation (the trigger's batch_size: 1-10000)"),
                )
                .arg(
                    Arg::new("max-bytes")
                        .long("max-bytes")
                        .value_name("BYTES")
                        .default_value("4194304")
                        .value_parser(value_parser!(u64).range(1..=4_194_304))
                        .help("Most record bytes per invocation (the trigger's max_fetch_bytes: up to 4 MiB)"),
                )
                .arg(
                    Arg::new("shards")
                        .long("shards")
                        .value_name("N")
                        .default_value("1")
                        .value_parser(value_parser!(u32).range(1..=1024))
                        .help("Shards (partitions) of the emulated stream"),
                )
                .arg(
                    Arg::new("rate")
                        .long("rate")
                        .value_name("RECORDS_PER_S")
                        .value_parser(value_parser!(u32).range(1..))
                        .help("Deliver at most this many records per second [default: as fast as the function goes]"),
                )
                .arg(
                    Arg::new("retries")
                        .long("retries")
                        .value_name("N")
                        .default_value("0")
                        .value_parser(value_parser!(u32).range(0..=10))
                        .help("Retries of a failed batch before it is listed as failed"),
                )
                .arg(
                    Arg::new("stream")
                        .long("stream")
                        .value_name("NAME")
                        .help("StreamName of the events [default: the input file's name without extension]"),
                )
                .arg(
                    Arg::new("key")
                        .long("key")
                        .value_name("FIELD")
                        .help("Partition key: this top-level field of each JSON record [default: the record's line number]"),
                )
                .arg(
                    Arg::new("split")
                        .long("split")
                        .value_name("HOW")
                        .value_parser(["lines", "json"])
                        .help("lines: one record per non-empty line; json: one per JSON value [default: json for a JSON array, else lines]"),
                )
                .after_help(
                    "Examples:\n  \
                     cargo fg replay dis --example dis --input examples/data/clicks.ndjson\n  \
                     cargo fg replay dis --input clicks.ndjson --shards 4 --batch-size 500 --key user --retries 1\n  \
                     cargo fg replay dis --input clicks.ndjson --rate 200",
                ),
        )
}

fn deploy_command() -> Command {
    let mut command = Command::new("deploy")
        .about("Build the function and create or update it on FunctionGraph, signed with your access keys")
        .long_about(
            "Build the release bootstrap and its zip exactly as `cargo fg package --release` \
             does, then, through FunctionGraph's management API: look the function up; create \
             it (runtime Custom, handler bootstrap) or upload the new code and change only the \
             settings given here that differ from what is deployed; publish a version and point \
             an alias at it (--publish, --alias); ensure one DIS trigger on a stream \
             (--dis-stream). Settings may also live in [package.metadata.fg] of the function's \
             Cargo.toml (same names as the options; the command line wins).\n\n\
             Access keys come from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (or OS_ACCESS_KEY \
             and OS_SECRET_KEY), a temporary token from HUAWEICLOUD_SDK_SECURITY_TOKEN (or \
             OS_SECURITY_TOKEN). Every request is signed with SDK-HMAC-SHA256; keys and tokens \
             are never printed. The project id comes from --project-id, \
             HUAWEICLOUD_SDK_PROJECT_ID or OS_PROJECT_ID, else from IAM by region name.",
        )
        .arg(
            Arg::new("name")
                .long("name")
                .value_name("FUNCTION")
                .help("The function's name on FunctionGraph [default: the binary's name]"),
        )
        .args(location_args());
    command = target_args(command).mut_arg("release", |arg| {
        arg.hide(true)
            .help("Always on: deploy builds with the release profile")
    });
    // As the issue that asked for deploy names them: `--package` is the FunctionGraph package
    // (`--function-package` too, as for `invoke --deployed`), `-p` the cargo package.
    command = command
        .mut_arg("package", |arg| {
            arg.long(None).help(
                "The cargo package, in a workspace [default: the one in the current directory]",
            )
        })
        .mut_arg("function-package", |arg| {
            arg.long("package").visible_alias("function-package")
        });
    command
        .arg(
            Arg::new("runtime")
                .long("runtime")
                .value_name("custom|http")
                .help("How a new function runs: `custom` (an event function: DIS, APIG, timer, ...) or `http` (an HTTP function serving with fg_runtime::http::serve) [default: custom]"),
        )
        .arg(
            Arg::new("memory")
                .long("memory")
                .value_name("MB")
                .help("Memory in MB, 128 to 10240 [default for a new function: 128]"),
        )
        .arg(
            Arg::new("timeout")
                .long("timeout")
                .value_name("SECONDS")
                .help("Timeout in seconds, 3 to 259200 [default for a new function: 30]"),
        )
        .arg(
            Arg::new("env")
                .long("env")
                .value_name("KEY=VALUE")
                .action(ArgAction::Append)
                .help("Set an environment variable of the function (user_data); others are kept; repeatable"),
        )
        .arg(
            Arg::new("agency")
                .long("agency")
                .value_name("NAME")
                .help("The agency the function runs with (xrole), e.g. one allowed to read DIS"),
        )
        .arg(
            Arg::new("description")
                .long("description")
                .value_name("TEXT")
                .help("The function's description"),
        )
        .arg(
            Arg::new("publish")
                .long("publish")
                .value_name("VERSION")
                .num_args(0..=1)
                .default_missing_value("")
                .help("Publish a version after the upload [default name: the platform's]"),
        )
        .arg(
            Arg::new("alias")
                .long("alias")
                .value_name("NAME")
                .help("Point the alias NAME at the published version (created or moved)"),
        )
        .arg(
            Arg::new("dis-stream")
                .long("dis-stream")
                .value_name("STREAM")
                .help("Ensure a DIS trigger on STREAM (created once, never duplicated)"),
        )
        .arg(
            Arg::new("starting-position")
                .long("starting-position")
                .value_name("POSITION")
                .value_parser(["TRIM_HORIZON", "LATEST"])
                .help("Where a new DIS trigger starts reading [default: TRIM_HORIZON]"),
        )
        .arg(
            Arg::new("polling-interval")
                .long("polling-interval")
                .value_name("N")
                .help("The DIS trigger's poll period, 1 to 60 [default: 30]"),
        )
        .arg(
            Arg::new("polling-unit")
                .long("polling-unit")
                .value_name("UNIT")
                .value_parser(["s", "ms"])
                .help("The unit of --polling-interval [default: s]"),
        )
        .arg(
            Arg::new("batch-size")
                .long("batch-size")
                .value_name("N")
                .help("Most records per invocation, 1 to 10000 [default: 100]"),
        )
        .arg(
            Arg::new("max-fetch-bytes")
                .long("max-fetch-bytes")
                .value_name("BYTES")
                .help("Most bytes per DIS pull, 0 to 4194304 [default: 2097152]"),
        )
        .arg(
            Arg::new("serial")
                .long("serial")
                .action(ArgAction::SetTrue)
                .help("Pull the next DIS batch only after the previous one was processed"),
        )
        .arg(
            Arg::new("dry-run")
                .long("dry-run")
                .action(ArgAction::SetTrue)
                .help(
                    "Print every call that would change something (bodies without the code) \
                     and send none of them; lookups (GET) are sent",
                ),
        )
        .arg(
            Arg::new("output")
                .long("output")
                .value_name("FORMAT")
                .value_parser(["text", "json"])
                .default_value("text")
                .help("json: print one JSON object on standard output, for CI"),
        )
        .arg(
            Arg::new("verbose")
                .short('v')
                .long("verbose")
                .action(ArgAction::SetTrue)
                .help("Print each call's method, URL, status and request id"),
        )
        .arg(
            // For tests and for CI re-deploys of an artifact: no build, no crate needed.
            Arg::new("zip")
                .long("zip")
                .value_name("FILE")
                .hide(true)
                .help(
                    "Deploy this zip instead of building (tests, CI re-deploys); settings are \
                     still read from the crate here, if there is one",
                ),
        )
        .after_help(
            "Examples:\n  \
             # Open Telekom Cloud (eu-de)\n  \
             export OS_ACCESS_KEY=... OS_SECRET_KEY=... OS_PROJECT_ID=...\n  \
             cargo fg deploy --name clicks --memory 256 --env TABLE=clicks\n  \
             cargo fg deploy --example dis --name clicks --dis-stream clicks --agency dis-reader --publish --alias prod\n\n  \
             # Huawei Cloud\n  \
             export HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=...\n  \
             cargo fg deploy --region ap-southeast-1 --name clicks --dry-run\n  \
             cargo fg deploy --region eu-west-101 --name clicks --output json\n\n  \
             cargo fg invoke --deployed clicks --sample dis\n\n\
             Exit status: 0 when deployed, 2 when nothing was changed (bad arguments, no keys, \
             a failed build, a refusal before the first change), 1 when the deploy stopped \
             part-way (the message says what was done and what was not).",
        )
}

/// `--region`, `--project-id`, `--function-package`, `--endpoint`, `--iam-endpoint`: where a
/// deployed function lives.
fn location_args() -> [Arg; 5] {
    [
        Arg::new("region")
            .long("region")
            .value_name("REGION")
            .help("The region: eu-de (Open Telekom Cloud) or a Huawei Cloud region [default: eu-de]"),
        Arg::new("project-id")
            .long("project-id")
            .value_name("ID")
            .help("The project id [default: HUAWEICLOUD_SDK_PROJECT_ID, OS_PROJECT_ID, else asked from IAM]"),
        Arg::new("function-package")
            .long("function-package")
            .value_name("NAME")
            .help("The FunctionGraph package (application) of the function [default: default]"),
        Arg::new("endpoint")
            .long("endpoint")
            .value_name("URL")
            .help("FunctionGraph's endpoint instead of the region's (http:// accepted: tests, private gateways)"),
        Arg::new("iam-endpoint")
            .long("iam-endpoint")
            .value_name("URL")
            .help("IAM's endpoint instead of the region's (where the project id is looked up)"),
    ]
}

/// `--bin`, `--example`, `--package`, `--release`: which function to build, as cargo takes them.
fn target_args(command: Command) -> Command {
    command
        .arg(
            Arg::new("bin")
                .long("bin")
                .value_name("NAME")
                .conflicts_with("example")
                .help("The binary target NAME (when the package has several)"),
        )
        .arg(
            Arg::new("example")
                .long("example")
                .value_name("NAME")
                .help("The example NAME of the package, as `cargo run --example NAME`"),
        )
        .arg(
            Arg::new("package")
                .short('p')
                .long("package")
                .value_name("NAME")
                .help("The package, in a workspace [default: the one in the current directory]"),
        )
        .arg(
            Arg::new("release")
                .long("release")
                .action(ArgAction::SetTrue)
                .help("Build with the release profile"),
        )
}

/// `--env`, `--timeout`, `--memory`: the function's configuration on the platform.
fn platform_args(command: Command) -> Command {
    command
        .arg(
            Arg::new("env")
                .long("env")
                .value_name("KEY=VALUE")
                .action(ArgAction::Append)
                .help("An environment variable of the function (also in RUNTIME_USERDATA); repeatable"),
        )
        .arg(
            Arg::new("timeout")
                .long("timeout")
                .value_name("SECONDS")
                .default_value("3")
                .value_parser(value_parser!(u32).range(1..=259_200))
                .help("The function's timeout (RUNTIME_TIMEOUT), enforced by the emulator"),
        )
        .arg(
            Arg::new("memory")
                .long("memory")
                .value_name("MB")
                .default_value("128")
                .value_parser(value_parser!(u32).range(128..=10_240))
                .help("The function's memory (RUNTIME_MEMORY, informational: not enforced)"),
        )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_consistent() {
        super::command().debug_assert();
    }
}

//! The fg benchmark driver. `bench/run.sh` builds everything and runs `fg-bench all`; see
//! `docs/PERFORMANCE.md` for the method.
//!
//! ```text
//! fg-bench all [--quick] [--clean-build | --no-clean-build] [--out FILE]
//! fg-bench warm|decode|cold|rss|build [--quick]   one part, its JSON on stdout
//! fg-bench show FILE                              the tables of a results file
//! ```

mod api;
mod build;
mod cold;
mod decode;
mod report;
mod rss;
mod stats;
mod warm;

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

const USAGE: &str = "usage: fg-bench all [--quick] [--clean-build | --no-clean-build] [--out FILE]
       fg-bench warm|decode|cold|rss|build [--quick]
       fg-bench show FILE";

#[derive(Debug)]
struct Args {
    command: String,
    quick: bool,
    clean_build: Option<bool>,
    out: Option<PathBuf>,
    file: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args_os().skip(1);
    let command = args
        .next()
        .and_then(|c| c.into_string().ok())
        .ok_or("no command")?;
    let mut parsed = Args {
        command,
        quick: false,
        clean_build: None,
        out: None,
        file: None,
    };
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--quick") => parsed.quick = true,
            Some("--clean-build") => parsed.clean_build = Some(true),
            Some("--no-clean-build") => parsed.clean_build = Some(false),
            Some("--out") => parsed.out = Some(args.next().ok_or("--out needs a file")?.into()),
            Some(s) if s.starts_with('-') => return Err(format!("unknown option {s}")),
            _ if parsed.file.is_none() => parsed.file = Some(arg.into()),
            _ => return Err("too many arguments".into()),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("fg-bench: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fg-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (this package's parent directory).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Where the function binaries are: next to this one.
fn bin_dir() -> io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    exe.parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| io::Error::other("no directory for the current executable"))
}

fn print_json(value: &Value) -> io::Result<()> {
    println!(
        "{}",
        serde_json::to_string(value).map_err(io::Error::other)?
    );
    Ok(())
}

fn run(args: &Args) -> io::Result<()> {
    let bins = bin_dir()?;
    match args.command.as_str() {
        "warm" => print_json(&warm::run(&bins, args.quick)?),
        "decode" => print_json(&decode::run(args.quick)),
        "cold" => print_json(&cold::run(&bins, args.quick)?),
        "rss" => print_json(&rss::run(&bins, args.quick)?),
        "build" => print_json(&build::run(
            &workspace(),
            &bins,
            args.clean_build.unwrap_or(false),
        )?),
        "show" => {
            let file = args.file.as_ref().ok_or_else(|| io::Error::other(USAGE))?;
            let text = std::fs::read_to_string(file)?;
            let results: Value = serde_json::from_str(&text).map_err(io::Error::other)?;
            print!("{}", report::render(&results));
            Ok(())
        }
        "all" => all(args, &bins),
        other => Err(io::Error::other(format!(
            "unknown command {other}\n{USAGE}"
        ))),
    }
}

/// Runs `fg-bench warm` in a child process, pinned to CPU 0 with `taskset` or not.
fn warm_in_child(quick: bool, pinned: bool) -> io::Result<Value> {
    let exe = std::env::current_exe()?;
    let mut command = if pinned {
        let mut c = Command::new("taskset");
        c.args(["-c", "0"]).arg(exe);
        c
    } else {
        Command::new(exe)
    };
    command.arg("warm").stderr(Stdio::inherit());
    if quick {
        command.arg("--quick");
    }
    let output = command.output()?;
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "warm part ({}) failed: {}",
            if pinned { "pinned" } else { "unpinned" },
            output.status
        )));
    }
    serde_json::from_slice(&output.stdout).map_err(io::Error::other)
}

fn command_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn all(args: &Args, bins: &Path) -> io::Result<()> {
    let quick = args.quick;
    let started = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut results = json!({
        "quick": quick,
        "started_unix": started,
        "machine": {
            "cpus": std::thread::available_parallelism().map(usize::from).unwrap_or(0),
            "cpu": std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|c| c
                .lines()
                .find_map(|l| l.strip_prefix("model name").map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned()))),
            "kernel": std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim(),
            "rustc": command_line("rustc", &["-V"]),
            "loadavg_before": loadavg(),
            "tcp_congestion_control": std::fs::read_to_string("/proc/sys/net/ipv4/tcp_congestion_control").unwrap_or_default().trim(),
            "driver_congestion_control": api::driver_congestion_control(),
        },
    });
    eprintln!("part 1: warm invocations, unpinned");
    let unpinned = warm_in_child(quick, false)?;
    eprintln!("part 1: warm invocations, pinned to CPU 0");
    let pinned = warm_in_child(quick, true)?;
    results["warm"] = json!({ "unpinned": unpinned, "pinned": pinned });
    eprintln!("part 2: event decoding");
    results["decode"] = decode::run(quick);
    eprintln!("part 3: cold start");
    results["cold"] = cold::run(bins, quick)?;
    eprintln!("part 4: peak RSS");
    results["rss"] = rss::run(bins, quick)?;
    eprintln!("part 5: binary size and build time");
    results["build"] = build::run(&workspace(), bins, args.clean_build.unwrap_or(!quick))?;
    results["machine"]["loadavg_after"] = json!(loadavg());
    results["targets"] = report::targets(&results);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| workspace().join("bench/results/latest.json"));
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_string_pretty(&results).map_err(io::Error::other)?;
    std::fs::write(&out, text + "\n")?;
    print!("{}", report::render(&results));
    eprintln!("results written to {}", out.display());
    Ok(())
}

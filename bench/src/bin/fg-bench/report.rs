//! The tables printed at the end of a run, and the targets checked against the results.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::{cold, decode, rss, warm};

/// A number at a path of object keys.
fn at(v: &Value, path: &[&str]) -> Option<f64> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_f64()
}

/// `median (min–max)` of a range object.
fn range(v: &Value, path: &[&str], decimals: usize) -> String {
    match (
        at(v, &[path, &["median"]].concat()),
        at(v, &[path, &["min"]].concat()),
        at(v, &[path, &["max"]].concat()),
    ) {
        (Some(m), Some(lo), Some(hi)) => {
            format!("{m:.decimals$} ({lo:.decimals$}–{hi:.decimals$})")
        }
        _ => "—".into(),
    }
}

fn num(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "—".into(), |x| format!("{x:.decimals$}"))
}

pub(crate) fn render(r: &Value) -> String {
    let mut out = String::new();
    let o = &mut out;
    let machine = &r["machine"];
    let _ = writeln!(
        o,
        "\nfg-bench ({}) on {} × {}, {}; load {} before, {} after; TCP congestion control {} (the driver's sockets: {})",
        if r["quick"].as_bool() == Some(true) {
            "QUICK"
        } else {
            "full"
        },
        machine["cpus"],
        machine["cpu"].as_str().unwrap_or("?"),
        machine["rustc"].as_str().unwrap_or("?"),
        machine["loadavg_before"].as_str().unwrap_or("?"),
        machine["loadavg_after"].as_str().unwrap_or("?"),
        machine["tcp_congestion_control"].as_str().unwrap_or("?"),
        machine["driver_congestion_control"].as_str().unwrap_or("?"),
    );
    let _ = writeln!(
        o,
        "ratios: median of per-round ratios to floor-work in the same round (min–max over rounds)"
    );
    for mode in ["unpinned", "pinned"] {
        let w = &r["warm"][mode];
        let _ = writeln!(
            o,
            "\n1. warm, {mode} ({} rounds of S×{} M×{} L×{})",
            w["rounds"], w["batch"]["S"], w["batch"]["M"], w["batch"]["L"]
        );
        let _ = writeln!(
            o,
            "{:<11} {:<2} {:>10} {:>10} {:>26} {:>22} {:>8} {:>7} {:>22}",
            "subject",
            "",
            "median µs",
            "p99 µs",
            "round medians µs",
            "ratio to floor",
            "vs bare",
            "faults",
            "invocations/s"
        );
        for subject in warm::SUBJECTS {
            for size in ["S", "M", "L"] {
                let c = &w["subjects"][subject][size];
                let _ = writeln!(
                    o,
                    "{:<11} {:<2} {:>10} {:>10} {:>26} {:>22} {:>8} {:>7} {:>22}",
                    subject,
                    size,
                    num(at(c, &["median_us"]), 1),
                    num(at(c, &["p99_us"]), 1),
                    range(c, &["round_median_us"], 1),
                    range(c, &["ratio_to_floor"], 2),
                    num(at(c, &["ratio_to_bare_floor", "median"]), 2),
                    num(at(c, &["page_faults_per_invocation", "median"]), 1),
                    if size == "S" {
                        range(c, &["per_second"], 0)
                    } else {
                        String::new()
                    },
                );
            }
        }
    }
    let d = &r["decode"];
    let _ = writeln!(
        o,
        "\n2. decoding (parse + decode every record, in process; {} samples each)",
        d["runs"]
    );
    for size in ["L", "M", "S"] {
        let z = &d["sizes"][size];
        let _ = writeln!(
            o,
            "{:<52} {:>26} {:>8} {:>22}",
            format!("{size} ({} bytes)", z["event_bytes"]),
            "µs per event",
            "MB/s",
            "ratio to baseline"
        );
        for (name, _, _) in decode::VARIANTS {
            let v = &z["variants"][name];
            let _ = writeln!(
                o,
                "  {:<50} {:>26} {:>8} {:>22}",
                name,
                range(v, &["us"], 1),
                num(at(v, &["mb_per_s"]), 0),
                range(v, &["ratio_to_baseline"], 2)
            );
        }
    }
    let c = &r["cold"];
    let _ = writeln!(o, "\n3. cold start ({} fresh processes each)", c["runs"]);
    let _ = writeln!(
        o,
        "{:<11} {:>24} {:>6} {:>24} {:>6}",
        "subject", "exec → first GET ms", "ratio", "exec → first S answer ms", "ratio"
    );
    for subject in cold::SUBJECTS {
        let s = &c["subjects"][subject];
        let _ = writeln!(
            o,
            "{:<11} {:>24} {:>6} {:>24} {:>6}",
            subject,
            range(s, &["ready_ms"], 3),
            num(at(s, &["ready_ratio_to_floor"]), 2),
            range(s, &["first_response_ms"], 3),
            num(at(s, &["first_response_ratio_to_floor"]), 2)
        );
    }
    let m = &r["rss"];
    let _ = writeln!(
        o,
        "\n4. peak RSS, VmHWM KiB ({} fresh processes each; ratio to floor-work)",
        m["repetitions"]
    );
    let _ = write!(o, "{:<11}", "subject");
    for point in rss::POINTS {
        let _ = write!(o, " {point:>28}");
    }
    let _ = writeln!(o);
    for subject in rss::SUBJECTS {
        let _ = write!(o, "{subject:<11}");
        for point in rss::POINTS {
            let p = &m["subjects"][subject][point];
            let cell = format!(
                "{} ×{}",
                range(p, &["kib"], 0),
                num(at(p, &["ratio_to_floor"]), 2)
            );
            let _ = write!(o, " {cell:>28}");
        }
        let _ = writeln!(o);
    }
    let b = &r["build"];
    let build = |key: &str| {
        at(b, &[key, "seconds"]).map_or_else(
            || "not measured".into(),
            |s| format!("{s:.1} s ({} bytes)", b[key]["bytes"]),
        )
    };
    let _ = writeln!(
        o,
        "\n5. examples/dis, recommended release profile, stripped: as a user's bootstrap {} bytes ({} KiB); in the workspace (every example's features) {} bytes ({} KiB)",
        b["bytes"],
        num(at(b, &["kib"]), 1),
        b["workspace_bytes"],
        num(at(b, &["workspace_kib"]), 1),
    );
    let _ = writeln!(
        o,
        "   clean release build: examples/dis in the workspace {}; as a standalone project {}",
        build("clean_build_example"),
        build("clean_build_user_project")
    );
    let _ = writeln!(o, "\ntargets");
    for t in r["targets"].as_array().into_iter().flatten() {
        let _ = writeln!(
            o,
            "  [{}] {:<58} {:>10} (target {})",
            match t["met"].as_bool() {
                Some(true) => "met   ",
                Some(false) => "MISSED",
                None => "  ?   ",
            },
            t["name"].as_str().unwrap_or(""),
            num(t["measured"].as_f64(), 2),
            t["target"].as_str().unwrap_or("")
        );
    }
    out
}

fn target(name: String, measured: Option<f64>, limit: f64, at_most: bool) -> Value {
    json!({
        "name": name,
        "measured": measured,
        "target": format!("{} {limit}", if at_most { "≤" } else { "≥" }),
        "met": measured.map(|m| if at_most { m <= limit } else { m >= limit }),
    })
}

/// The targets, each checked against the medians of this run.
pub(crate) fn targets(r: &Value) -> Value {
    let mut list = Vec::new();
    let ratio = |mode: &str, subject: &str, size: &str| {
        at(
            r,
            &[
                "warm",
                mode,
                "subjects",
                subject,
                size,
                "ratio_to_floor",
                "median",
            ],
        )
    };
    for subject in ["fn-user", "fn-lean"] {
        list.push(target(
            format!("warm S pinned, {subject} / floor"),
            ratio("pinned", subject, "S"),
            1.3,
            true,
        ));
    }
    for (subject, limit) in [("fn-user", 1.2), ("fn-lean", 1.1)] {
        for mode in ["unpinned", "pinned"] {
            for size in ["M", "L"] {
                list.push(target(
                    format!("warm {size} {mode}, {subject} / floor"),
                    ratio(mode, subject, size),
                    limit,
                    true,
                ));
            }
        }
    }
    for mode in ["pinned", "unpinned"] {
        let median = |s: &str| at(r, &["warm", mode, "subjects", s, "S", "median_us"]);
        let extra = median("fn-async")
            .zip(median("fn-user"))
            .map(|(a, u)| a - u);
        list.push(target(
            format!("async adds per invocation (S {mode}), µs"),
            extra,
            5.0,
            true,
        ));
    }
    for (key, what) in [
        ("ready_ratio_to_floor", "exec → first GET"),
        ("first_response_ratio_to_floor", "exec → first answer"),
    ] {
        list.push(target(
            format!("cold start {what}, fn-user / floor"),
            at(r, &["cold", "subjects", "fn-user", key]),
            1.2,
            true,
        ));
    }
    for subject in ["fn-user", "fn-lean"] {
        list.push(target(
            format!("peak RSS after L, {subject} / floor"),
            at(
                r,
                &["rss", "subjects", subject, "after_L", "ratio_to_floor"],
            ),
            1.2,
            true,
        ));
    }
    for variant in [
        "fg: runtime decoder + data_into",
        "fg: runtime decoder + data()",
    ] {
        list.push(target(
            format!("decoding L, {variant} / baseline"),
            at(
                r,
                &[
                    "decode",
                    "sizes",
                    "L",
                    "variants",
                    variant,
                    "ratio_to_baseline",
                    "median",
                ],
            ),
            0.9,
            false,
        ));
    }
    list.push(target(
        "stripped examples/dis as a user's bootstrap, KiB".into(),
        at(r, &["build", "kib"]),
        512.0,
        true,
    ));
    for (key, what) in [
        ("clean_build_example", "examples/dis in the workspace"),
        (
            "clean_build_user_project",
            "the same as a standalone project",
        ),
    ] {
        list.push(target(
            format!("clean release build, {what}, s"),
            at(r, &["build", key, "seconds"]),
            25.0,
            true,
        ));
    }
    Value::Array(list)
}

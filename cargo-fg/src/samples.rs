//! The platform's documented sample event of each trigger, built into the binary for
//! `invoke --sample` and `new`. The files sit in `cargo-fg/samples/` so that the published crate
//! carries them; they are copies of the repository's samples (fg-events' fixtures, the APIG
//! example's event), and `repository_copies` fails when they drift apart.

/// The triggers with a sample, as `--sample` takes them.
pub(crate) const NAMES: [&str; 11] = [
    "dis",
    "smn",
    "obs",
    "apig",
    "timer",
    "kafka",
    "rocketmq",
    "lts",
    "cts",
    "dds",
    "async_notification",
];

/// The sample event of `name`, one of [`NAMES`].
pub(crate) fn get(name: &str) -> Option<&'static str> {
    Some(match name {
        "dis" => include_str!("../samples/dis.json"),
        "smn" => include_str!("../samples/smn.json"),
        "obs" => include_str!("../samples/obs.json"),
        "apig" => include_str!("../samples/apig.json"),
        "timer" => include_str!("../samples/timer.json"),
        "kafka" => include_str!("../samples/kafka.json"),
        "rocketmq" => include_str!("../samples/rocketmq.json"),
        "lts" => include_str!("../samples/lts.json"),
        "cts" => include_str!("../samples/cts.json"),
        "dds" => include_str!("../samples/dds.json"),
        "async_notification" => include_str!("../samples/async_notification.json"),
        _ => return None,
    })
}

/// Whether the trigger invokes asynchronously (docs/PLATFORM.md §9: only APIG, and per Huawei
/// timer, invoke synchronously).
pub(crate) fn is_asynchronous(name: &str) -> bool {
    !matches!(name, "apig" | "timer")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_is_json() {
        for name in NAMES {
            let sample = get(name).unwrap();
            assert!(
                serde_json::from_str::<serde_json::Value>(sample).is_ok(),
                "{name}"
            );
        }
    }
}

//! The platform's documented sample event of each trigger, as the repository's examples use
//! them (`examples/events/<trigger>.json`), built into the binary for `invoke --sample` and
//! `new`.

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
        "dis" => include_str!("../../examples/events/dis.json"),
        "smn" => include_str!("../../examples/events/smn.json"),
        "obs" => include_str!("../../examples/events/obs.json"),
        "apig" => include_str!("../../examples/events/apig.json"),
        "timer" => include_str!("../../examples/events/timer.json"),
        "kafka" => include_str!("../../examples/events/kafka.json"),
        "rocketmq" => include_str!("../../examples/events/rocketmq.json"),
        "lts" => include_str!("../../examples/events/lts.json"),
        "cts" => include_str!("../../examples/events/cts.json"),
        "dds" => include_str!("../../examples/events/dds.json"),
        "async_notification" => include_str!("../../examples/events/async_notification.json"),
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

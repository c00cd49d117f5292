//! Timer trigger events: a scheduled invocation, at a fixed rate or on a cron expression.
//!
//! The platform invokes the function with a [`TimerEvent`] naming the trigger, the scheduled
//! time and the trigger's configured free text, [`user_event`](TimerEvent::user_event), which
//! may hold JSON as a string ([`TimerEvent::user_event_json`]; docs/PLATFORM.md §9.7). `time`,
//! `trigger_type` and `trigger_name` are required, which tells a timer event from another
//! trigger's.
//!
//! ```
//! use fg_events::timer::TimerEvent;
//!
//! #[derive(serde::Deserialize)]
//! struct Job { task: String }
//!
//! let event: TimerEvent = serde_json::from_str(r#"{
//!     "version": "v1.0",
//!     "time": "2018-06-01T08:30:00+08:00",
//!     "trigger_type": "TIMER",
//!     "trigger_name": "nightly",
//!     "user_event": "{\"task\": \"cleanup\"}"
//! }"#)?;
//! assert_eq!(event.trigger_name(), "nightly");
//! assert_eq!(event.time(), "2018-06-01T08:30:00+08:00");
//! assert_eq!(event.user_event_json::<Job>()?.task, "cleanup");
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! The invocation mode is documented as asynchronous by OTC and as synchronous by Huawei's 2025
//! docs (docs/PLATFORM.md §12 item 7): do not rely on the timer's retries, and make the work
//! idempotent.

#[cfg(test)]
mod tests;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::encoding::JsonString;

/// The event a timer trigger delivers.
///
/// Build one in tests with [`TimerEvent::new`]:
///
/// ```
/// use fg_events::timer::TimerEvent;
///
/// let event = TimerEvent::new("nightly", "2025-06-01T02:00:00+02:00").with_user_event("cleanup");
/// assert_eq!(event.trigger_type(), TimerEvent::TRIGGER_TYPE);
/// let json = serde_json::to_value(&event)?;
/// assert_eq!(json["user_event"], "cleanup");
/// assert_eq!(json["version"], "v1.0");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct TimerEvent {
    /// `version`: `v1.0` in the OTC samples, `v2.0` in one Java sample.
    #[serde(default)]
    pub version: String,
    /// `time`: the scheduled time, RFC 3339 with an offset (`2018-06-01T08:30:00+08:00`), kept as
    /// text (docs/PLATFORM.md §9.7).
    pub time: String,
    /// `trigger_type`: `TIMER` ([`TimerEvent::TRIGGER_TYPE`]).
    pub trigger_type: String,
    /// `trigger_name`: the trigger's name, e.g. `Timer_001`.
    pub trigger_name: String,
    /// `user_event`: the free text configured on the trigger (may be empty); JSON arrives as a
    /// string (docs/PLATFORM.md §9.7). Parse it with [`TimerEvent::user_event_json`].
    #[serde(default)]
    pub user_event: JsonString,
}

impl TimerEvent {
    /// The `trigger_type` of timer events.
    pub const TRIGGER_TYPE: &'static str = "TIMER";

    /// An event of the trigger `trigger_name` at `time` (RFC 3339), with version `v1.0`, type
    /// `TIMER` and an empty `user_event`.
    pub fn new(trigger_name: impl Into<String>, time: impl Into<String>) -> Self {
        Self {
            version: "v1.0".to_owned(),
            time: time.into(),
            trigger_type: Self::TRIGGER_TYPE.to_owned(),
            trigger_name: trigger_name.into(),
            user_event: JsonString::default(),
        }
    }

    /// Sets `user_event` to `text`.
    #[must_use]
    pub fn with_user_event(mut self, text: impl Into<String>) -> Self {
        self.user_event = JsonString::new(text);
        self
    }

    /// Sets `user_event` to `value` serialised as JSON.
    ///
    /// # Errors
    /// The `serde_json` error if `value` cannot be serialised.
    pub fn with_user_event_json<T: Serialize + ?Sized>(
        mut self,
        value: &T,
    ) -> Result<Self, serde_json::Error> {
        self.user_event = JsonString::encode(value)?;
        Ok(self)
    }

    /// The scheduled time, RFC 3339 text as sent.
    pub fn time(&self) -> &str {
        &self.time
    }

    /// The trigger's name.
    pub fn trigger_name(&self) -> &str {
        &self.trigger_name
    }

    /// The trigger type, `TIMER`.
    pub fn trigger_type(&self) -> &str {
        &self.trigger_type
    }

    /// The event version, e.g. `v1.0`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The trigger's configured text, as sent.
    pub fn user_event(&self) -> &str {
        self.user_event.as_str()
    }

    /// The trigger's configured text parsed as JSON into `T` (`serde_json::Value` for untyped
    /// access).
    ///
    /// # Errors
    /// The `serde_json` error when the text is not JSON of the shape `T` expects.
    pub fn user_event_json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        self.user_event.parse()
    }
}

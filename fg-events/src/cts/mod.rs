//! CTS (Cloud Trace Service) trigger events: one audited operation ("trace") per invocation.
//!
//! CTS passes each trace it records for the subscribed operations to the function as
//! `{"cts": {…}}` (docs/PLATFORM.md §9.9). The sources agree on little beyond the field names, so
//! every field of [`CtsTrace`] is optional, `request`/`response` are free-form JSON values, and
//! the contested types are read leniently: `code` may be a number or a string, and `time` /
//! `record_time` may be epoch seconds, epoch milliseconds or strings ([`EpochTime`]).
//!
//! ```
//! use fg_events::cts::CtsEvent;
//!
//! let event: CtsEvent = serde_json::from_str(r#"{"cts": {
//!     "time": 1529996047000,
//!     "user": {"name": "userName", "id": "5b72", "domain": {"name": "domainName", "id": "b2b3"}},
//!     "request": {"server": {"name": "vm-1"}},
//!     "response": {},
//!     "code": 204,
//!     "service_type": "vpc",
//!     "trace_name": "deleteGraph",
//!     "record_time": 1529996047
//! }}"#)?;
//!
//! let trace = event.trace();
//! assert_eq!(trace.trace_name.as_deref(), Some("deleteGraph"));
//! assert_eq!(trace.code(), Some(204));
//! assert_eq!(trace.user_name(), Some("userName"));
//! // Milliseconds and seconds give the same instant (values below 10^11 are seconds).
//! assert_eq!(trace.time(), trace.record_time());
//! assert_eq!(trace.request["server"]["name"], "vm-1");
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! [`EpochTime`]: crate::encoding::EpochTime

mod trace;
mod user;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use self::trace::CtsTrace;
pub use self::user::{CtsDomain, CtsSessionAttributes, CtsSessionContext, CtsUser};

/// The event a CTS trigger delivers: one trace under the key `cts`.
///
/// Build one in tests from a [`CtsTrace`]:
///
/// ```
/// use fg_events::cts::{CtsEvent, CtsTrace};
///
/// let event = CtsEvent::new(CtsTrace {
///     trace_name: Some("createFunction".to_owned()),
///     time: Some(1_765_788_999_507.into()),
///     code: Some("0".to_owned()),
///     ..CtsTrace::default()
/// });
/// assert_eq!(event.trace().time_millis(), Some(1_765_788_999_507));
/// let json = serde_json::to_value(&event)?;
/// assert_eq!(json["cts"]["trace_name"], "createFunction");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct CtsEvent {
    /// `cts`: the trace.
    pub cts: CtsTrace,
}

impl CtsEvent {
    /// An event carrying `trace`.
    pub fn new(trace: CtsTrace) -> Self {
        Self { cts: trace }
    }

    /// The trace (the `cts` object).
    pub fn trace(&self) -> &CtsTrace {
        &self.cts
    }

    /// Consumes the event, returning the trace.
    pub fn into_trace(self) -> CtsTrace {
        self.cts
    }
}

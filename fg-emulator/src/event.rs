//! What a test hands the emulator: events with the headers the platform sends, and faults
//! that make the next `GET` misbehave.

use std::time::Duration;

/// An event to hand to the function, with the headers the platform would send.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Event {
    pub(crate) body: Vec<u8>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) request_id: Option<String>,
}

impl Event {
    /// An event with this body (the trigger's JSON) and no extra headers.
    pub fn new(body: impl Into<Vec<u8>>) -> Self {
        Self {
            body: body.into(),
            ..Self::default()
        }
    }

    /// An event whose body is `value` serialised as JSON.
    ///
    /// # Panics
    /// If `value` cannot be serialised (a bug in the test, not in the function).
    pub fn json<T: serde::Serialize>(value: &T) -> Self {
        Self::new(serde_json::to_vec(value).expect("test event must serialise as JSON"))
    }

    /// Adds a header to the `GET` reply (for example `X-CFF-Security-Token`).
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Marks the invocation asynchronous (`X-CFF-Invoke-Type: async`), as DIS, SMN, OBS and
    /// most other triggers invoke.
    #[must_use]
    pub fn asynchronous(self) -> Self {
        self.header("X-CFF-Invoke-Type", "async")
    }

    /// Uses this request id instead of a generated one. (To control the header's spelling too,
    /// add the request-id header yourself with [`header`](Self::header): the emulator then
    /// sends it as given and records answers under its value.)
    #[must_use]
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }
}

/// Misbehaviour of the emulated runtime API, applied to the next `GET` for an event (one fault
/// per `GET`, in the order they were queued).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status and no event.
    Status(u16),
    /// Answer 200 with a body but no `X-Cff-Request-Id` header (the event queue is untouched).
    MissingRequestId,
    /// Wait this long, then serve the request normally.
    Delay(Duration),
    /// Close the connection without answering.
    CloseConnection,
    /// Hand out the next event but close the connection halfway through its body.
    ResetMidBody,
    /// Hand out the next event with a chunked body that never ends: the event, then blank
    /// chunks until the function stops reading (at most 1 GiB), to test that it does.
    EndlessBody,
}

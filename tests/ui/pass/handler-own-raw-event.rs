//! `#[handler]` with an event type of the user's that implements `FromRawEvent` (and not
//! `Deserialize`): built from the body by its own code.

use fg_runtime::{Diagnostic, FromRawEvent, INVALID_EVENT, handler};

struct Lines(Vec<String>);

impl FromRawEvent for Lines {
    fn from_raw_event(body: &[u8]) -> Result<Self, Diagnostic> {
        let text =
            std::str::from_utf8(body).map_err(|e| Diagnostic::new(INVALID_EVENT, e.to_string()))?;
        Ok(Lines(text.lines().map(str::to_owned).collect()))
    }
}

#[handler]
fn handle(event: Lines) -> usize {
    event.0.len()
}

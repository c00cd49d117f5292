//! Which trigger a handler macro serves: the attribute's name for messages, the event the
//! signature is described with, and the runtime check that the event type fits.

/// One variant per handler macro. Adding a trigger (`Apig`, `Timer`, or the generic `Any`
/// of `#[handler]`) means one variant here and one entry point in `lib.rs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Trigger {
    /// `#[dis_handler]`: `fg_events::dis::DisEvent`.
    Dis,
}

impl Trigger {
    /// The attribute as users write it, for messages: "`#[dis_handler]`".
    pub(crate) fn attribute(self) -> &'static str {
        match self {
            Self::Dis => "`#[dis_handler]`",
        }
    }

    /// The event parameter as messages suggest writing it.
    pub(crate) fn event_param(self) -> &'static str {
        match self {
            Self::Dis => "event: DisEvent",
        }
    }

    /// The function in `::fg_runtime::__private` that returns the event decoder and whose
    /// trait bound checks the user's event type (`dis_decoder::<T>()` requires
    /// `T: DisEventType`). `None` for a trigger that accepts any payload.
    pub(crate) fn decoder(self) -> Option<&'static str> {
        match self {
            Self::Dis => Some("dis_decoder"),
        }
    }

    /// The accepted parameter list, for messages: "`(event: DisEvent, ctx: &Context)`".
    pub(crate) fn signature(self) -> String {
        format!("`({}, ctx: &Context)`", self.event_param())
    }
}

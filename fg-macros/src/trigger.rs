//! Which trigger a handler macro serves: the attribute's name for messages, the event the
//! signature is described with, the runtime check that the event type fits, and how the
//! returned value becomes the response.

/// One variant per handler macro; adding a trigger means one variant here and one entry
/// point in `lib.rs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Trigger {
    /// `#[handler]`: any `Deserialize` payload, or the raw body (`FromRawEvent`).
    Any,
    /// `#[dis_handler]`: `fg_events::dis::DisEvent`.
    Dis,
    /// `#[apig_handler]`: `fg_events::apig::ApigRequest`, answered with an `ApigResponse`.
    Apig,
    /// `#[timer_handler]`: `fg_events::timer::TimerEvent`.
    Timer,
}

impl Trigger {
    /// The attribute as users write it, for messages: "`#[dis_handler]`".
    pub(crate) fn attribute(self) -> &'static str {
        match self {
            Self::Any => "`#[handler]`",
            Self::Dis => "`#[dis_handler]`",
            Self::Apig => "`#[apig_handler]`",
            Self::Timer => "`#[timer_handler]`",
        }
    }

    /// The event parameter as messages suggest writing it.
    pub(crate) fn event_param(self) -> &'static str {
        match self {
            Self::Any => "event: T",
            Self::Dis => "event: DisEvent",
            Self::Apig => "event: ApigRequest",
            Self::Timer => "event: TimerEvent",
        }
    }

    /// What the placeholder in [`Self::event_param`] stands for, appended to the messages
    /// that suggest a parameter list: "" or ", with `T` any …".
    pub(crate) fn event_note(self) -> &'static str {
        match self {
            Self::Any => {
                ", with `T` any `Deserialize` type (e.g. `serde_json::Value` or your own struct), \
                 or `Vec<u8>`/`String` for the raw body"
            }
            Self::Dis | Self::Apig | Self::Timer => "",
        }
    }

    /// The return type as messages suggest writing it.
    pub(crate) fn returns(self) -> &'static str {
        match self {
            Self::Any => "Result<R, E>",
            Self::Dis | Self::Timer => "Result<T, E>",
            Self::Apig => "Result<ApigResponse, E>",
        }
    }

    /// The function in `::fg_runtime::__private` that returns the event decoder and whose
    /// trait bound checks the user's event type (`dis_decoder::<T>()` requires
    /// `T: DisEventType`). `None` for a trigger that accepts any payload.
    pub(crate) fn decoder(self) -> Option<&'static str> {
        match self {
            Self::Any => None,
            Self::Dis => Some("dis_decoder"),
            Self::Apig => Some("apig_decoder"),
            Self::Timer => Some("timer_decoder"),
        }
    }

    /// The function in `::fg_runtime::__private` that turns the handler's (`Ok`) value into
    /// the response body and whose trait bound restricts the return type, and that type as
    /// messages name it. `None` for the general mapping (`IntoResponse`, else `Serialize` as
    /// JSON), which also accepts `()`.
    pub(crate) fn response(self) -> Option<(&'static str, &'static str)> {
        match self {
            Self::Apig => Some(("apig_response", "ApigResponse")),
            Self::Any | Self::Dis | Self::Timer => None,
        }
    }

    /// The accepted parameter list, for messages: "`(event: DisEvent, ctx: &Context)`".
    pub(crate) fn signature(self) -> String {
        format!("`({}, ctx: &Context)`", self.event_param())
    }
}

//! Per trigger macro (`#[dis_handler]`, `#[timer_handler]`, `#[apig_handler]`): the marker
//! trait naming the one event type it takes, and its decoder, whose bound reports a wrong type
//! at the user's event type with the marker's message. Without the trigger's feature the
//! decoder is a stand-in whose bound names the missing feature. One table, one expansion.

use crate::handler::{Decoder, Outcome};

macro_rules! trigger_decoders {
    ($(
        $feature:literal => $decoder:ident: $marker:ident for $event:path,
            message = $message:literal, label = $label:literal;
            without: $missing:ident, message = $missing_message:literal,
            label = $missing_label:literal, note = $missing_note:literal;
    )*) => {$(
        #[doc = concat!("Marks the event type the `", $feature, "` trigger's macro accepts.")]
        #[cfg(feature = $feature)]
        #[diagnostic::on_unimplemented(
            message = $message,
            label = $label,
            note = "for another trigger's event use that trigger's handler macro, for any other `Deserialize` payload `#[handler]`"
        )]
        pub trait $marker: serde::de::DeserializeOwned {}

        #[cfg(feature = $feature)]
        impl $marker for $event {}

        /// The decoder of the trigger's macro: its bound checks, at the user's event type,
        /// that it is the trigger's event (one error, with the marker's message).
        #[cfg(feature = $feature)]
        pub fn $decoder<T: $marker>() -> Decoder<T> {
            crate::decode::event::<T>
        }

        /// Never implemented: names the missing feature when the trigger's macro is built
        /// without it.
        #[cfg(not(feature = $feature))]
        #[diagnostic::on_unimplemented(
            message = $missing_message,
            label = $missing_label,
            note = $missing_note
        )]
        pub trait $missing {}

        /// Stand-in that fails to compile with a message naming the missing feature.
        #[cfg(not(feature = $feature))]
        pub fn $decoder<T: $missing>() -> Decoder<T> {
            |_| {
                Err(crate::Diagnostic::new(
                    crate::INVALID_EVENT,
                    concat!("fg-runtime was built without `", $feature, "`"),
                ))
            }
        }
    )*};
}

trigger_decoders! {
    "dis" => dis_decoder: DisEventType for fg_events::dis::DisEvent,
        message = "`{Self}` is not a DIS event",
        label = "`#[dis_handler]` needs `fg_events::dis::DisEvent` here";
        without: DisFeatureEnabled,
        message = "`#[dis_handler]` needs the `dis` feature of fg-runtime",
        label = "the DIS event is decoded by fg-runtime's `dis` feature",
        note = "enable it (it is on by default): fg-runtime = {{ version = \"0.1\", features = [\"dis\"] }}";
    "timer" => timer_decoder: TimerEventType for fg_events::timer::TimerEvent,
        message = "`{Self}` is not a timer event",
        label = "`#[timer_handler]` needs `fg_events::timer::TimerEvent` here";
        without: TimerFeatureEnabled,
        message = "`#[timer_handler]` needs the `timer` feature of fg-runtime",
        label = "the timer event is decoded by fg-runtime's `timer` feature",
        note = "enable it (it is on by default): fg-runtime = {{ version = \"0.1\", features = [\"timer\"] }}";
    "apig" => apig_decoder: ApigEventType for fg_events::apig::ApigRequest,
        message = "`{Self}` is not an APIG request",
        label = "`#[apig_handler]` needs `fg_events::apig::ApigRequest` here";
        without: ApigFeatureEnabled,
        message = "`#[apig_handler]` needs the `apig` feature of fg-runtime",
        label = "the APIG request is decoded by fg-runtime's `apig` feature",
        note = "enable it (it is on by default): fg-runtime = {{ version = \"0.1\", features = [\"apig\"] }}";
}

/// Marks what an `#[apig_handler]` may return: the gateway answers HTTP 500 to anything but
/// the APIG response object (docs/PLATFORM.md §9.4).
#[cfg(feature = "apig")]
#[diagnostic::on_unimplemented(
    message = "`#[apig_handler]` must return `fg_events::apig::ApigResponse`, not `{Self}`",
    label = "the API gateway answers HTTP 500 to anything but an `ApigResponse`",
    note = "build one with `ApigResponse::text(200, \"...\")`, `ApigResponse::json(200, &value)?` or `ApigResponse::builder()`"
)]
pub trait ApigResponseType: serde::Serialize {}

#[cfg(feature = "apig")]
impl ApigResponseType for fg_events::apig::ApigResponse {}

/// The body of an `#[apig_handler]`'s response.
#[cfg(feature = "apig")]
pub fn apig_response<T: ApigResponseType>(response: T) -> Outcome {
    crate::response::json_body(&response)
}

/// Stand-in without bounds, so that a build without the `apig` feature reports one error,
/// the decoder's.
#[cfg(not(feature = "apig"))]
pub fn apig_response<T>(response: T) -> Outcome {
    let _ = response;
    Err(crate::Diagnostic::new(
        crate::FUNCTION_RESULT_INVALID,
        "fg-runtime was built without `apig`",
    ))
}

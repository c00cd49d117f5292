//! How the glue the macros generate picks a mapping by the traits a concrete type implements,
//! on stable Rust: **autoref specialization**.
//!
//! The glue calls a method on `&Probe::<T>` (or `&EventProbe::<T>`). Two traits provide a
//! method of that name: one implemented for `Probe<T>` when `T` implements the specific trait
//! (`IntoResponse`, `IntoDiagnostic`, `FromRawEvent`), one implemented for `&Probe<T>` for every
//! `T`. Method resolution tries the receiver `&Probe<T>` first against impls for `Probe<T>`
//! (one auto-reference), so the specific impl wins whenever it applies; otherwise the fallback
//! on `&Probe<T>` (two auto-references) is taken. Each method returns a zero-sized "kind"
//! (`VerbatimKind`/`JsonKind`, `CustomKind`/`DisplayKind`, `RawEventKind`/`JsonEventKind`)
//! whose own method does the work with the right bounds.
//!
//! The fallbacks are unbounded on purpose: a type that fits neither reaches the fallback kind,
//! whose bound (`HandlerResponseType`, `HandlerErrorType`, `HandlerEventType`) carries fg's
//! `on_unimplemented` message, instead of rustc's E0599 about a probe method.
//!
//! This works only where the type is concrete, in generated code: the public
//! [`run`](crate::run) is generic and uses traits instead (see `crate::entry`).

use std::fmt::Display;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::handler::{Decoder, Outcome};
use crate::{Diagnostic, FromRawEvent, IntoDiagnostic, IntoResponse};

/// Picks [`RawEventKind`] for event types that implement [`FromRawEvent`].
pub trait RawEvent {
    /// The decoding for this event type.
    fn fg_event_kind(&self) -> RawEventKind {
        RawEventKind
    }
}

impl<T: FromRawEvent> RawEvent for EventProbe<T> {}

/// Picks [`JsonEventKind`] for other event types that implement `Deserialize`.
pub trait JsonEvent {
    /// The decoding for this event type.
    fn fg_event_kind(&self) -> JsonEventKind {
        JsonEventKind
    }
}

// Unbounded, so that an event type that is neither `FromRawEvent` nor `Deserialize` reaches
// `JsonEventKind::decoder` and its `HandlerEventType` message rather than an E0599 about
// `fg_event_kind`.
impl<T> JsonEvent for &EventProbe<T> {}

/// Decodes with [`FromRawEvent`].
#[derive(Debug)]
pub struct RawEventKind;

impl RawEventKind {
    /// The decoder for `T`.
    pub fn decoder<T: FromRawEvent>(self) -> Decoder<T> {
        T::from_raw_event
    }
}

/// Decodes JSON with `serde`.
#[derive(Debug)]
pub struct JsonEventKind;

impl JsonEventKind {
    /// The decoder for `T`.
    pub fn decoder<T: HandlerEventType>(self) -> Decoder<T> {
        crate::decode::event::<T>
    }
}

/// The event types `#[handler]` decodes from JSON: every `Deserialize` type. (Raw event
/// types, `FromRawEvent`, never get here.)
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the event of a `#[handler]`: it implements neither `Deserialize` nor `FromRawEvent`",
    label = "`#[handler]` decodes the event into this type",
    note = "derive `serde::Deserialize` for it, take `serde_json::Value`, or take the raw body as `Vec<u8>` or `String`"
)]
pub trait HandlerEventType: DeserializeOwned {}

impl<T: DeserializeOwned> HandlerEventType for T {}

/// Carries a value's type to the autoref-specialised `fg_response_kind`/`fg_error_kind`
/// methods: the `Probe<T>` impl (by reference) wins when `T` implements the specific trait,
/// the `&Probe<T>` impl is the fallback.
pub struct Probe<T>(PhantomData<T>);

impl<T> Probe<T> {
    /// A probe for a type named in the generated code.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self(PhantomData)
    }

    /// A probe for the type of `value`.
    pub fn of(_value: &T) -> Self {
        Self(PhantomData)
    }
}

/// Picks [`VerbatimKind`] for results that implement [`IntoResponse`].
pub trait VerbatimResponse {
    /// The mapping for this result type.
    fn fg_response_kind(&self) -> VerbatimKind {
        VerbatimKind
    }
}

impl<T: IntoResponse> VerbatimResponse for Probe<T> {}

/// Picks [`JsonKind`] for other results that implement `Serialize`.
pub trait JsonResponse {
    /// The mapping for this result type.
    fn fg_response_kind(&self) -> JsonKind {
        JsonKind
    }
}

// Unbounded, so that a result type that is neither `IntoResponse` nor `Serialize` reaches
// `JsonKind::into_outcome` and its `HandlerResponseType` message rather than an E0599 about
// `fg_response_kind`.
impl<T> JsonResponse for &Probe<T> {}

/// Sends the result through its [`IntoResponse`] implementation.
#[derive(Debug)]
pub struct VerbatimKind;

impl VerbatimKind {
    /// The body for `value`.
    pub fn into_outcome<T: IntoResponse>(self, value: T) -> Outcome {
        value.into_response()
    }
}

/// Sends the result as JSON.
#[derive(Debug)]
pub struct JsonKind;

impl JsonKind {
    /// The body for `value`.
    pub fn into_outcome<T: HandlerResponseType>(self, value: T) -> Outcome {
        crate::response::json_body(&value)
    }
}

/// The result types a handler sends as JSON: every `Serialize` type. (Verbatim types,
/// `IntoResponse`, never get here.)
#[diagnostic::on_unimplemented(
    message = "a handler cannot return `{Self}`: it implements neither `Serialize` nor `IntoResponse`",
    label = "the handler's result is sent to the platform as this type",
    note = "derive `serde::Serialize` for it (sent as JSON), or implement `fg_runtime::IntoResponse` to send your own bytes"
)]
pub trait HandlerResponseType: Serialize {}

impl<T: Serialize> HandlerResponseType for T {}

/// Picks [`CustomKind`] for errors that implement [`IntoDiagnostic`].
pub trait CustomDiagnostic {
    /// The mapping for this error type.
    fn fg_error_kind(&self) -> CustomKind {
        CustomKind
    }
}

impl<E: IntoDiagnostic> CustomDiagnostic for Probe<E> {}

/// Picks [`DisplayKind`] for other errors that implement `Display`.
pub trait DisplayDiagnostic {
    /// The mapping for this error type.
    fn fg_error_kind(&self) -> DisplayKind {
        DisplayKind
    }
}

// Unbounded, so that an error type that is neither `IntoDiagnostic` nor `Display` reaches
// `DisplayKind::into_diagnostic` and its `HandlerErrorType` message.
impl<E> DisplayDiagnostic for &Probe<E> {}

/// Reports the error through its [`IntoDiagnostic`] implementation.
#[derive(Debug)]
pub struct CustomKind;

impl CustomKind {
    /// The report for `error`.
    pub fn into_diagnostic<E: IntoDiagnostic>(self, error: E) -> Diagnostic {
        error.into_diagnostic()
    }
}

/// Reports the error from its `Display` text, with the default `errorType` rules.
#[derive(Debug)]
pub struct DisplayKind;

impl DisplayKind {
    /// The report for `error`.
    pub fn into_diagnostic<E: HandlerErrorType>(self, error: E) -> Diagnostic {
        Diagnostic::from_display(&error)
    }
}

/// The error types a handler reports from their `Display` text. (Types with their own report,
/// `IntoDiagnostic`, never get here.)
#[diagnostic::on_unimplemented(
    message = "a handler's error cannot be `{Self}`: it implements neither `Display` nor `IntoDiagnostic`",
    label = "the error report's message is this error's `Display` text",
    note = "implement `std::fmt::Display` (or derive `thiserror::Error`), or implement `fg_runtime::IntoDiagnostic` to build the report yourself"
)]
pub trait HandlerErrorType: Display {}

impl<E: Display> HandlerErrorType for E {}

/// Carries an event type to the autoref-specialised `fg_event_kind` methods: the
/// `EventProbe<T>` impl (by reference) wins when `T` implements [`FromRawEvent`], the
/// `&EventProbe<T>` impl is the fallback.
pub struct EventProbe<T>(PhantomData<T>);

impl<T> EventProbe<T> {
    /// A probe for an event type named in the generated code.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T> std::fmt::Debug for EventProbe<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventProbe")
    }
}

impl<T> std::fmt::Debug for Probe<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Probe")
    }
}

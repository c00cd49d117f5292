//! Wrapper types for values the platform sends encoded inside JSON strings.
//!
//! The wrappers keep the text exactly as received, so an event serialises back unchanged and a
//! badly encoded value fails only when (and where) it is read, not when the event is parsed.

mod base64;

pub use self::base64::{Base64Error, Base64Text};

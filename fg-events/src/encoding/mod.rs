//! Wrapper types for values the platform sends encoded inside JSON strings.
//!
//! The wrappers keep the text exactly as received, so an event serialises back unchanged and a
//! badly encoded value fails only when (and where) it is read, not when the event is parsed.

// Only base64-carrying triggers need this (and the optional `base64` dependency); add each new
// such feature here and in Cargo.toml.
#[cfg(any(feature = "dis", feature = "apig", feature = "lts"))]
mod base64;
mod epoch;
mod json_string;
mod shared;

#[cfg(any(feature = "dis", feature = "apig", feature = "lts"))]
pub use self::base64::{Base64Error, Base64Text};
pub use self::epoch::{EpochTime, SECONDS_BELOW};
pub use self::json_string::JsonString;
#[doc(hidden)]
pub use self::shared::SharedBody;

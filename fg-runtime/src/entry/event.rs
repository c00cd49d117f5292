//! What [`run`](crate::run) decodes an event into.

use std::any::{Any, TypeId};

use serde::de::DeserializeOwned;

use crate::FromRawEvent;
use crate::handler::Decoder;

/// An event type [`run`](crate::run) and its variants can hand to a handler: any type that
/// implements `serde::Deserialize` (decoded from JSON, with errors naming the JSON path, as
/// the macros do), where `Vec<u8>`, `Box<[u8]>` and `String` take the body as it arrives
/// instead (the macros' raw events).
///
/// ```
/// use fg_runtime::Event;
///
/// fn decodes<E: Event>() {}
/// decodes::<fg_events::dis::DisEvent>();
/// decodes::<serde_json::Value>();
/// decodes::<String>(); // the raw body, as UTF-8
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the event of a handler given to `fg_runtime::run`",
    label = "the event is decoded into this type",
    note = "derive `serde::Deserialize` for it, take `serde_json::Value`, or take the raw body as `Vec<u8>` or `String`"
)]
pub trait Event: Sized + 'static {
    #[doc(hidden)]
    fn decoder() -> Decoder<Self>;
}

impl<T: DeserializeOwned + 'static> Event for T {
    fn decoder() -> Decoder<Self> {
        raw_decoder::<T>().unwrap_or(crate::decode::event::<T>)
    }
}

/// The raw decoder when `T` is one of the raw event types.
fn raw_decoder<T: 'static>() -> Option<Decoder<T>> {
    let id = TypeId::of::<T>();
    let raw: Box<dyn Any> = if id == TypeId::of::<Vec<u8>>() {
        Box::new(<Vec<u8> as FromRawEvent>::from_raw_event as Decoder<Vec<u8>>)
    } else if id == TypeId::of::<Box<[u8]>>() {
        Box::new(<Box<[u8]> as FromRawEvent>::from_raw_event as Decoder<Box<[u8]>>)
    } else if id == TypeId::of::<String>() {
        Box::new(<String as FromRawEvent>::from_raw_event as Decoder<String>)
    } else {
        return None;
    };
    raw.downcast::<Decoder<T>>().ok().map(|decoder| *decoder)
}

#[cfg(test)]
mod tests {
    use super::Event;

    #[test]
    fn raw_types_take_the_body_as_it_is() {
        assert_eq!(
            <String as Event>::decoder()(b"\"not json\"").unwrap(),
            "\"not json\""
        );
        assert_eq!(<Vec<u8> as Event>::decoder()(b"[1]").unwrap(), b"[1]");
        assert_eq!(&*<Box<[u8]> as Event>::decoder()(b"x").unwrap(), b"x");
        let error = <String as Event>::decoder()(&[0xff]).unwrap_err();
        assert_eq!(error.error_type, crate::INVALID_EVENT);
    }

    #[test]
    fn other_types_are_json_with_the_path_in_errors() {
        #[derive(serde::Deserialize, Debug)]
        struct Order {
            #[allow(dead_code)]
            amount: u64,
        }
        assert_eq!(<Vec<u32> as Event>::decoder()(b"[1, 2]").unwrap(), [1, 2]);
        let error = <Order as Event>::decoder()(br#"{"amount": "x"}"#).unwrap_err();
        assert_eq!(error.error_type, crate::INVALID_EVENT);
        assert!(
            error.error_message.contains("`amount`"),
            "{}",
            error.error_message
        );
    }
}

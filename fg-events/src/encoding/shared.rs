//! The event body being decoded, so that text values can share it instead of copying it.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

thread_local! {
    static CURRENT: RefCell<Option<Arc<Vec<u8>>>> = const { RefCell::new(None) };
}

/// Marks the bytes being deserialised on this thread, so that values that support it
/// ([`Base64Text`](crate::encoding::Base64Text)) keep a range into them instead of a copy.
///
/// This is how fg-runtime decodes an event without copying its body: it keeps the body in an
/// `Arc<Vec<u8>>` and parses it inside [`SharedBody::scope`]. A string the deserializer lends
/// from inside that body (an unescaped JSON string, with `serde_json::from_slice`) is stored as
/// an `Arc` plus a range; any other string (escaped, owned by the deserializer, parsed outside
/// a scope or from other bytes) is copied as usual. Either way the value behaves the same: it
/// compares, hashes, prints and serialises by its text.
///
/// A value that shares the body keeps the whole body alive until it is dropped; convert it to a
/// `String` to keep only the text.
///
/// ```
/// # #[cfg(feature = "dis")] {
/// use std::sync::Arc;
/// use fg_events::encoding::{Base64Text, SharedBody};
///
/// let body = Arc::new(br#"["d2VsY29tZQ=="]"#.to_vec());
/// let texts: Vec<Base64Text> = SharedBody::scope(&body, || serde_json::from_slice(&body)).unwrap();
/// assert_eq!(texts[0].as_str(), "d2VsY29tZQ==");
/// assert_eq!(Arc::strong_count(&body), 2); // `texts[0]` shares the body
/// drop(texts);
/// assert_eq!(Arc::strong_count(&body), 1);
/// # }
/// ```
#[doc(hidden)]
#[derive(Debug)]
pub struct SharedBody(());

impl SharedBody {
    /// Runs `f` with `body` marked as the bytes being deserialised on this thread, then restores
    /// the previous mark (also when `f` panics). Scopes nest.
    pub fn scope<R>(body: &Arc<Vec<u8>>, f: impl FnOnce() -> R) -> R {
        let previous = CURRENT.with(|current| current.replace(Some(Arc::clone(body))));
        let _restore = Restore(Some(previous));
        f()
    }

    /// The current body and the range `text` occupies in it, if `text` lies inside it.
    #[cfg_attr(
        not(any(feature = "dis", feature = "apig", feature = "lts")),
        allow(dead_code)
    )]
    pub(crate) fn locate(text: &str) -> Option<(Arc<Vec<u8>>, Range<usize>)> {
        if text.is_empty() {
            return None;
        }
        CURRENT.with(|current| {
            let current = current.borrow();
            let body = current.as_ref()?;
            // Addresses only, never dereferenced: a borrowed `&str` that starts and ends inside
            // the body's bytes is those bytes.
            let base = body.as_ptr() as usize;
            let start = (text.as_ptr() as usize).checked_sub(base)?;
            let end = start.checked_add(text.len())?;
            if end > body.len() {
                return None;
            }
            Some((Arc::clone(body), start..end))
        })
    }
}

/// Puts the previous mark back when a scope ends.
struct Restore(Option<Option<Arc<Vec<u8>>>>);

impl Drop for Restore {
    fn drop(&mut self) {
        if let Some(previous) = self.0.take() {
            // `try_with`: the thread-local may already be gone while the thread exits.
            let _ = CURRENT.try_with(|current| current.replace(previous));
        }
    }
}

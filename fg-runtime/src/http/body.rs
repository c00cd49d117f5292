//! The one request body type both modes hand to the service: the bytes of an APIG event's body
//! (event mode), or the connection's body read up to the size limit (HTTP-function mode). One
//! type, so that a service written for one mode runs unchanged in the other.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use http_body_util::Limited;

/// The error type of [`Body`] and of the services fg calls: any error that can cross threads.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The body of the requests a service receives from [`serve`](super::serve) and
/// [`run`](super::run): `Data` is [`Bytes`] and errors are [`BoxError`], as axum expects.
///
/// In HTTP-function mode reading it fails with `http_body_util::LengthLimitError` past the
/// body limit (axum's `Bytes`, `String` and `Json` extractors answer `413` to that). Build one
/// in tests from bytes or text:
///
/// ```
/// use fg_runtime::http::Body;
/// use http_body::Body as _;
///
/// let body = Body::from("hello");
/// assert_eq!(body.size_hint().exact(), Some(5));
/// assert!(Body::empty().is_end_stream());
/// ```
#[derive(Debug, Default)]
pub struct Body(Inner);

#[derive(Debug, Default)]
enum Inner {
    #[default]
    Empty,
    Full(Bytes),
    Incoming(Limited<hyper::body::Incoming>),
}

impl Body {
    /// A body without bytes.
    pub fn empty() -> Self {
        Self(Inner::Empty)
    }

    /// A body of the connection's bytes, failing past `limit` bytes.
    pub(crate) fn incoming(body: hyper::body::Incoming, limit: usize) -> Self {
        Self(Inner::Incoming(Limited::new(body, limit)))
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        if bytes.is_empty() {
            Self::empty()
        } else {
            Self(Inner::Full(bytes))
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from(Bytes::from(bytes))
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Self::from(Bytes::from(text))
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Self::from(Bytes::from_static(text.as_bytes()))
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match &mut self.0 {
            Inner::Empty => Poll::Ready(None),
            Inner::Full(_) => match std::mem::take(&mut self.0) {
                Inner::Full(bytes) => Poll::Ready(Some(Ok(Frame::data(bytes)))),
                _ => unreachable!("the body was matched as full just above"),
            },
            Inner::Incoming(body) => Pin::new(body).poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.0 {
            Inner::Empty => true,
            Inner::Full(_) => false,
            Inner::Incoming(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.0 {
            Inner::Empty => SizeHint::with_exact(0),
            Inner::Full(bytes) => SizeHint::with_exact(bytes.len() as u64),
            Inner::Incoming(body) => body.size_hint(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    fn collect(body: Body) -> Result<Bytes, BoxError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime builds");
        runtime.block_on(async { Ok(body.collect().await?.to_bytes()) })
    }

    #[test]
    fn full_bodies_yield_their_bytes_once() {
        assert_eq!(collect(Body::from("abc")).unwrap(), "abc");
        assert_eq!(collect(Body::from(Vec::new())).unwrap(), "");
        assert!(Body::from(String::new()).is_end_stream_for_test());
    }

    impl Body {
        fn is_end_stream_for_test(&self) -> bool {
            http_body::Body::is_end_stream(self)
        }
    }
}

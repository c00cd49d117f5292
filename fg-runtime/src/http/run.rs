//! APIG event mode: the service behind an APIG trigger, through the same start-up, runtime-API
//! loop and local mode as every `#[apig_handler]`. The loop runs on a blocking thread of the
//! caller's tokio runtime; each event's request is served by driving the service's future on
//! that thread with the runtime's handle, so the request id the loop sets for the invocation
//! tags the service's log lines, and a panic becomes the `panic` report of the invocation.

use std::future::poll_fn;
use std::pin::pin;
use std::process::ExitCode;

use bytes::{Buf, Bytes};

use http::{Method, Request, Response};
use tower_service::Service;

use super::Error;
use super::apig_event::{self, ApigEvent};
use super::apig_request::to_http;
use super::apig_response::from_http;
use super::body::{Body, BoxError};
use crate::handler::{Handler, Outcome};
use crate::{
    Context, Diagnostic, FUNCTION_RESPONSE_TOO_LARGE, FUNCTION_RETURN_ERROR, INVALID_EVENT,
};

/// Serves `service` behind an APIG trigger: each event through the custom runtime's API
/// becomes an `http::Request`, the service's response the APIG response object. Without
/// `RUNTIME_API_ADDR` (local mode) it serves one event from the file named by the first
/// argument, `$FG_LOCAL_EVENT` or standard input and prints the response object.
///
/// Call it from a tokio runtime (`#[tokio::main]`, or one you build). On the platform it does
/// not return: on SIGTERM the invocation in flight is answered, the shutdown hooks run and the
/// process ends with status 0, as for every fg function. In local mode it returns `Ok(())`
/// once the event is answered.
///
/// What each request carries, how the response is sent and the limits: the
/// [module documentation](super).
///
/// # Errors
/// [`Error::Stopped`] when the function ends with a failure (the runtime API stayed
/// unreachable; in local mode, the event was answered with an error report, printed on
/// standard output); [`Error::LocalEvent`] when local mode cannot read the event.
///
/// ```no_run
/// use axum::{Router, routing::get};
///
/// #[tokio::main]
/// async fn main() -> Result<(), fg_runtime::http::Error> {
///     let app = Router::new().route("/hello", get(|| async { "Hello!" }));
///     fg_runtime::http::run(app).await
/// }
/// ```
pub async fn run<S, B>(service: S) -> Result<(), Error>
where
    S: Service<Request<Body>, Response = Response<B>> + Clone + Send + 'static,
    S::Error: Into<BoxError>,
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    let handle = tokio::runtime::Handle::current();
    let code = tokio::task::spawn_blocking(move || {
        crate::start::start(move || Ok(ServiceHandler { service, handle }))
    })
    .await
    .map_err(|e| Error::Runtime(e.to_string()))?;
    if code == ExitCode::SUCCESS {
        Ok(())
    } else if code == ExitCode::from(2) {
        Err(Error::LocalEvent)
    } else {
        Err(Error::Stopped)
    }
}

/// The service as the runtime loop's handler of APIG events.
pub(crate) struct ServiceHandler<S> {
    pub(crate) service: S,
    pub(crate) handle: tokio::runtime::Handle,
}

impl<S, B> Handler<ApigEvent> for ServiceHandler<S>
where
    S: Service<Request<Body>, Response = Response<B>> + Clone,
    S::Error: Into<BoxError>,
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    fn decode(&self, body: &[u8]) -> Result<ApigEvent, Diagnostic> {
        crate::decode::event_named::<ApigEvent>(body, apig_event::TYPE_NAME)
    }

    fn call(&self, event: ApigEvent, ctx: &Context) -> Outcome {
        let head = event.method.as_ref() == Ok(&Method::HEAD);
        let mut request = to_http(event).map_err(|e| {
            Diagnostic::new(
                INVALID_EVENT,
                format!("the event is not an APIG request: {}", e.0),
            )
        })?;
        request.extensions_mut().insert(ctx.clone());
        let limit = ctx.max_response_size();
        // A clone per call, as `serve` makes per request: calls may overlap (container mode).
        let mut service = self.service.clone();
        let answer = self.handle.block_on(async move {
            poll_fn(|cx| service.poll_ready(cx))
                .await
                .map_err(service_failed)?;
            let response = service.call(request).await.map_err(service_failed)?;
            let (parts, body) = response.into_parts();
            let bytes = collect(body, limit).await?;
            answer(&from_http(&parts, &bytes, head), bytes.len())
        })?;
        Ok(answer)
    }
}

/// The response body, read up to the response limit (base64 only grows it). A body of one
/// data frame (axum's `Json`, `String` and `Bytes` answers) is kept as it is: `BodyExt::collect`
/// with `Limited` queued it and took it out again (about 1,000 instructions a request).
/// Trailers are ignored, as `Collected::to_bytes` ignores them.
async fn collect<B>(body: B, limit: usize) -> Result<Bytes, Diagnostic>
where
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    let limit = if limit == 0 { usize::MAX } else { limit };
    let mut body = pin!(body);
    let mut first: Option<Bytes> = None;
    let mut more: Vec<u8> = Vec::new();
    let mut length = 0usize;
    while let Some(frame) = poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        let frame = frame.map_err(|e| {
            Diagnostic::new(
                FUNCTION_RETURN_ERROR,
                format!("the response body could not be read: {}", e.into()),
            )
        })?;
        let Ok(mut data) = frame.into_data() else {
            continue;
        };
        length = length.saturating_add(data.remaining());
        if length > limit {
            return Err(Diagnostic::new(
                FUNCTION_RESPONSE_TOO_LARGE,
                format!(
                    "the response body is larger than RUNTIME_MAX_RESP_BODY_SIZE ({limit} bytes)"
                ),
            ));
        }
        let data = data.copy_to_bytes(data.remaining());
        match &first {
            None if more.is_empty() => first = Some(data),
            _ => {
                if let Some(first) = first.take() {
                    more.extend_from_slice(&first);
                }
                more.extend_from_slice(&data);
            }
        }
    }
    Ok(first.unwrap_or_else(|| Bytes::from(more)))
}

/// With container mode in the build, the handler must also serve its queue: invocations one
/// after the other, each on the runtime's handle.
#[cfg(feature = "container")]
impl<S, B> crate::container::Serve<ApigEvent> for ServiceHandler<S>
where
    S: Service<Request<Body>, Response = Response<B>> + Clone,
    S::Error: Into<BoxError>,
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    fn serve(&self, queue: &crate::container::JobQueue, _workers: usize) -> ! {
        crate::container::work(self, queue)
    }
}

/// The APIG object as JSON, written into a buffer sized for the body and a few headers (no
/// regrowing on the way).
fn answer(
    object: &super::apig_response::ApigAnswer<'_>,
    body_len: usize,
) -> Result<Vec<u8>, Diagnostic> {
    let mut json = Vec::with_capacity(body_len + body_len / 8 + 256);
    serde_json::to_writer(&mut json, object).map_err(|e| {
        Diagnostic::new(
            crate::FUNCTION_RESULT_INVALID,
            format!("function result could not be serialised as JSON: {e}"),
        )
    })?;
    Ok(json)
}

fn service_failed(error: impl Into<BoxError>) -> Diagnostic {
    Diagnostic::new(
        FUNCTION_RETURN_ERROR,
        format!("the service failed: {}", error.into()),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use http_body::Frame;

    use super::*;

    /// A body of the given frames (`Err` for a failing read), then the end.
    struct Frames(VecDeque<Result<Frame<Bytes>, &'static str>>);

    impl http_body::Body for Frames {
        type Data = Bytes;
        type Error = BoxError;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
            Poll::Ready(self.0.pop_front().map(|f| f.map_err(Into::into)))
        }
    }

    fn data(text: &'static str) -> Result<Frame<Bytes>, &'static str> {
        Ok(Frame::data(Bytes::from_static(text.as_bytes())))
    }

    fn collected(
        frames: Vec<Result<Frame<Bytes>, &'static str>>,
        limit: usize,
    ) -> Result<Bytes, Diagnostic> {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(collect(Frames(frames.into()), limit))
    }

    #[test]
    fn bodies_are_collected_whole_in_any_number_of_frames() {
        assert_eq!(collected(vec![], 10).unwrap(), "");
        assert_eq!(collected(vec![data("one")], 10).unwrap(), "one");
        let trailers = Ok(Frame::trailers(http::HeaderMap::new()));
        assert_eq!(
            collected(vec![data(""), data("a"), trailers, data("bc")], 10).unwrap(),
            "abc"
        );
        assert_eq!(
            collected(vec![data("abc")], 0).unwrap(),
            "abc",
            "0: no limit"
        );
    }

    #[test]
    fn too_large_and_failing_bodies_are_reported() {
        assert_eq!(collected(vec![data("12345")], 5).unwrap(), "12345");
        for frames in [vec![data("123456")], vec![data("123"), data("456")]] {
            let error = collected(frames, 5).unwrap_err();
            assert_eq!(error.error_type, FUNCTION_RESPONSE_TOO_LARGE);
            assert!(error.error_message.contains("(5 bytes)"), "{error:?}");
        }
        let error = collected(vec![data("a"), Err("the pipe broke")], 5).unwrap_err();
        assert_eq!(error.error_type, FUNCTION_RETURN_ERROR);
        assert_eq!(
            error.error_message,
            "the response body could not be read: the pipe broke"
        );
    }
}

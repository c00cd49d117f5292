//! HTTP-function mode (docs/PLATFORM.md §3, §14.1): the service behind hyper on
//! `FG_HOST:FG_PORT`, every request in a task of its own with its [`Context`] in its
//! extensions, built from the platform's `X-Cff-*` headers by the code container mode uses.
//! SIGTERM stops accepting, lets the requests in flight finish within the function's timeout,
//! then runs the shutdown hooks.

use std::convert::Infallible;
use std::future::{Future, poll_fn};
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Poll, ready};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Request, Response, StatusCode};
use http_body_util::{Either, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use pin_project_lite::pin_project;
use tokio::net::TcpListener;
use tower_service::Service;

use super::Error;
use super::body::{Body, BoxError};
use super::head_timeout::{HeadTimeouts, HeadWatch, ResponseDone};
use crate::config::{FunctionConfig, ProcessEnv, RuntimeConfig};
use crate::invocation::Headers;
use crate::logger::{self as log, Level, Sink, runtime_log};
use crate::request_headers;
use crate::{Context, shutdown};

/// The address HTTP functions must listen on (docs/PLATFORM.md §3): `FG_HOST` and `FG_PORT` change
/// it.
pub const DEFAULT_HTTP_HOST: &str = "127.0.0.1";

/// How long a client may take to send a request's head (`FG_HTTP_HEADER_TIMEOUT`, seconds);
/// a connection idle longer than this between requests is closed too (one wait: from the end
/// of the last response), and the client opens a new one. Timed by [`HeadTimeouts`], not by
/// hyper's `header_read_timeout`, for speed; cut off up to half a second late.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest request head (request line and headers) read; larger ones get `431`. (More
/// than 100 headers get `431` too: hyper's default, left unset because setting it, even to
/// 100, makes hyper allocate its header arrays on every request.)
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// A response body: the service's, or fg's own short text answers (`413`, `500`).
type ResponseBody<B> = Either<B, Full<Bytes>>;

pin_project! {
    /// A response body as hyper gets it: hyper drops it once it is written, and that marks
    /// the connection waiting for its next request head.
    struct TimedBody<B> {
        #[pin]
        body: ResponseBody<B>,
        _done: ResponseDone,
    }
}

impl<B> http_body::Body for TimedBody<B>
where
    B: http_body::Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    // `Either`'s error is already a `BoxError`.
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
        self.project().body.poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// Serves `service` as an HTTP function: hyper (HTTP/1.1, keep-alive) on `FG_HOST:FG_PORT`,
/// by default `127.0.0.1:8000` as the platform requires, until SIGTERM (or SIGINT).
///
/// Requests are served concurrently, each with its [`Context`] in its extensions
/// (`axum::Extension<fg_runtime::Context>`); log lines written while the service handles a
/// request carry its request id. On SIGTERM it stops accepting connections, waits for the
/// requests in flight for at most the function's timeout, runs the [`on_shutdown`] hooks and
/// returns `Ok(())`.
///
/// [`on_shutdown`]: crate::on_shutdown
///
/// # Errors
/// [`Error::Bind`] when the address cannot be listened on, [`Error::Signal`] when SIGTERM
/// cannot be handled.
///
/// ```no_run
/// use axum::{Extension, Router, routing::get};
/// use fg_runtime::Context;
///
/// #[tokio::main]
/// async fn main() -> Result<(), fg_runtime::http::Error> {
///     let app = Router::new().route(
///         "/whoami",
///         get(|Extension(ctx): Extension<Context>| async move { ctx.request_id().to_owned() }),
///     );
///     fg_runtime::http::serve(app).await
/// }
/// ```
pub async fn serve<S, B>(service: S) -> Result<(), Error>
where
    S: Service<Request<Body>, Response = Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let (host, port) = crate::config::listen_address(&ProcessEnv, DEFAULT_HTTP_HOST);
    let listener = TcpListener::bind((host.as_str(), port))
        .await
        .map_err(|source| Error::Bind {
            address: format!("{host}:{port}"),
            source,
        })?;
    let stop = stop_signal().map_err(Error::Signal)?;
    serve_with_shutdown(listener, service, stop).await
}

/// [`serve`] on a listener you bound, until `shutdown` completes: for tests (bind
/// `127.0.0.1:0`) and for servers that stop on something other than SIGTERM. Everything else
/// is as in [`serve`], the shutdown hooks included.
///
/// # Errors
/// [`Error::Timer`] when the thread that times request heads cannot start.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # tokio::runtime::Runtime::new()?.block_on(async {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
/// let app = axum::Router::new().route("/", axum::routing::get(|| async { "hi" }));
/// let server = tokio::spawn(fg_runtime::http::serve_with_shutdown(listener, app, async {
///     let _ = stopped.await;
/// }));
/// let _ = stop.send(());
/// server.await??;
/// # Ok::<(), Box<dyn std::error::Error>>(()) })
/// # }
/// ```
pub async fn serve_with_shutdown<S, B, F>(
    listener: TcpListener,
    service: S,
    shutdown: F,
) -> Result<(), Error>
where
    S: Service<Request<Body>, Response = Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
    F: Future<Output = ()>,
{
    let runtime = RuntimeConfig::from_env(&ProcessEnv);
    log::init(Sink::Stdout, runtime.log.clone());
    for warning in &runtime.log_warnings {
        runtime_log!(Warn, "{warning}");
    }
    let function = Arc::new(FunctionConfig::from_env(&ProcessEnv));
    let timeout = function.timeout;
    let shared = Arc::new(Shared {
        function,
        max_body: runtime.max_event_size,
        contexts: ContextCache::default(),
    });
    let address = listener
        .local_addr()
        .map_or_else(|_| "?".to_owned(), |a: SocketAddr| a.to_string());
    // Tests and tools read the address from this line (FG_PORT=0 picks a free port).
    runtime_log!(Info, "HTTP function: listening on {address}");
    let head_timeouts = HeadTimeouts::start(
        crate::config::seconds(&ProcessEnv, crate::constants::HTTP_HEADER_TIMEOUT_VAR)
            .filter(|t| !t.is_zero())
            .unwrap_or(HEADER_READ_TIMEOUT),
    )
    .map_err(Error::Timer)?;
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.keep_alive(true).max_buf_size(MAX_HEAD_BYTES);
    let graceful = GracefulShutdown::new();
    let mut shutdown = pin!(shutdown);
    loop {
        let accepted = {
            let mut accept = pin!(listener.accept());
            poll_fn(|cx| {
                if shutdown.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(None);
                }
                accept.as_mut().poll(cx).map(Some)
            })
            .await
        };
        match accepted {
            None => break,
            Some(Ok((stream, _))) => {
                let _ = stream.set_nodelay(true);
                let head = head_timeouts.watch();
                let connection = builder.serve_connection(
                    TokioIo::new(stream),
                    Connection {
                        service: service.clone(),
                        shared: Arc::clone(&shared),
                        head: head.clone(),
                    },
                );
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    match head.until_expired(connection).await {
                        // A client that goes away mid-request is not the function's failure.
                        Some(Err(e)) => {
                            runtime_log!(Debug, "HTTP function: connection ended: {e}");
                        }
                        Some(Ok(())) => {}
                        None => runtime_log!(
                            Debug,
                            "HTTP function: connection closed: no request head within FG_HTTP_HEADER_TIMEOUT"
                        ),
                    }
                });
            }
            Some(Err(e)) => {
                // Out of file descriptors, or a connection reset before it was accepted.
                runtime_log!(Warn, "HTTP function: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
    drop(listener);
    runtime_log!(
        Info,
        "shutting down: no longer accepting; waiting up to {} ms for the requests in flight",
        log::millis(timeout)
    );
    if tokio::time::timeout(timeout, graceful.shutdown())
        .await
        .is_err()
    {
        runtime_log!(
            Warn,
            "requests still in flight after the function's timeout; shutting down without them"
        );
    }
    shutdown::run_hooks();
    log::flush();
    Ok(())
}

#[cfg(unix)]
fn stop_signal() -> std::io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        let name = poll_fn(|cx| {
            if term.poll_recv(cx).is_ready() {
                return Poll::Ready("SIGTERM");
            }
            interrupt.poll_recv(cx).map(|_| "SIGINT")
        })
        .await;
        runtime_log!(Info, "{name}: shutting down");
    })
}

#[cfg(not(unix))]
fn stop_signal() -> std::io::Result<impl Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// What every request of the server shares.
#[derive(Debug)]
struct Shared {
    function: Arc<FunctionConfig>,
    /// The request body limit, `FG_MAX_EVENT_SIZE` (default 8 MiB, above the platform's 6 MB).
    max_body: usize,
    contexts: ContextCache,
}

/// The hyper service of one connection.
#[derive(Clone, Debug)]
struct Connection<S> {
    service: S,
    shared: Arc<Shared>,
    head: HeadWatch,
}

impl<S, B> hyper::service::Service<Request<Incoming>> for Connection<S>
where
    S: Service<Request<Body>, Response = Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response<TimedBody<B>>;
    type Error = Infallible;
    type Future = Served<S, S::Future, B>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        self.head.head_received();
        let done = self.head.on_response_done();
        let shared = &*self.shared;
        let ctx = shared.contexts.context(&request, &shared.function);
        // The one copy of the id: the context moves into the request, this tags its polls.
        let request_id = ctx.request_id().to_owned();
        if let Some(length) = content_length(&request)
            && length > shared.max_body
        {
            log::write(
                &request_id,
                Level::Warn,
                format_args!(
                    "request body of {length} bytes refused: over FG_MAX_EVENT_SIZE ({} bytes)",
                    shared.max_body
                ),
            );
            let refused = plain(StatusCode::PAYLOAD_TOO_LARGE, "request body too large");
            return Served::new(
                request_id,
                Call::Answered {
                    response: Some(refused),
                },
                done,
            );
        }
        let (parts, body) = request.into_parts();
        let mut request = Request::from_parts(parts, Body::incoming(body, shared.max_body));
        request.extensions_mut().insert(ctx);
        let call = Call::Ready {
            service: self.service.clone(),
            request: Some(request),
        };
        Served::new(request_id, call, done)
    }
}

pin_project! {
    /// One request's future, polled as that request: log lines written meanwhile on the
    /// polling thread carry its id (and, with `tracing`, it runs in an `invocation` span), a
    /// service error or panic is logged and answered `500`, and the response body is timed.
    /// A named type rather than boxed `async` blocks: no allocation per request (three boxes
    /// before: the future, the service's future inside it, the response body).
    struct Served<S, F, B> {
        #[pin]
        call: Call<S, F, B>,
        tag: RequestTag,
        done: Option<ResponseDone>,
    }
}

pin_project! {
    /// The service's side of a request: waiting for the service to be ready, then its future;
    /// or fg's own answer.
    #[project = CallProjection]
    enum Call<S, F, B> {
        Ready { service: S, request: Option<Request<Body>> },
        Calling { #[pin] future: F },
        Answered { response: Option<Response<ResponseBody<B>>> },
    }
}

/// What a request's polls are tagged with.
struct RequestTag {
    /// Moved into the logger's thread-local for a poll and back (`log::as_request`).
    request_id: Option<String>,
    #[cfg(feature = "tracing")]
    span: ::tracing::Span,
}

impl<S, F, B> Served<S, F, B> {
    fn new(request_id: String, call: Call<S, F, B>, done: ResponseDone) -> Self {
        Self {
            call,
            tag: RequestTag {
                #[cfg(feature = "tracing")]
                span: ::tracing::info_span!("invocation", request_id = %request_id),
                request_id: Some(request_id),
            },
            done: Some(done),
        }
    }
}

impl<S, B> Call<S, S::Future, B>
where
    S: Service<Request<Body>, Response = Response<B>>,
    S::Error: Into<BoxError>,
{
    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<Result<Response<ResponseBody<B>>, BoxError>> {
        loop {
            match self.as_mut().project() {
                CallProjection::Ready { service, request } => {
                    if let Err(error) = ready!(service.poll_ready(cx)) {
                        return Poll::Ready(Err(error.into()));
                    }
                    let request = request
                        .take()
                        .expect("a request is called once: the state moves on right after");
                    let future = service.call(request);
                    self.set(Self::Calling { future });
                }
                CallProjection::Calling { future } => {
                    return future
                        .poll(cx)
                        .map(|answered| answered.map(|r| r.map(Either::Left)).map_err(Into::into));
                }
                CallProjection::Answered { response } => {
                    return Poll::Ready(Ok(response
                        .take()
                        .expect("hyper polls a request's future no more once it is ready")));
                }
            }
        }
    }
}

impl<S, B> Future for Served<S, S::Future, B>
where
    S: Service<Request<Body>, Response = Response<B>>,
    S::Error: Into<BoxError>,
{
    type Output = Result<Response<TimedBody<B>>, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let tag = this.tag;
        #[cfg(feature = "tracing")]
        let _entered = tag.span.enter();
        let call = this.call;
        let polled = log::as_request(&mut tag.request_id, || {
            std::panic::catch_unwind(AssertUnwindSafe(|| call.poll(cx)))
        });
        let request_id = tag.request_id.as_deref().unwrap_or_default();
        let response = match polled {
            Ok(Poll::Pending) => return Poll::Pending,
            Ok(Poll::Ready(Ok(response))) => response,
            Ok(Poll::Ready(Err(error))) => {
                log::write(
                    request_id,
                    Level::Error,
                    format_args!("the service failed: {error}; answered 500"),
                );
                plain(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
            }
            Err(panic) => {
                let panic = crate::panic::payload_text(&*panic);
                log::write(
                    request_id,
                    Level::Error,
                    format_args!("the service panicked: {panic}; answered 500"),
                );
                plain(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
            }
        };
        let done = this
            .done
            .take()
            .expect("hyper polls a request's future no more once it is ready");
        Poll::Ready(Ok(response.map(|body| TimedBody { body, _done: done })))
    }
}

/// The platform's request id header, as a name (comparing with a `&str` parses the string
/// into a name on every request: about 300 instructions).
const REQUEST_ID: HeaderName = HeaderName::from_static(crate::invocation::header::REQUEST_ID);

/// Whether a request header belongs to the platform (and so to the context).
fn is_platform_header(name: &HeaderName) -> bool {
    let name = name.as_str();
    name.starts_with("x-cff-") || name.starts_with("x-stream-")
}

/// The context of the last distinct set of platform headers: the platform sends the same
/// metadata (and, until they rotate, the same credentials) with every request, so the context
/// is built once per set and only its request id and start time change. Building it each time
/// cost about 3 µs of a 25 µs request (copying the headers three times, and cloning the
/// function's configuration for `X-Cff-Timeout`).
#[derive(Debug, Default)]
struct ContextCache(Mutex<Option<(PlatformHeaders, Context)>>);

/// A request's platform headers but its id: what its context is built from.
type PlatformHeaders = Vec<(HeaderName, HeaderValue)>;

impl ContextCache {
    /// The request's context, from its `X-Cff-*` headers by container mode's rules (request
    /// id, credentials, metadata headers over the environment's gaps, placeholders ignored). The request's other
    /// headers stay in the request: `Context::header` sees the platform's.
    fn context<T>(&self, request: &Request<T>, function: &Arc<FunctionConfig>) -> Context {
        let received_at = Instant::now();
        let mut cache = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        // One pass over the headers, no lookup by name (each hashes the name): the request id,
        // and whether the other platform headers are the cached context's, compared in place
        // (a hit copies no header).
        let mut sent_id = None;
        let mut cached = cache.as_ref().map(|(key, _)| key.iter());
        let mut same = cached.is_some();
        for (name, value) in request.headers() {
            if !is_platform_header(name) {
                continue;
            }
            if *name == REQUEST_ID {
                // The first value, as `HeaderMap::get` gives it.
                sent_id = sent_id.or(Some(value));
            } else if same {
                same = cached
                    .as_mut()
                    .and_then(Iterator::next)
                    .is_some_and(|(n, v)| n == name && v == value);
            }
        }
        let same = same && cached.is_some_and(|mut rest| rest.next().is_none());
        // The platform's id as sent, else a local one (as container mode makes it), without
        // building a header list for it.
        let request_id = match sent_id
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|id| !id.is_empty())
        {
            Some(id) => id.to_owned(),
            None => request_headers::request_id(&Headers::default()),
        };
        if same && let Some((_, template)) = &*cache {
            return template.for_request(request_id, received_at);
        }
        let platform_headers = || {
            request
                .headers()
                .iter()
                .filter(|(name, _)| *name != REQUEST_ID && is_platform_header(name))
        };
        let key: PlatformHeaders = platform_headers()
            .map(|(n, v)| (n.clone(), v.clone()))
            .collect();
        let mut headers = Headers::default();
        for (name, value) in &key {
            if let Ok(value) = value.to_str() {
                headers.insert(name.as_str(), value.to_owned());
            }
        }
        headers.insert("x-cff-request-id", request_id);
        let mut invocation = request_headers::invocation(headers, Vec::new());
        invocation.received_at = received_at;
        let function = request_headers::function_config(function, &invocation.headers);
        let ctx = Context::new(&invocation, function);
        *cache = Some((key, ctx.clone()));
        ctx
    }
}

fn content_length<T>(request: &Request<T>) -> Option<usize> {
    request
        .headers()
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn plain<B>(status: StatusCode, text: &'static str) -> Response<ResponseBody<B>> {
    let mut response = Response::new(Either::Right(Full::new(Bytes::from_static(
        text.as_bytes(),
    ))));
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: &[(&str, &str)]) -> Request<()> {
        let mut request = Request::new(());
        for (name, value) in headers {
            request.headers_mut().append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        request
    }

    #[test]
    fn a_cached_context_is_used_only_for_the_same_platform_headers() {
        let function = Arc::new(FunctionConfig::default());
        let cache = ContextCache::default();
        let timeout = |ctx: &Context| ctx.timeout().as_secs();
        let first = cache.context(
            &request(&[("x-cff-timeout", "30"), ("x-cff-request-id", "a")]),
            &function,
        );
        assert_eq!(timeout(&first), 30);
        // More platform headers than the cached set, fewer, or other values: built anew.
        let more = cache.context(
            &request(&[
                ("x-cff-timeout", "30"),
                ("x-cff-memory", "256"),
                ("x-cff-request-id", "b"),
            ]),
            &function,
        );
        assert_eq!((more.request_id(), more.memory_size()), ("b", 256));
        let fewer = cache.context(&request(&[("x-cff-request-id", "c")]), &function);
        assert_eq!(timeout(&fewer), function.timeout.as_secs());
        let other = cache.context(
            &request(&[("x-cff-timeout", "40"), ("x-cff-request-id", "d")]),
            &function,
        );
        assert_eq!(timeout(&other), 40);
        // The first request id counts, and a blank one is no id.
        let twice = cache.context(
            &request(&[
                ("x-cff-request-id", "e"),
                ("x-cff-timeout", "40"),
                ("x-cff-request-id", "f"),
            ]),
            &function,
        );
        assert_eq!((twice.request_id(), timeout(&twice)), ("e", 40));
        let blank = cache.context(
            &request(&[("x-cff-timeout", "40"), ("x-cff-request-id", " ")]),
            &function,
        );
        assert!(blank.request_id().starts_with("local-"), "{blank:?}");
    }

    #[test]
    fn contexts_are_built_once_per_set_of_platform_headers() {
        let function = Arc::new(FunctionConfig::default());
        let cache = ContextCache::default();
        let platform = [
            ("x-cff-timeout", "30"),
            ("x-cff-func-version", "latest"),
            ("x-cff-security-access-key", "null"),
            ("x-cff-security-token", "token-1"),
            ("user-agent", "curl"),
        ];
        let first = cache.context(
            &request(&[&platform[..], &[("x-cff-request-id", "a")]].concat()),
            &function,
        );
        let second = cache.context(
            &request(&[&platform[..], &[("x-cff-request-id", "b")]].concat()),
            &function,
        );
        for (ctx, id) in [(&first, "a"), (&second, "b")] {
            assert_eq!(ctx.request_id(), id);
            assert_eq!(
                ctx.header("X-Cff-Request-Id"),
                Some(id),
                "the request's own id"
            );
            assert_eq!(ctx.timeout(), Duration::from_secs(30));
            assert_eq!(ctx.version(), "latest");
            assert_eq!(ctx.security_access_key(), None, "`null` is no credential");
            assert_eq!(ctx.security_token().map(|t| t.expose()), Some("token-1"));
            assert_eq!(
                ctx.header("user-agent"),
                None,
                "only the platform's headers"
            );
        }
        assert!(
            second.deadline() >= first.deadline(),
            "each request's own deadline"
        );
        // Rotated credentials are a new set: a new context.
        let rotated = cache.context(
            &request(&[
                ("x-cff-security-token", "token-2"),
                ("x-cff-request-id", "c"),
            ]),
            &function,
        );
        assert_eq!(
            rotated.security_token().map(|t| t.expose()),
            Some("token-2")
        );
        assert_eq!(rotated.timeout(), function.timeout);
        let local = cache.context(&request(&[]), &function);
        assert!(
            local.request_id().starts_with("local-"),
            "{}",
            local.request_id()
        );
    }
}

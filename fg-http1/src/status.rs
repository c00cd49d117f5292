//! The reason phrase of the statuses fg's servers and tools answer with.

/// The reason phrase for `status` (`"Not Found"` for 404): what a status line says after the
/// code. Clients read the code only; the phrase is for people reading traces.
///
/// ```
/// assert_eq!(fg_http1::reason_phrase(413), "Payload Too Large");
/// assert_eq!(fg_http1::reason_phrase(299), "Unknown");
/// ```
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        410 => "Gone",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

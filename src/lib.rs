//! Examples and integration tests for fg; nothing to use here.

/// The example in `docs/RELIABILITY.md` (`fg_events::dis::dedup`), compiled and run as a doctest.
/// It is tested here, not in fg-events, because the published fg-events package holds no
/// `docs/`.
#[cfg(doctest)]
#[doc = include_str!("../docs/RELIABILITY.md")]
struct ReliabilityGuide;

/// The Rust examples in the crates' READMEs (what crates.io shows), compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../fg-runtime/README.md")]
struct RuntimeReadme;

/// See [`RuntimeReadme`].
#[cfg(doctest)]
#[doc = include_str!("../fg-events/README.md")]
struct EventsReadme;

//! A handler macro used without the fg-runtime feature it needs fails to compile with a message
//! naming that feature (the stand-ins in `src/private/`). The cases only make sense with the
//! features off, so they run when this crate is tested that way, as `.ci/run` does:
//! `cargo test -p fg-runtime --no-default-features --features macros --test stand_ins`.

#[test]
fn macros_name_the_missing_feature() {
    if cfg!(any(
        not(feature = "macros"),
        feature = "dis",
        feature = "apig",
        feature = "timer",
        feature = "async"
    )) {
        eprintln!(
            "skipped: run with `--no-default-features --features macros` to see the stand-ins"
        );
        return;
    }
    trybuild::TestCases::new().compile_fail("tests/stand_ins/*.rs");
}

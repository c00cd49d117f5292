//! `crate = path`: fg-runtime reached through another name, as when Cargo.toml renames the
//! dependency (`fg = { package = "fg-runtime", ... }`).

mod platform {
    pub use fg_runtime as fg;
}

use fg_events::dis::DisEvent;

#[fg_runtime::dis_handler(crate = platform::fg)]
fn handle(event: DisEvent, ctx: &platform::fg::Context) -> usize {
    let _ = ctx;
    event.len()
}

//! An `#[apig_handler]` that returns nothing: the gateway needs a response.

use fg_events::apig::ApigRequest;
use fg_runtime::{Context, apig_handler};

#[apig_handler]
fn handle(request: ApigRequest, ctx: &Context) {
    ctx.info(format_args!("{}", request.path()));
}

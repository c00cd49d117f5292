//! Types written by their full paths, with nothing imported.

#[fg_runtime::dis_handler]
fn handle(
    event: fg_events::dis::DisEvent,
    ctx: &fg_runtime::Context,
) -> ::core::result::Result<usize, ::std::string::String> {
    let _ = ctx.request_id();
    Ok(event.records().count())
}

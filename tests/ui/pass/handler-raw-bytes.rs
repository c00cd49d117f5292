//! `#[handler]` with `Vec<u8>`: the body as it arrives, not decoded as JSON.

use fg_runtime::handler;

#[handler]
fn handle(event: Vec<u8>) -> Result<usize, String> {
    if event.first() == Some(&b'{') {
        Ok(event.len())
    } else {
        Err("expected the raw JSON text of the sample event".to_owned())
    }
}

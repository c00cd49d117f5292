//! A sync handler whose `init` state is not `Sync`: with the `container` feature (enabled for
//! these tests) invocations run at once on several threads and share it, so it must be `Sync`.

use std::cell::RefCell;

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

struct Cache {
    seen: RefCell<Vec<String>>,
}

fn init() -> Result<Cache, String> {
    Ok(Cache {
        seen: RefCell::new(Vec::new()),
    })
}

#[dis_handler(init = init)]
fn handle(event: DisEvent, ctx: &Context, cache: &Cache) -> usize {
    let _ = ctx;
    cache.seen.borrow_mut().push(event.stream_name().to_owned());
    cache.seen.borrow().len()
}

//! An `async fn` init (awaited once, on the handler's runtime, before the first event) with an
//! `async fn` handler; the state type is named by a path, the init by a module path.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

mod db {
    pub struct Pool {
        pub size: usize,
    }

    pub async fn connect() -> anyhow::Result<Pool> {
        Ok(Pool { size: 4 })
    }
}

#[dis_handler(init = db::connect)]
async fn handle(event: DisEvent, ctx: &Context, pool: &db::Pool) -> Result<String, String> {
    let records = event.records().count();
    Ok(format!(
        "{records} records, {} connections, {}",
        pool.size,
        ctx.request_id()
    ))
}

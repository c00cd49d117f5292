//! `init` builds the state once; every invocation borrows it as a third parameter. The
//! handler and `init` stay ordinary functions that tests can call.

use std::collections::HashMap;

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

struct Store {
    tables: HashMap<String, usize>,
}

fn connect() -> Result<Store, std::io::Error> {
    Ok(Store {
        tables: HashMap::from([("clicks".to_owned(), 1)]),
    })
}

fn on_shutdown() {
    eprintln!("closing the store");
}

#[dis_handler(init = connect, shutdown = on_shutdown)]
fn handle(event: DisEvent, ctx: &Context, store: &Store) -> Result<usize, String> {
    let _ = ctx.request_id();
    Ok(event.records().count() + store.tables.len() - 1)
}

/// What a unit test would do.
#[allow(dead_code)]
fn call_directly() {
    let store = connect().unwrap();
    assert_eq!(
        handle(DisEvent::default(), &Context::for_test(), &store),
        Ok(0)
    );
}

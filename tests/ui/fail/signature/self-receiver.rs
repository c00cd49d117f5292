//! The attribute on a method: handlers are free functions.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

struct Handler;

impl Handler {
    #[dis_handler]
    fn handle(&self, event: DisEvent) -> usize {
        event.records().count()
    }
}

fn main() {}

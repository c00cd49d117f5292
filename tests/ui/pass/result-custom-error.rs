//! A user error type implementing `std::error::Error`: reported with its `Display` text.

use std::fmt;

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[derive(Debug)]
enum MyError {
    NoRecords,
}

impl fmt::Display for MyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoRecords => f.write_str("the batch has no records"),
        }
    }
}

impl std::error::Error for MyError {}

#[dis_handler]
fn handle(event: DisEvent) -> Result<usize, MyError> {
    match event.records().count() {
        0 => Err(MyError::NoRecords),
        n => Ok(n),
    }
}

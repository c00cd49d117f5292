//! A user error type implementing `fg_runtime::IntoDiagnostic` chooses its `errorType`.

use fg_events::dis::DisEvent;
use fg_runtime::{Diagnostic, IntoDiagnostic, dis_handler};

enum MyError {
    NoRecords,
}

impl IntoDiagnostic for MyError {
    fn into_diagnostic(self) -> Diagnostic {
        match self {
            Self::NoRecords => Diagnostic::new("NoRecords", "the batch has no records"),
        }
    }
}

#[dis_handler]
fn handle(event: DisEvent) -> Result<usize, MyError> {
    match event.records().count() {
        0 => Err(MyError::NoRecords),
        n => Ok(n),
    }
}

//! fg's own `tracing` subscriber (feature `tracing`): spans kept in a small table, events
//! written through the one log writer with their fields and enclosing spans. Deliberately
//! small: `tracing-subscriber` with its `EnvFilter` would bring regex and a second `syn`
//! major into every function binary.

use std::cell::RefCell;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tracing::field::{Field as TracingField, Visit};
use tracing::level_filters::LevelFilter;
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_core::span::Current;

use super::format::Value;
use super::{Filter, Line, Severity, SpanFields, emit, runtime_log};

/// Installs the subscriber as the global default, unless the function installed its own.
pub(super) fn install(filter: &Filter) {
    let subscriber = FgSubscriber {
        filter: filter.clone(),
        spans: Mutex::new(Spans::default()),
    };
    if tracing::subscriber::set_global_default(subscriber).is_err() {
        runtime_log!(
            Debug,
            "a tracing subscriber was already installed; fg's is not"
        );
    }
}

struct FgSubscriber {
    filter: Filter,
    spans: Mutex<Spans>,
}

#[derive(Default)]
struct Spans {
    slots: Vec<Option<SpanData>>,
    free: Vec<usize>,
}

struct SpanData {
    metadata: &'static Metadata<'static>,
    fields: Vec<(&'static str, Value)>,
    refs: usize,
}

thread_local! {
    /// The spans entered on this thread, innermost last.
    static STACK: RefCell<Vec<Id>> = const { RefCell::new(Vec::new()) };
}

fn severity(level: &Level) -> Severity {
    match *level {
        Level::TRACE => Severity::Trace,
        Level::DEBUG => Severity::Debug,
        Level::INFO => Severity::Info,
        Level::WARN => Severity::Warn,
        _ => Severity::Error,
    }
}

impl FgSubscriber {
    fn spans(&self) -> MutexGuard<'_, Spans> {
        self.spans.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wants(&self, metadata: &Metadata<'_>) -> bool {
        // Spans are always kept: they carry the request id into JSON lines whatever the level.
        metadata.is_span()
            || self
                .filter
                .enabled(severity(metadata.level()), metadata.target())
    }
}

fn index(id: &Id) -> usize {
    usize::try_from(id.into_u64() - 1).unwrap_or(usize::MAX)
}

/// Collects fields as JSON values; `message` separately, as text.
#[derive(Default)]
struct Fields {
    message: Option<String>,
    values: Vec<(&'static str, Value)>,
}

impl Visit for Fields {
    fn record_debug(&mut self, field: &TracingField, value: &dyn std::fmt::Debug) {
        let text = format!("{value:?}");
        if field.name() == "message" {
            self.message = Some(text);
        } else {
            self.values.push((field.name(), Value::Text(text)));
        }
    }

    fn record_str(&mut self, field: &TracingField, value: &str) {
        if field.name() == "message" {
            self.message = Some(value.to_owned());
        } else {
            self.values
                .push((field.name(), Value::Text(value.to_owned())));
        }
    }

    fn record_i64(&mut self, field: &TracingField, value: i64) {
        self.values.push((field.name(), Value::I64(value)));
    }

    fn record_u64(&mut self, field: &TracingField, value: u64) {
        self.values.push((field.name(), Value::U64(value)));
    }

    fn record_f64(&mut self, field: &TracingField, value: f64) {
        self.values.push((field.name(), Value::F64(value)));
    }

    fn record_bool(&mut self, field: &TracingField, value: bool) {
        self.values.push((field.name(), Value::Bool(value)));
    }
}

impl Subscriber for FgSubscriber {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if self.wants(metadata) {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        self.wants(metadata)
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        // Spans are wanted at every level.
        Some(LevelFilter::TRACE)
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = Fields::default();
        attributes.record(&mut fields);
        let data = SpanData {
            metadata: attributes.metadata(),
            fields: fields.values,
            refs: 1,
        };
        let mut spans = self.spans();
        let slot = match spans.free.pop() {
            Some(slot) => {
                spans.slots[slot] = Some(data);
                slot
            }
            None => {
                spans.slots.push(Some(data));
                spans.slots.len() - 1
            }
        };
        Id::from_u64(slot as u64 + 1)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut fields = Fields::default();
        values.record(&mut fields);
        if let Some(Some(data)) = self.spans().slots.get_mut(index(span)) {
            for (name, value) in fields.values {
                match data.fields.iter_mut().find(|(n, _)| *n == name) {
                    Some(existing) => existing.1 = value,
                    None => data.fields.push((name, value)),
                }
            }
        }
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let metadata = event.metadata();
        let mut fields = Fields::default();
        event.record(&mut fields);
        let message = fields.message.take().unwrap_or_default();
        let spans = self.spans();
        let entered: Vec<&SpanData> = STACK.with_borrow(|stack| {
            stack
                .iter()
                .filter_map(|id| spans.slots.get(index(id)).and_then(Option::as_ref))
                .collect()
        });
        let span_fields: Vec<SpanFields<'_>> = entered
            .iter()
            .map(|data| SpanFields {
                name: data.metadata.name(),
                fields: &data.fields,
            })
            .collect();
        // A request id recorded on a span (ours, or the user's) names the line's invocation.
        let request_id = entered.iter().rev().find_map(|data| {
            data.fields
                .iter()
                .find(|(name, _)| *name == "request_id")
                .and_then(|(_, value)| match value {
                    Value::Text(id) => Some(id.as_str()),
                    _ => None,
                })
        });
        emit(&Line {
            severity: severity(metadata.level()),
            target: metadata.target(),
            request_id,
            message: &message,
            fields: &fields.values,
            spans: &span_fields,
        });
    }

    fn enter(&self, span: &Id) {
        STACK.with_borrow_mut(|stack| stack.push(span.clone()));
    }

    fn exit(&self, span: &Id) {
        STACK.with_borrow_mut(|stack| {
            if let Some(at) = stack.iter().rposition(|id| id == span) {
                stack.remove(at);
            }
        });
    }

    fn clone_span(&self, id: &Id) -> Id {
        if let Some(Some(data)) = self.spans().slots.get_mut(index(id)) {
            data.refs += 1;
        }
        id.clone()
    }

    fn try_close(&self, id: Id) -> bool {
        let at = index(&id);
        let mut spans = self.spans();
        let closed = match spans.slots.get_mut(at) {
            Some(Some(data)) => {
                data.refs = data.refs.saturating_sub(1);
                data.refs == 0
            }
            _ => false,
        };
        if closed {
            spans.slots[at] = None;
            spans.free.push(at);
        }
        closed
    }

    fn current_span(&self) -> Current {
        let Some(id) = STACK.with_borrow(|stack| stack.last().cloned()) else {
            return Current::none();
        };
        match self.spans().slots.get(index(&id)).and_then(Option::as_ref) {
            Some(data) => Current::new(id, data.metadata),
            None => Current::none(),
        }
    }
}

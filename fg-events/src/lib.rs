//! Typed trigger events for functions on Huawei Cloud / Open Telekom Cloud `FunctionGraph`.
//!
//! Each trigger is a module behind a Cargo feature of the same name, all enabled by default:
//!
//! | module | feature | event |
//! |---|---|---|
//! | `dis` | `dis` | `DisEvent`: a batch of records from one DIS stream partition |
//! | `smn` | `smn` | `SmnEvent`: messages published to an SMN topic |
//! | `obs` | `obs` | `ObsEvent`: S3-style notifications of object changes in an OBS bucket |
//! | `apig` | `apig` | `ApigRequest` in, `ApigResponse` out: an HTTP request through API Gateway |
//! | `timer` | `timer` | `TimerEvent`: a scheduled invocation |
//! | `async_notification` | `async_notification` | `AsyncNotificationEvent`: the result of an asynchronous invocation |
//! | `kafka` | `kafka` | `KafkaEvent`: messages from DMS for Kafka or open-source Kafka topics |
//! | `rocketmq` | `rocketmq` | `RocketMqEvent`: messages from DMS for RocketMQ topics |
//! | `lts` | `lts` | `LtsEvent`: base64 log lines from an LTS log stream |
//! | `cts` | `cts` | `CtsEvent`: one operation audited by Cloud Trace Service |
//! | `dds` | `dds` | `DdsEvent`: change records of a DDS (MongoDB) collection |
//!
//! The types are plain data: public fields, `Default`, `Clone`, `Debug`, `PartialEq`, and serde
//! `Serialize`/`Deserialize` with the platform's exact key names, so they can be built in tests and
//! serialise back to the shape the platform sends. Parsing is lenient where the platform's sources
//! disagree (see [`lenient`]) and encoded values are decoded lazily, on access.
//!
//! ```
//! # #[cfg(feature = "dis")]
//! # fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//! use fg_events::dis::{DisEvent, DisRecord};
//!
//! fn handle(event: &DisEvent) -> Result<usize, fg_events::dis::DataError> {
//!     let mut total = 0;
//!     for record in event.records() {
//!         total += record.data()?.len();
//!     }
//!     Ok(total)
//! }
//!
//! let event = DisEvent::new("dis-swtest", "shardId-0000000000", [
//!     DisRecord::from_bytes(0, "welcome"),
//!     DisRecord::from_bytes(1, "using"),
//! ]);
//! assert_eq!(handle(&event)?, 12);
//!
//! let parsed: DisEvent = serde_json::from_str(&serde_json::to_string(&event)?)?;
//! assert_eq!(parsed, event);
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "dis"))]
//! # fn main() {}
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod lenient;

pub mod encoding;

#[cfg(test)]
pub(crate) mod fixture_tests;

#[cfg(feature = "apig")]
pub mod apig;
#[cfg(feature = "async_notification")]
pub mod async_notification;
#[cfg(feature = "cts")]
pub mod cts;
#[cfg(feature = "dds")]
pub mod dds;
#[cfg(feature = "dis")]
pub mod dis;
#[cfg(feature = "kafka")]
pub mod kafka;
// Records and messages shared by Kafka and RocketMQ events, which have the same shape
// (docs/PLATFORM.md §9.6).
#[cfg(feature = "lts")]
pub mod lts;
#[cfg(any(feature = "kafka", feature = "rocketmq"))]
mod message_queue;
#[cfg(feature = "obs")]
pub mod obs;
#[cfg(feature = "rocketmq")]
pub mod rocketmq;
#[cfg(feature = "smn")]
pub mod smn;
#[cfg(feature = "timer")]
pub mod timer;

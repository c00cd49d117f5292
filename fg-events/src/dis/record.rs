//! One DIS record and the accessors that decode its `data`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{DataError, DataErrorKind, PartitionKey, SequenceNumber};
use crate::encoding::Base64Text;

/// One record of a DIS batch, as the platform sends it.
///
/// `data` stays base64 until you ask for it, so one badly encoded record fails on its own
/// ([`data`](Self::data) returns a [`DataError`] naming it) and the others still decode.
///
/// ```
/// use fg_events::dis::DisRecord;
///
/// let record = DisRecord::from_bytes(3, "service").with_partition_key("user-42");
/// assert_eq!(record.raw_data(), "c2VydmljZQ==");
/// assert_eq!(record.data()?, b"service");
/// assert_eq!(record.text()?, "service");
/// assert_eq!(record.sequence_number().to_string(), "3");
/// assert_eq!(record.partition_key(), Some("user-42"));
/// # Ok::<(), fg_events::dis::DataError>(())
/// ```
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct DisRecord {
    /// `partition_key`: the producer's partition key; absent when the producer wrote to a
    /// partition id instead (DIS API, docs/PLATFORM.md §9.1). Read it with
    /// [`partition_key()`](Self::partition_key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_key: Option<PartitionKey>,
    /// `data`: the producer's bytes, base64-encoded. Decode with [`data`](Self::data) and friends.
    #[serde(default)]
    pub data: Base64Text,
    /// `sequence_number`: a JSON string or integer (docs/PLATFORM.md §9.1, §11), kept as text.
    #[serde(default)]
    pub sequence_number: SequenceNumber,
    /// `timestamp`: milliseconds since the epoch when the record was written to DIS. The DIS API
    /// has it; the `FunctionGraph` sample does not (docs/PLATFORM.md §9.1).
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_integer",
        skip_serializing_if = "Option::is_none"
    )]
    pub timestamp: Option<i64>,
    /// `timestamp_type`: what `timestamp` measures, e.g. `CreateTime` (DIS API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_type: Option<String>,
}

impl DisRecord {
    /// A record whose `data` is the given base64 text, used as is (it may be invalid, which is
    /// handy for testing error paths). To start from bytes, use [`from_bytes`](Self::from_bytes).
    pub fn new(sequence_number: impl Into<SequenceNumber>, data: impl Into<Base64Text>) -> Self {
        Self {
            sequence_number: sequence_number.into(),
            data: data.into(),
            ..Self::default()
        }
    }

    /// A record holding `bytes`, base64-encoded as the platform does.
    pub fn from_bytes(sequence_number: impl Into<SequenceNumber>, bytes: impl AsRef<[u8]>) -> Self {
        Self::new(sequence_number, Base64Text::encode(bytes))
    }

    /// A record holding `value` serialised as JSON, as a producer sending JSON would write it.
    ///
    /// # Errors
    /// The `serde_json` error if `value` cannot be serialised.
    pub fn from_json<T: Serialize + ?Sized>(
        sequence_number: impl Into<SequenceNumber>,
        value: &T,
    ) -> Result<Self, serde_json::Error> {
        Ok(Self::from_bytes(
            sequence_number,
            serde_json::to_vec(value)?,
        ))
    }

    /// Sets `partition_key`.
    #[must_use]
    pub fn with_partition_key(mut self, partition_key: impl Into<PartitionKey>) -> Self {
        self.partition_key = Some(partition_key.into());
        self
    }

    /// Sets `timestamp` (milliseconds since the epoch).
    #[must_use]
    pub fn with_timestamp(mut self, millis: i64) -> Self {
        self.timestamp = Some(millis);
        self
    }

    /// Sets `timestamp_type`, e.g. `CreateTime`.
    #[must_use]
    pub fn with_timestamp_type(mut self, timestamp_type: impl Into<String>) -> Self {
        self.timestamp_type = Some(timestamp_type.into());
        self
    }

    /// The decoded bytes of `data`, in a new `Vec`.
    ///
    /// # Errors
    /// [`DataError`] naming this record if `data` is not valid base64.
    pub fn data(&self) -> Result<Vec<u8>, DataError> {
        self.data
            .decode()
            .map_err(|e| self.error(DataErrorKind::Base64(e)))
    }

    /// Clears `buf`, decodes `data` into it and returns the bytes: the way to go through a batch
    /// without allocating once `buf` has grown to the largest record.
    ///
    /// ```
    /// # use fg_events::dis::{DataError, DisEvent, DisRecord};
    /// # let event = DisEvent::new("s", "shardId-0000000000", [DisRecord::from_bytes(0, "ab")]);
    /// let mut buf = Vec::new();
    /// for record in event.records() {
    ///     let bytes = record.data_into(&mut buf)?;
    ///     assert_eq!(bytes, b"ab");
    /// }
    /// # Ok::<(), DataError>(())
    /// ```
    ///
    /// # Errors
    /// [`DataError`] naming this record if `data` is not valid base64; `buf` is then empty.
    pub fn data_into<'b>(&self, buf: &'b mut Vec<u8>) -> Result<&'b [u8], DataError> {
        self.data
            .decode_into(buf)
            .map_err(|e| self.error(DataErrorKind::Base64(e)))
    }

    /// The decoded `data` as UTF-8 text.
    ///
    /// # Errors
    /// [`DataError`] naming this record if `data` is not valid base64 or not UTF-8.
    pub fn text(&self) -> Result<String, DataError> {
        String::from_utf8(self.data()?).map_err(|e| self.error(DataErrorKind::Utf8(e.utf8_error())))
    }

    /// Same as [`text`](Self::text), named after [`data`](Self::data).
    ///
    /// # Errors
    /// [`DataError`] naming this record if `data` is not valid base64 or not UTF-8.
    pub fn data_str(&self) -> Result<String, DataError> {
        self.text()
    }

    /// The decoded `data` parsed as JSON into `T`.
    ///
    /// ```
    /// # use fg_events::dis::DisRecord;
    /// #[derive(serde::Deserialize)]
    /// struct Reading { celsius: f64 }
    ///
    /// let record = DisRecord::from_bytes(5, r#"{"celsius": 21.5}"#);
    /// assert_eq!(record.json::<Reading>()?.celsius, 21.5);
    /// # Ok::<(), fg_events::dis::DataError>(())
    /// ```
    ///
    /// # Errors
    /// [`DataError`] naming this record if `data` is not valid base64 or not JSON for `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, DataError> {
        serde_json::from_slice(&self.data()?).map_err(|e| self.error(DataErrorKind::Json(e)))
    }

    /// The record's sequence number; `Display` writes it as the platform sent it.
    pub fn sequence_number(&self) -> &SequenceNumber {
        &self.sequence_number
    }

    /// The producer's partition key, if the record has one.
    pub fn partition_key(&self) -> Option<&str> {
        self.partition_key.as_deref()
    }

    /// `data` as the base64 text the platform sent.
    pub fn raw_data(&self) -> &str {
        self.data.as_str()
    }

    /// Milliseconds since the epoch when the record was written to DIS, if sent.
    pub fn timestamp(&self) -> Option<i64> {
        self.timestamp
    }

    /// What [`timestamp`](Self::timestamp) measures (e.g. `CreateTime`), if sent.
    pub fn timestamp_type(&self) -> Option<&str> {
        self.timestamp_type.as_deref()
    }

    fn error(&self, kind: DataErrorKind) -> DataError {
        DataError::new(&self.sequence_number, kind)
    }
}

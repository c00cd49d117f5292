//! Points in time the platform sends as an epoch number, in seconds or milliseconds, or as text.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// Epoch values whose magnitude is below this are seconds; larger ones are milliseconds.
///
/// 10^11 seconds is the year 5138 and 10^11 milliseconds is 3 March 1973, so no time a trigger
/// reports falls in both ranges. The guess is needed because CTS sends milliseconds in some
/// samples and seconds in others, while Kafka samples send seconds (docs/PLATFORM.md §9.5, §9.9,
/// §12 items 8-9).
pub const SECONDS_BELOW: i64 = 100_000_000_000;

/// A time the platform sends as an epoch number or as a string, kept in the form it was sent.
///
/// Sources disagree on these fields: Kafka `event_time` is an integer in every sample but "String,
/// ISO date" in the doc tables; CTS `time`/`record_time` are integers in seconds in some samples,
/// in milliseconds in others, and strings in the NODE d.ts (docs/PLATFORM.md §9.5, §9.9, §12 items
/// 8-9). So a JSON integer and a JSON string are both accepted and serialise back unchanged.
///
/// The accessors read numbers (and strings holding a decimal integer) as seconds when below
/// [`SECONDS_BELOW`] and as milliseconds otherwise. Other strings, such as
/// `2018-01-09T07:50:50.028Z` or CTS's `2016/12/08 11:07:28 GMT+08:00`, are available from
/// [`text`](Self::text) for a date library to parse; this crate has none.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use fg_events::encoding::EpochTime;
///
/// let seconds: EpochTime = serde_json::from_str("1529996047")?;
/// let millis: EpochTime = serde_json::from_str("1529996047000")?;
/// let text: EpochTime = serde_json::from_str(r#""1529996047000""#)?;
/// let date: EpochTime = serde_json::from_str(r#""2018-01-09T07:50:50.028Z""#)?;
///
/// assert_eq!(seconds.unix_millis(), Some(1_529_996_047_000));
/// assert_eq!(millis.unix_seconds(), Some(1_529_996_047));
/// assert_eq!(text.to_system_time(), Some(UNIX_EPOCH + Duration::from_secs(1_529_996_047)));
/// assert_eq!((date.unix_millis(), date.text()), (None, Some("2018-01-09T07:50:50.028Z")));
/// assert_eq!(serde_json::to_string(&millis)?, "1529996047000");
/// assert_eq!(serde_json::to_string(&text)?, r#""1529996047000""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Eq, Hash, PartialEq, Serialize)]
#[serde(untagged)]
pub enum EpochTime {
    /// A JSON integer: seconds or milliseconds since the Unix epoch (see [`SECONDS_BELOW`]).
    Number(i64),
    /// A JSON string, as sent: a decimal epoch or a date in some textual format.
    Text(String),
}

impl EpochTime {
    /// The epoch number as sent, either a JSON integer or a string holding a decimal integer;
    /// `None` for other text. The unit is not converted (see [`unix_millis`](Self::unix_millis)).
    pub fn number(&self) -> Option<i64> {
        match self {
            Self::Number(n) => Some(*n),
            Self::Text(text) => text.trim().parse().ok(),
        }
    }

    /// The string as sent, if the platform sent a string.
    pub fn text(&self) -> Option<&str> {
        match self {
            Self::Number(_) => None,
            Self::Text(text) => Some(text),
        }
    }

    /// Milliseconds since the Unix epoch, reading the number as seconds when its magnitude is
    /// below [`SECONDS_BELOW`]; `None` for non-numeric text.
    pub fn unix_millis(&self) -> Option<i64> {
        let n = self.number()?;
        if n.unsigned_abs() < SECONDS_BELOW.unsigned_abs() {
            n.checked_mul(1000)
        } else {
            Some(n)
        }
    }

    /// Whole seconds since the Unix epoch (milliseconds rounded down), reading the number as
    /// seconds when its magnitude is below [`SECONDS_BELOW`]; `None` for non-numeric text.
    pub fn unix_seconds(&self) -> Option<i64> {
        self.unix_millis().map(|ms| ms.div_euclid(1000))
    }

    /// The time as a [`SystemTime`], with the same unit rule as [`unix_millis`](Self::unix_millis);
    /// `None` for non-numeric text or a time the platform's clock cannot represent.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        let ms = self.unix_millis()?;
        let offset = Duration::from_millis(ms.unsigned_abs());
        if ms >= 0 {
            UNIX_EPOCH.checked_add(offset)
        } else {
            UNIX_EPOCH.checked_sub(offset)
        }
    }
}

impl Default for EpochTime {
    /// The epoch itself, `0`.
    fn default() -> Self {
        Self::Number(0)
    }
}

impl<'de> Deserialize<'de> for EpochTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EpochTimeVisitor)
    }
}

struct EpochTimeVisitor;

impl Visitor<'_> for EpochTimeVisitor {
    type Value = EpochTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer epoch time or a time string")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(EpochTime::Number(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(EpochTime::Number)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(EpochTime::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(EpochTime::Text(v))
    }
}

impl fmt::Display for EpochTime {
    /// Writes the number or the text as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Text(text) => f.write_str(text),
        }
    }
}

impl From<i64> for EpochTime {
    fn from(n: i64) -> Self {
        Self::Number(n)
    }
}

impl From<String> for EpochTime {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for EpochTime {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::{EpochTime, SECONDS_BELOW};

    fn parse(json: &str) -> EpochTime {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    #[test]
    fn numbers_below_the_threshold_are_seconds_and_above_it_milliseconds() {
        let cases = [
            ("1576737962", Some(1_576_737_962_000)),
            ("1529996047000", Some(1_529_996_047_000)),
            (r#""1714040037""#, Some(1_714_040_037_000)),
            (r#"" 1765788999507 ""#, Some(1_765_788_999_507)),
            ("0", Some(0)),
            ("99999999999", Some(99_999_999_999_000)),
            ("100000000000", Some(100_000_000_000)),
            ("-1", Some(-1000)),
            (r#""2018-01-09T07:50:50.028Z""#, None),
            (r#""""#, None),
        ];
        for (json, millis) in cases {
            assert_eq!(parse(json).unix_millis(), millis, "{json}");
        }
        assert_eq!(SECONDS_BELOW, 10_i64.pow(11));
    }

    #[test]
    fn seconds_round_down_and_system_time_covers_both_sides_of_the_epoch() {
        assert_eq!(parse("1529996047999").unix_seconds(), Some(1_529_996_047));
        assert_eq!(parse("-1500").unix_seconds(), Some(-1500));
        assert_eq!(
            EpochTime::Number(-200_000_000_001).unix_seconds(),
            Some(-200_000_001)
        );
        assert_eq!(
            parse("1529996047123").to_system_time(),
            Some(UNIX_EPOCH + Duration::from_millis(1_529_996_047_123))
        );
        assert_eq!(
            EpochTime::Number(-2).to_system_time(),
            UNIX_EPOCH.checked_sub(Duration::from_secs(2))
        );
        assert_eq!(
            EpochTime::Number(i64::MAX / 10).unix_millis(),
            Some(i64::MAX / 10)
        );
        assert_eq!(EpochTime::from("soon").to_system_time(), None);
    }

    #[test]
    fn serialises_in_the_form_it_was_sent() {
        for json in [
            "1576737962",
            r#""1576737962""#,
            r#""2016/12/08 11:07:28 GMT+08:00""#,
        ] {
            assert_eq!(serde_json::to_string(&parse(json)).unwrap(), json);
        }
        assert_eq!(EpochTime::default(), EpochTime::Number(0));
        assert_eq!(EpochTime::from(5).to_string(), "5");
        assert_eq!(EpochTime::from("x".to_owned()).text(), Some("x"));
    }

    #[test]
    fn rejects_floats_and_other_types() {
        for json in ["1.5", "true", "{}", "[]", "18446744073709551615"] {
            let err = serde_json::from_str::<EpochTime>(json)
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("an integer epoch time or a time string"),
                "{json}: {err}"
            );
        }
    }
}

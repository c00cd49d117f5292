//! The `dds` part of a record and the JSON documents inside its strings.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::DdsError;
use crate::encoding::JsonString;

/// The `dds` object of a record: one change-stream event, its documents as JSON strings.
///
/// The strings are kept as received, so the event serialises back unchanged, and are parsed only
/// by the accessors, whose [`DdsError`] names the field.
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(default)]
pub struct DdsChange {
    /// `size_bytes`: the size of the change in bytes. Int in the doc table, a string in the
    /// sample, `number` in the NODE d.ts (docs/PLATFORM.md §9.10, §12 item 9); kept as its decimal
    /// text. Read it as a number with [`size_bytes`](Self::size_bytes).
    #[serde(
        deserialize_with = "crate::lenient::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub size_bytes: Option<String>,
    /// `token`: the change stream's resume token. Described as "Base64 encoded data", but JSON
    /// such as `{"_data": "825D…"}` in the sample (docs/PLATFORM.md §9.10).
    #[serde(
        deserialize_with = "crate::lenient::opt_json_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub token: Option<JsonString>,
    /// `full_document`: the document after the change, as MongoDB extended JSON in a string.
    #[serde(
        deserialize_with = "crate::lenient::opt_json_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub full_document: Option<JsonString>,
    /// `ns`: the database and collection, as JSON in a string. The Go SDK types it as an object,
    /// which fails on the sample (docs/PLATFORM.md §12 item 10).
    #[serde(
        deserialize_with = "crate::lenient::opt_json_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub ns: Option<JsonString>,
}

/// The database and collection a change happened in (the parsed `ns`).
#[derive(Clone, Debug, Default, Deserialize, Eq, Hash, PartialEq, Serialize)]
#[serde(default)]
pub struct Namespace {
    /// `db`: the database.
    pub db: String,
    /// `coll`: the collection; empty if `ns` names only a database.
    pub coll: String,
}

impl DdsChange {
    /// `size_bytes` as a number; `None` when absent or not a decimal number.
    pub fn size_bytes(&self) -> Option<u64> {
        self.size_bytes.as_deref()?.trim().parse().ok()
    }

    /// `ns` parsed into a [`Namespace`].
    ///
    /// # Errors
    /// [`DdsError`] if `ns` is absent or not a JSON object.
    pub fn ns(&self) -> Result<Namespace, DdsError> {
        parse("ns", self.ns.as_ref())
    }

    /// `full_document` parsed into `T`. MongoDB extended JSON keeps type wrappers such as
    /// `{"$oid": "…"}` and `{"$numberDouble": "52.0"}`, which `T` must model (or use
    /// `serde_json::Value`).
    ///
    /// ```
    /// use fg_events::dds::DdsChange;
    /// use fg_events::encoding::JsonString;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Person { name: String, age: ExtendedDouble }
    /// #[derive(serde::Deserialize)]
    /// struct ExtendedDouble {
    ///     #[serde(rename = "$numberDouble")]
    ///     value: String,
    /// }
    ///
    /// let change = DdsChange {
    ///     full_document: Some(JsonString::new(
    ///         r#"{"_id": {"$oid": "5d8c"}, "name": "dds", "age": {"$numberDouble": "52.0"}}"#,
    ///     )),
    ///     ..DdsChange::default()
    /// };
    /// let person: Person = change.full_document()?;
    /// assert_eq!((person.name.as_str(), person.age.value.as_str()), ("dds", "52.0"));
    /// # Ok::<(), fg_events::dds::DdsError>(())
    /// ```
    ///
    /// # Errors
    /// [`DdsError`] if `full_document` is absent or not JSON of the shape `T` expects.
    pub fn full_document<T: DeserializeOwned>(&self) -> Result<T, DdsError> {
        parse("full_document", self.full_document.as_ref())
    }

    /// `token` parsed as JSON.
    ///
    /// # Errors
    /// [`DdsError`] if `token` is absent or not JSON (the raw text stays in the `token` field).
    pub fn token(&self) -> Result<Value, DdsError> {
        parse("token", self.token.as_ref())
    }

    /// Sets `ns` to the JSON of `{"db": …, "coll": …}`.
    #[must_use]
    pub fn with_namespace(mut self, db: impl Into<String>, coll: impl Into<String>) -> Self {
        // Written by hand to keep the sample's key order (`json!` would sort the keys).
        let (db, coll) = (Value::String(db.into()), Value::String(coll.into()));
        self.ns = Some(JsonString::new(format!(r#"{{"db":{db},"coll":{coll}}}"#)));
        self
    }

    /// Sets `full_document` to the JSON of `document`.
    ///
    /// # Errors
    /// The `serde_json` error if `document` cannot be serialised.
    pub fn with_full_document<T: Serialize + ?Sized>(
        mut self,
        document: &T,
    ) -> Result<Self, serde_json::Error> {
        self.full_document = Some(JsonString::encode(document)?);
        Ok(self)
    }

    /// Sets `token`, as received (usually JSON such as `{"_data": "825D…"}`).
    #[must_use]
    pub fn with_token(mut self, token: impl Into<JsonString>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Sets `size_bytes`.
    #[must_use]
    pub fn with_size_bytes(mut self, size: u64) -> Self {
        self.size_bytes = Some(size.to_string());
        self
    }
}

fn parse<T: DeserializeOwned>(
    field: &'static str,
    text: Option<&JsonString>,
) -> Result<T, DdsError> {
    text.ok_or(DdsError::Missing { field })?
        .parse()
        .map_err(|source| DdsError::Json { field, source })
}

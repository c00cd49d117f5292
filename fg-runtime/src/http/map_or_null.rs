//! An event member that is a map or `null`: the gateway writes `null` where an API has no
//! headers or query parameters, and `ApigRequest` reads that as an empty map.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Visitor};

/// Reads a map with the visitor it wraps (its `visit_map`), and `null` as no entries.
/// Anything else is refused with the wrapped visitor's "expected …".
pub(crate) struct MapOrNull<V>(pub(crate) V);

impl<'de, V: Visitor<'de, Value = ()>> DeserializeSeed<'de> for MapOrNull<V> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, V: Visitor<'de, Value = ()>> Visitor<'de> for MapOrNull<V> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self.0)
    }
}

//! A small map from column names to values, as a sorted list.

use serde::{Deserialize, Serialize};

/// Values by column name (the user's kinds), sorted by name, written as a JSON object
/// (`{"zip": "identifier"}`). A sorted list rather than a `BTreeMap`: the map's code was 10 KB of
/// the wasm module, for the handful of columns a user sets.
#[derive(Debug, Clone, PartialEq)]
pub struct ByColumn<V>(Vec<(String, V)>);

impl<V> Default for ByColumn<V> {
    fn default() -> Self {
        ByColumn(Vec::new())
    }
}

impl<V> ByColumn<V> {
    /// Sets `column`'s value, replacing the one it had.
    pub fn insert(&mut self, column: String, value: V) {
        match self.0.binary_search_by(|(c, _)| c.as_str().cmp(&column)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (column, value)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// (column, value) pairs in column order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(c, v)| (c, v))
    }
}

impl<V> FromIterator<(String, V)> for ByColumn<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(pairs: I) -> Self {
        let mut out = ByColumn::default();
        for (c, v) in pairs {
            out.insert(c, v);
        }
        out
    }
}

impl<V: Serialize> Serialize for ByColumn<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (c, v) in &self.0 {
            map.serialize_entry(c, v)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for ByColumn<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
            type Value = ByColumn<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of column names")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = ByColumn::default();
                while let Some((c, v)) = a.next_entry::<String, V>()? {
                    out.insert(c, v);
                }
                Ok(out)
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

#[cfg(feature = "schema")]
impl<V: schemars::JsonSchema> schemars::JsonSchema for ByColumn<V> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::collections::BTreeMap::<String, V>::schema_name()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        std::collections::BTreeMap::<String, V>::json_schema(g)
    }
}

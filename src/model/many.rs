//! Keys that take one value or a list of them: `theme = "a"` or `theme = ["a", "b"]`,
//! `owner = "Amira"` or `owner = ["@amira", "@jo"]`.
//!
//! Real plans often name one theme and one owner, and sometimes two; making authors switch to a
//! list syntax for the second would make the first harder to write. Either way the model holds a
//! non-empty list, in the order written: the first is the main one.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use toml::Spanned;

/// The start of the error for `key = []`, which names nothing.
pub const EMPTY_LIST: &str = "an empty list";

/// One value or a non-empty list of them, as written; always a list once read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OneOrMany<T>(Vec<T>);

impl<T> OneOrMany<T> {
    /// The first value written: the main one.
    pub fn main(&self) -> &T {
        // Never empty: reading refuses an empty list.
        &self.0[0]
    }

    pub fn all(&self) -> &[T] {
        &self.0
    }

    /// The values after the first.
    pub fn others(&self) -> &[T] {
        &self.0[1..]
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// What one value of a [`OneOrMany`] is, for messages and the schema.
pub trait Single: Sized {
    /// "a theme id", "a name".
    const WHAT: &'static str;
    /// Reads one value, with `span` where the value was written when it was not in a list.
    fn from_string(value: String, span: std::ops::Range<usize>) -> Self;
}

impl Single for Spanned<String> {
    const WHAT: &'static str = "an id";
    fn from_string(value: String, span: std::ops::Range<usize>) -> Self {
        Spanned::new(span, value)
    }
}

impl Single for String {
    const WHAT: &'static str = "a name";
    fn from_string(value: String, _span: std::ops::Range<usize>) -> Self {
        value
    }
}

/// A bare string, or a list: the shape before the values are read.
enum Written<T> {
    One(String),
    Many(Vec<T>),
}

impl<'de, T: Single + DeserializeOwned> Deserialize<'de> for Written<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Single + DeserializeOwned> Visitor<'de> for V<T> {
            type Value = Written<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "{} or a list of them", T::WHAT)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Written::One(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Written::One(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<T>()? {
                    out.push(v);
                }
                Ok(Written::Many(out))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<'de, T: Single + DeserializeOwned> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let written = Spanned::<Written<T>>::deserialize(d)?;
        let span = written.span();
        match written.into_inner() {
            Written::One(v) => Ok(OneOrMany(vec![T::from_string(v, span)])),
            Written::Many(v) if v.is_empty() => Err(de::Error::custom(EMPTY_LIST)),
            Written::Many(v) => Ok(OneOrMany(v)),
        }
    }
}

/// `strategy.json` always has the list, so that scripts need not handle two shapes.
impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<T> JsonSchema for OneOrMany<T> {
    fn schema_name() -> Cow<'static, str> {
        "OneOrMany".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" }, "minItems": 1 }
            ]
        })
    }
}

/// References written as one id or a list of ids (`theme`).
pub type Refs = OneOrMany<Spanned<String>>;
/// Names written as one or a list (`owner`).
pub type Names = OneOrMany<String>;

impl Names {
    /// "Amira", "Amira and Jo", "Amira, Jo and Sam".
    pub fn words(&self) -> String {
        words(&self.0)
    }
}

/// Names in words: "Amira", "Amira and Jo", "Amira, Jo and Sam" (empty for none).
pub fn words(names: &[String]) -> String {
    match names {
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct T {
        #[serde(default)]
        owner: Option<Names>,
        theme: Refs,
    }

    #[test]
    fn reads_one_or_a_list() {
        let t: T = toml::from_str("owner = [\"a\", \"b\"]\ntheme = \"x\"").unwrap();
        assert_eq!(t.owner.unwrap().words(), "a and b");
        assert_eq!(t.theme.main().get_ref(), "x");
        let text = "owner = [\"a\", \"b\"]\ntheme = [\"x\"]";
        let table = toml::de::DeTable::parse(text).unwrap();
        let v = toml::Spanned::new(0..text.len(), toml::de::DeValue::Table(table.into_inner()));
        let t = T::deserialize(toml::de::ValueDeserializer::from(v)).unwrap();
        assert_eq!(t.owner.unwrap().words(), "a and b");
    }
}

//! Dates as strategies write them.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A calendar date (no time of day), written in TOML as a bare date such as `2027-02-14`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2027-02-14")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                parse_date(v).map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Date, A::Error> {
                let dt =
                    toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (dt.date, dt.time) {
                    (Some(d), None) => {
                        jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8)
                            .map(Date)
                            .map_err(|e| de::Error::custom(format!("invalid date: {e}")))
                    }
                    _ => Err(de::Error::custom(format!(
                        "expected a date such as 2027-02-14, found the date-time `{dt}`; drop the time of day"
                    ))),
                }
            }
        }
        d.deserialize_any(DateVisitor)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A calendar date, YYYY-MM-DD (in TOML a bare date such as 2027-02-14)."
        })
    }
}

/// Parses `YYYY-MM-DD`, explaining what is wrong in words a strategy author understands.
pub fn parse_date(v: &str) -> Result<Date, String> {
    let shape_ok = v.len() == 10
        && v.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(format!(
            "`{v}` is not a date: write it as YYYY-MM-DD, for example 2027-02-14"
        ));
    }
    v.parse::<jiff::civil::Date>()
        .map(Date)
        .map_err(|_| format!("`{v}` is not a date on the calendar"))
}

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

/// When something is due or starts: a day, or a period a plan names instead of a day (a month,
/// a quarter, a half year or a year). Plans further out are dated less precisely, so `due`,
/// `by`, `since` and `review_by` take either.
///
/// A period stands for its last day where a deadline is meant (`due`, `by`, `review_by`) and
/// for its first day where a start is meant (`since`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum When {
    /// `2027-03-14`
    Day(Date),
    /// `"2027-03"`
    Month { year: i16, month: i8 },
    /// `"2027-Q1"`
    Quarter { year: i16, quarter: i8 },
    /// `"2027-H1"`
    Half { year: i16, half: i8 },
    /// `2027` or `"2027"`
    Year(i16),
}

/// The forms a date or period may take, for error messages.
const ACCEPTED: &str = "a day `2027-02-14`, a month `\"2027-03\"`, a quarter `\"2027-Q1\"`, a half year `\"2027-H1\"` or a year `2027`";

/// The first years a strategy is likely to name; outside them a number is a typo.
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2999;

impl When {
    /// The first and last months of the period (1-based, inclusive).
    fn months(self) -> (i16, i8, i8) {
        match self {
            When::Day(d) => (d.0.year(), d.0.month(), d.0.month()),
            When::Month { year, month } => (year, month, month),
            When::Quarter { year, quarter } => (year, quarter * 3 - 2, quarter * 3),
            When::Half { year, half } => (year, half * 6 - 5, half * 6),
            When::Year(year) => (year, 1, 12),
        }
    }

    /// The period's first day: where a start (`since`) is meant.
    pub fn first_day(self) -> jiff::civil::Date {
        match self {
            When::Day(d) => d.0,
            _ => {
                let (year, first, _) = self.months();
                jiff::civil::Date::new(year, first, 1).unwrap_or_default()
            }
        }
    }

    /// The period's last day: where a deadline (`due`, `by`, `review_by`) is meant.
    pub fn last_day(self) -> jiff::civil::Date {
        match self {
            When::Day(d) => d.0,
            _ => {
                let (year, _, last) = self.months();
                jiff::civil::Date::new(year, last, 1)
                    .map(|d| d.last_of_month())
                    .unwrap_or_default()
            }
        }
    }

    /// True for a period rather than a day.
    pub fn is_period(self) -> bool {
        !matches!(self, When::Day(_))
    }

    /// In a sentence: "on 2027-02-14", "in Q1 2027", "in 2027".
    pub fn phrase(self) -> String {
        match self {
            When::Day(_) => format!("on {self}"),
            _ => format!("in {self}"),
        }
    }

    /// As written in the source: `2027-02-14`, `2027-03`, `2027-Q1`, `2027-H1`, `2027`.
    pub fn written(self) -> String {
        match self {
            When::Day(d) => d.to_string(),
            When::Month { year, month } => format!("{year:04}-{month:02}"),
            When::Quarter { year, quarter } => format!("{year:04}-Q{quarter}"),
            When::Half { year, half } => format!("{year:04}-H{half}"),
            When::Year(year) => format!("{year:04}"),
        }
    }
}

/// How pages say it: `2027-02-14`, `March 2027`, `Q1 2027`, `H1 2027`, `2027`.
impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match *self {
            When::Day(d) => d.fmt(f),
            When::Month { year, month } => {
                write!(f, "{} {year}", MONTHS[(month as usize).clamp(1, 12) - 1])
            }
            When::Quarter { year, quarter } => write!(f, "Q{quarter} {year}"),
            When::Half { year, half } => write!(f, "H{half} {year}"),
            When::Year(year) => write!(f, "{year}"),
        }
    }
}

impl Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.written())
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct WhenVisitor;
        impl<'de> Visitor<'de> for WhenVisitor {
            type Value = When;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "{ACCEPTED}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<When, E> {
                parse_when(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<When, E> {
                match i16::try_from(v) {
                    Ok(year) if YEARS.contains(&year) => Ok(When::Year(year)),
                    _ => Err(E::custom(format!(
                        "`{v}` is not a year\nhelp: write {ACCEPTED}"
                    ))),
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<When, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<When, A::Error> {
                Date::deserialize(de::value::MapAccessDeserializer::new(map)).map(When::Day)
            }
        }
        d.deserialize_any(WhenVisitor)
    }
}

impl JsonSchema for When {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "When".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A day (a bare TOML date such as 2027-02-14) or a period: a month \"2027-03\", a quarter \"2027-Q1\", a half year \"2027-H1\" or a year 2027. A period means its last day for a deadline and its first day for a start.",
            "anyOf": [
                { "type": "string", "format": "date" },
                { "type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$" },
                { "type": "integer", "minimum": 1900, "maximum": 2999 }
            ]
        })
    }
}

/// Parses a day or a period as written in quotes: `2027-02-14`, `2027-03`, `2027-Q1`,
/// `2027-H1`, `2027`. A near miss (`Q1 2027`, `2027Q1`, `H1/27`) is told the form to write.
pub fn parse_when(v: &str) -> Result<When, String> {
    let year = |s: &str| -> Option<i16> {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
            .filter(|y| YEARS.contains(y))
    };
    let digit = |s: &str, range: std::ops::RangeInclusive<i8>| -> Option<i8> {
        (s.len() == 1)
            .then(|| s.parse().ok())
            .flatten()
            .filter(|n| range.contains(n))
    };
    if v.len() == 10 {
        return parse_date(v).map(When::Day);
    }
    if let Some(y) = year(v) {
        return Ok(When::Year(y));
    }
    if let Some((y, rest)) = v.split_once('-')
        && let Some(y) = year(y)
    {
        if let Some(q) = rest.strip_prefix('Q').and_then(|q| digit(q, 1..=4)) {
            return Ok(When::Quarter {
                year: y,
                quarter: q,
            });
        }
        if let Some(h) = rest.strip_prefix('H').and_then(|h| digit(h, 1..=2)) {
            return Ok(When::Half { year: y, half: h });
        }
        if rest.len() == 2
            && rest.bytes().all(|b| b.is_ascii_digit())
            && let Ok(m) = rest.parse::<i8>()
        {
            return if (1..=12).contains(&m) {
                Ok(When::Month { year: y, month: m })
            } else {
                Err(format!(
                    "`{v}` is not a month: months are 01 to 12\nhelp: write a month as \"{y}-03\""
                ))
            };
        }
    }
    Err(format!(
        "`{v}` is not a date or a period\nhelp: {}",
        suggestion(v)
    ))
}

/// What to write instead of a date or period spelt another way: the same quarter or half in
/// the accepted form where one can be read from it, else every accepted form.
fn suggestion(v: &str) -> String {
    let upper = v.to_ascii_uppercase();
    // A year of four digits, or of two read as this century's (`H1/27`).
    let digits: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    let year = digits
        .iter()
        .find(|d| d.len() == 4)
        .map(|d| d.to_string())
        .or_else(|| {
            digits
                .iter()
                .find(|d| d.len() == 2)
                .map(|d| format!("20{d}"))
        });
    let part = |letter: char, max: u8| -> Option<u8> {
        let at = upper.find(letter)?;
        let n = upper[at + 1..].bytes().next()?;
        (b'1'..=b'0' + max).contains(&n).then(|| n - b'0')
    };
    match (year, part('Q', 4), part('H', 2)) {
        (Some(y), Some(q), _) => format!("write a quarter as \"{y}-Q{q}\""),
        (Some(y), None, Some(h)) => format!("write a half year as \"{y}-H{h}\""),
        _ => format!("write {ACCEPTED}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_suggestion_for_a_letter_before_a_digit_does_not_overflow() {
        // A byte below `0` after the Q was once subtracted from before it was checked.
        assert!(super::suggestion("2027 Q!").starts_with("write "));
    }

    use super::*;

    #[test]
    fn periods_read_as_their_first_and_last_days() {
        let d = |y, m, d| jiff::civil::date(y, m, d);
        for (written, shown, first, last) in [
            ("2027-02-14", "2027-02-14", d(2027, 2, 14), d(2027, 2, 14)),
            ("2027-02", "February 2027", d(2027, 2, 1), d(2027, 2, 28)),
            ("2028-02", "February 2028", d(2028, 2, 1), d(2028, 2, 29)),
            ("2027-Q1", "Q1 2027", d(2027, 1, 1), d(2027, 3, 31)),
            ("2027-Q4", "Q4 2027", d(2027, 10, 1), d(2027, 12, 31)),
            ("2027-H2", "H2 2027", d(2027, 7, 1), d(2027, 12, 31)),
            ("2027", "2027", d(2027, 1, 1), d(2027, 12, 31)),
        ] {
            let w = parse_when(written).unwrap();
            assert_eq!(w.to_string(), shown, "{written}");
            assert_eq!(w.written(), written);
            assert_eq!((w.first_day(), w.last_day()), (first, last), "{written}");
        }
    }

    #[test]
    fn near_misses_are_told_the_accepted_form() {
        for (bad, help) in [
            ("Q1 2027", "\"2027-Q1\""),
            ("2027Q1", "\"2027-Q1\""),
            ("q3/2026", "\"2026-Q3\""),
            ("H1/27", "\"2027-H1\""),
            ("2027-13", "months are 01 to 12"),
            ("2027-Q5", "a quarter `\"2027-Q1\"`"),
            ("next sprint", "a half year `\"2027-H1\"`"),
            ("27", "a year `2027`"),
        ] {
            let e = parse_when(bad).unwrap_err();
            assert!(e.contains(help), "{bad}: {e}");
        }
    }
}

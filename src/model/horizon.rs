//! The horizon of commitment (`[site] horizon = "6 weeks"`), read once when the site is loaded:
//! the text as written, and the span of time it means or why it means none.

use std::fmt;

use jiff::Span;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// A horizon as written, with its meaning worked out at load time. Reading never fails here, so
/// that a bad horizon is reported by `check` at its place with a help line, like every setting.
#[derive(Clone, Debug)]
pub struct Horizon {
    written: String,
    span: Result<Span, String>,
}

impl Horizon {
    /// Reads a horizon such as `"6 weeks"`, `"2 months"`, `"P6W"` or `"30d"`.
    pub fn new(written: &str) -> Horizon {
        Horizon {
            written: written.to_owned(),
            span: parse(written),
        }
    }

    /// The text as the author wrote it.
    pub fn written(&self) -> &str {
        &self.written
    }

    /// The span of time, when the text is one.
    pub fn span(&self) -> Option<Span> {
        self.span.as_ref().ok().copied()
    }

    /// Why the text is not a horizon, when it is not.
    pub fn problem(&self) -> Option<&str> {
        self.span.as_ref().err().map(String::as_str)
    }

    /// The last day inside the horizon, seen from `today`.
    pub fn end(&self, today: jiff::civil::Date) -> Option<jiff::civil::Date> {
        today.checked_add(self.span()?).ok()
    }

    /// The horizon as readers say it ("6 weeks", "1 month 2 weeks"), however it was written
    /// (`"6w"`, `"P6W"`, `"6 Weeks"`); as written when it is not a span of time.
    pub fn words(&self) -> String {
        use jiff::fmt::friendly::{Designator, Spacing, SpanPrinter};
        match self.span() {
            Some(span) => SpanPrinter::new()
                .designator(Designator::Verbose)
                .spacing(Spacing::BetweenUnitsAndDesignators)
                .span_to_string(&span),
            None => self.written.clone(),
        }
    }
}

fn parse(text: &str) -> Result<Span, String> {
    let written = text.trim();
    let span: Span = written
        .parse()
        .or_else(|_| written.to_lowercase().parse())
        .map_err(|_| format!("`{text}` is not a span of time"))?;
    let has_clock = span.get_hours() != 0
        || span.get_minutes() != 0
        || span.get_seconds() != 0
        || span.get_milliseconds() != 0
        || span.get_microseconds() != 0
        || span.get_nanoseconds() != 0;
    if has_clock {
        return Err(format!(
            "`{text}` is too short for a horizon: use days, weeks or months"
        ));
    }
    if !span.is_positive() {
        return Err(format!("`{text}` is not a positive span of time"));
    }
    Ok(span)
}

impl fmt::Display for Horizon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

impl Serialize for Horizon {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.written)
    }
}

impl<'de> Deserialize<'de> for Horizon {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct HorizonVisitor;
        impl Visitor<'_> for HorizonVisitor {
            type Value = Horizon;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a span of time such as \"6 weeks\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Horizon, E> {
                Ok(Horizon::new(v))
            }
        }
        d.deserialize_str(HorizonVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horizons_read_as_words_however_written() {
        for (written, shown) in [
            ("6 weeks", "6 weeks"),
            ("6weeks", "6 weeks"),
            ("6 Weeks", "6 weeks"),
            ("P6W", "6 weeks"),
            ("1 month", "1 month"),
            ("2 months 1 week", "2 months 1 week"),
            ("30d", "30 days"),
        ] {
            assert_eq!(Horizon::new(written).words(), shown, "{written}");
        }
        assert!(Horizon::new("soon").problem().is_some());
        assert!(Horizon::new("2 hours").problem().is_some());
        assert!(Horizon::new("-2 weeks").problem().is_some());
        let today = jiff::civil::date(2026, 11, 21);
        assert_eq!(
            Horizon::new("6 weeks").end(today),
            Some(jiff::civil::date(2027, 1, 2))
        );
    }
}

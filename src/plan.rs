//! From a validated strategy to the site plan: dates, progress, rollups and the why-chains that
//! pages show, all computed here so templates only lay them out.

use jiff::Span;

/// Parses a horizon such as `"6 weeks"` or `"2 months"` into a calendar span.
pub fn parse_horizon(text: &str) -> Result<Span, String> {
    let span: Span = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a span of time"))?;
    let has_clock = span.get_hours() != 0
        || span.get_minutes() != 0
        || span.get_seconds() != 0
        || span.get_milliseconds() != 0
        || span.get_microseconds() != 0
        || span.get_nanoseconds() != 0;
    if has_clock {
        return Err(format!("`{text}` is too short for a horizon: use days, weeks or months"));
    }
    if !span.is_positive() {
        return Err(format!("`{text}` is not a positive span of time"));
    }
    Ok(span)
}

//! Readings kept in a CSV file in the site folder (`readings = { file = "data/x.csv" }`), as
//! teams export them from their analytics: one `date,value[,note]` row per reading, an optional
//! header row, and notes quoted when they hold a comma. Problems point at their line and column
//! in the CSV file.

use std::ops::Range;
use std::path::{Component, Path};

use super::Loader;
use crate::diagnostics::Diagnostic;
use crate::model::{Metric, Reading, parse_date};
use crate::source::FileId;

impl Loader {
    /// Adds to each metric the readings of its CSV file, if it names one.
    pub(super) fn load_readings(&mut self, defining: FileId, metrics: Vec<&mut Metric>) {
        for m in metrics {
            let Some(source) = m.readings_file.take() else {
                continue;
            };
            let path = &source.file;
            let rel = Path::new(path.get_ref());
            let escapes = rel.is_absolute()
                || rel
                    .components()
                    .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)));
            let full = self.root.join(rel);
            let problem = if escapes {
                Some((
                    "a readings file must be inside the site folder",
                    "this path leaves the site folder".to_owned(),
                    "give a path relative to the site folder, such as `data/completion.csv`"
                        .to_owned(),
                ))
            } else if !full.is_file() {
                Some((
                    "the readings file does not exist",
                    "no such file".to_owned(),
                    format!(
                        "paths are relative to the site folder `{}`",
                        self.root.display()
                    ),
                ))
            } else {
                // Through a symbolic link, a path inside the site can still lead out of it.
                match self.bounds.file(&full) {
                    Err(crate::util::contained::Refused::Outside { target, .. }) => Some((
                        "a readings file must be inside the site folder",
                        format!("a link to `{}`, outside the site folder", target.display()),
                        "copy the file into the site folder, or point at one inside it".to_owned(),
                    )),
                    _ => None,
                }
            };
            if let Some((message, label, help)) = problem {
                self.diags.push(
                    Diagnostic::error(message)
                        .at(defining, path.span(), label)
                        .help(help),
                );
                continue;
            }
            let Ok(id) = self.read_file(&full) else {
                continue;
            };
            let text = self.files.shared_text(id);
            match parse_readings(&text) {
                Ok(rows) => m.readings.extend(rows),
                Err((span, message, help)) => self
                    .diags
                    .push(Diagnostic::error(message).at(id, span, "").help(help)),
            }
        }
    }
}

/// What is wrong with a CSV file of readings: where, what, and how to fix it.
type CsvError = (Range<usize>, String, String);

/// Reads `date,value[,note]` rows; a first row whose first field is `date` is a header.
pub fn parse_readings(text: &str) -> Result<Vec<Reading>, CsvError> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (n, raw) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        let fields = split_row(line, start)?;
        if n == 0 && fields[0].0.trim().eq_ignore_ascii_case("date") {
            continue;
        }
        if fields.len() > 3 {
            return Err((
                fields[3].1.clone(),
                "a reading has a date, a value and at most a note".to_owned(),
                "put the note in double quotes when it holds a comma: `2026-10-01,74.1,\"promotion week, then back\"`".to_owned(),
            ));
        }
        let (date, date_span) = &fields[0];
        let date = parse_date(date.trim()).map_err(|e| {
            (
                date_span.clone(),
                e,
                "the first column is the day of the reading, YYYY-MM-DD".to_owned(),
            )
        })?;
        let Some((value, value_span)) = fields.get(1) else {
            let end = start + line.len();
            return Err((
                end..end,
                "this reading has no value".to_owned(),
                "write each row as `date,value[,note]`, e.g. `2026-10-01,74.1`".to_owned(),
            ));
        };
        let value = value
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                (
                    value_span.clone(),
                    format!("`{}` is not a number", value.trim()),
                    "the second column is the value, a number such as `74.1` (no unit, no thousands separator)".to_owned(),
                )
            })?;
        let note = fields
            .get(2)
            .map(|(n, _)| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        out.push(Reading { date, value, note });
    }
    Ok(out)
}

/// Splits one row into its fields, each with its span in the file; a field in double quotes may
/// hold commas, and `""` inside it stands for one quote.
fn split_row(line: &str, start: usize) -> Result<Vec<(String, Range<usize>)>, CsvError> {
    let mut fields = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        let from = i;
        // Spaces before a quote do not make it unquoted.
        let lead = line[i..].len() - line[i..].trim_start_matches(' ').len();
        if line[i + lead..].starts_with('"') {
            let open = i + lead;
            let mut value = String::new();
            let mut j = open + 1;
            loop {
                match line[j..].find('"') {
                    None => {
                        return Err((
                            start + open..start + line.len(),
                            "this quoted field does not close".to_owned(),
                            "end the note with `\"` on the same line; write a quote inside it as `\"\"`".to_owned(),
                        ));
                    }
                    Some(k) => {
                        value.push_str(&line[j..j + k]);
                        j += k + 1;
                        if bytes.get(j) == Some(&b'"') {
                            value.push('"');
                            j += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            let rest = &line[j..];
            let after = rest.trim_start_matches(' ');
            if !(after.is_empty() || after.starts_with(',')) {
                let at = start + j + (rest.len() - after.len());
                return Err((
                    at..at + 1,
                    "text after the closing quote".to_owned(),
                    "a quoted field ends at its closing `\"`; put a comma after it, or the text inside it".to_owned(),
                ));
            }
            fields.push((value, start + from..start + j));
            i = j + (rest.len() - after.len());
        } else {
            let end = line[i..].find(',').map_or(line.len(), |k| i + k);
            fields.push((line[i..end].to_owned(), start + i..start + end));
            i = end;
        }
        if i >= line.len() {
            break;
        }
        i += 1; // the comma
        if i == line.len() {
            fields.push((String::new(), start + i..start + i));
            break;
        }
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_with_a_header_quoted_notes_and_blank_lines() {
        let text = "date,value,note\n2026-07-01,71.4\r\n\n2026-08-01, 72.5 ,\"promotion week, then back\"\n2026-09-01,73,\"the \"\"new\"\" slots\"\n";
        let rows = parse_readings(text).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].value, 71.4);
        assert_eq!(rows[0].note, None);
        assert_eq!(rows[1].value, 72.5);
        assert_eq!(rows[1].note.as_deref(), Some("promotion week, then back"));
        assert_eq!(rows[2].note.as_deref(), Some("the \"new\" slots"));
        assert_eq!(rows[2].date.to_string(), "2026-09-01");
    }

    #[test]
    fn problems_point_at_their_field() {
        for (text, at, says) in [
            ("2026-07-01,abc\n", "abc", "is not a number"),
            ("2026-07-01,nan\n", "nan", "is not a number"),
            ("2026-7-1,70\n", "2026-7-1", "not a date"),
            (
                "2026-02-30,70\n",
                "2026-02-30",
                "not a date on the calendar",
            ),
            ("2026-07-01,70,a,b\n", "b", "at most a note"),
            ("2026-07-01,70,\"open\n", "\"open", "does not close"),
            ("2026-07-01,70,\"x\"y\n", "y", "after the closing quote"),
        ] {
            let (span, message, _) = parse_readings(text).unwrap_err();
            assert_eq!(&text[span], at, "{text}");
            assert!(message.contains(says), "{text}: {message}");
        }
        let (span, message, _) = parse_readings("date,value\n2026-07-01\n").unwrap_err();
        assert_eq!(span, 21..21);
        assert!(message.contains("no value"));
    }
}

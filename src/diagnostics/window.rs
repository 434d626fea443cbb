//! Quoting long source lines: a diagnostic on a line of more than [`MAX_LINE`] bytes (a
//! minified file, a pasted blob) shows a window of the line around what it points at, with `…`
//! where the line goes on, instead of the whole line. Line and column numbers stay those of
//! the file.

use std::collections::HashMap;
use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{self, Files};

use crate::source::{FileId, SourceMap};

/// Lines longer than this, in bytes, are shown as a window.
pub const MAX_LINE: usize = 240;
/// How much of the line to show on each side of what a label points at, in bytes.
const CONTEXT: usize = 60;
const ELLIPSIS: &str = "…";

/// The files as a diagnostic shows them: long lines cut down to windows.
pub struct Windowed<'a> {
    files: &'a SourceMap,
    cuts: HashMap<FileId, Cut>,
}

/// The lines of one file that a diagnostic quotes, each cut to its window.
struct Cut {
    text: String,
    lines: Vec<CutLine>,
}

struct CutLine {
    /// Zero-based line in the file.
    line: usize,
    /// Where the line starts in the file, and where its window starts and ends.
    line_start: usize,
    from: usize,
    to: usize,
    /// Where the cut line starts in [`Cut::text`], and the bytes of `…` in front of the window.
    start: usize,
    lead: usize,
    /// Where the next cut line starts.
    end: usize,
}

impl CutLine {
    fn map(&self, byte: usize) -> usize {
        self.start + self.lead + byte.clamp(self.from, self.to) - self.from
    }
}

/// `d` with its labels pointing into windows of long lines, and the files to show it with; or
/// `None` when no label is on a long line.
pub fn window<'a>(
    files: &'a SourceMap,
    d: &cs::Diagnostic<FileId>,
) -> Option<(Windowed<'a>, cs::Diagnostic<FileId>)> {
    let line_of = |file: FileId, byte: usize| files.line_index(file, byte).ok();
    let long = |file: FileId, line: usize| {
        files
            .line_range(file, line)
            .is_ok_and(|r| r.len() > MAX_LINE)
    };
    let needs: Vec<FileId> = d
        .labels
        .iter()
        .filter(|l| {
            [l.range.start, l.range.end]
                .iter()
                .filter_map(|b| line_of(l.file_id, *b))
                .any(|line| long(l.file_id, line))
        })
        .map(|l| l.file_id)
        .collect();
    if needs.is_empty() {
        return None;
    }
    let mut cuts = HashMap::new();
    for file in needs {
        if cuts.contains_key(&file) {
            continue;
        }
        let text = files.text(file);
        // Per quoted line: the bytes its labels touch.
        let mut touched: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
        for l in d.labels.iter().filter(|l| l.file_id == file) {
            for b in [l.range.start, l.range.end] {
                let Some(line) = line_of(file, b) else {
                    continue;
                };
                let e = touched.entry(line).or_insert((b, b));
                e.0 = e.0.min(b);
                e.1 = e.1.max(b);
            }
        }
        let mut cut = Cut {
            text: String::new(),
            lines: Vec::new(),
        };
        for (line, (lo, hi)) in touched {
            let Ok(range) = files.line_range(file, line) else {
                continue;
            };
            let line_text = text[range.clone()].trim_end_matches(['\n', '\r']);
            let line_end = range.start + line_text.len();
            let (from, to) = if line_text.len() <= MAX_LINE {
                (range.start, line_end)
            } else {
                let from = floor(text, lo.saturating_sub(CONTEXT).max(range.start));
                let to = ceil(text, (hi + CONTEXT).min(line_end).min(from + MAX_LINE));
                (from, to.max(from))
            };
            let start = cut.text.len();
            let lead = if from > range.start {
                ELLIPSIS.len()
            } else {
                0
            };
            if lead > 0 {
                cut.text.push_str(ELLIPSIS);
            }
            cut.text.push_str(&text[from..to]);
            if to < line_end {
                cut.text.push_str(ELLIPSIS);
            }
            cut.text.push('\n');
            cut.lines.push(CutLine {
                line,
                line_start: range.start,
                from,
                to,
                start,
                lead,
                end: cut.text.len(),
            });
        }
        cuts.insert(file, cut);
    }
    let mut windowed = d.clone();
    for l in &mut windowed.labels {
        let Some(cut) = cuts.get(&l.file_id) else {
            continue;
        };
        let map = |b: usize| {
            let line = line_of(l.file_id, b)?;
            cut.lines.iter().find(|c| c.line == line).map(|c| c.map(b))
        };
        if let (Some(s), Some(e)) = (map(l.range.start), map(l.range.end)) {
            l.range = s..e.max(s);
        }
    }
    Some((Windowed { files, cuts }, windowed))
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl<'a> Files<'a> for Windowed<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.files.name(id)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        match self.cuts.get(&id) {
            Some(cut) => Ok(&cut.text),
            None => self.files.source(id),
        }
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        match self.cuts.get(&id) {
            Some(cut) => Ok(cut
                .lines
                .iter()
                .position(|l| byte_index < l.end)
                .unwrap_or(cut.lines.len().saturating_sub(1))),
            None => self.files.line_index(id, byte_index),
        }
    }

    fn line_number(&'a self, id: FileId, line_index: usize) -> Result<usize, files::Error> {
        match self.cuts.get(&id) {
            Some(cut) => {
                cut.lines
                    .get(line_index)
                    .map(|l| l.line + 1)
                    .ok_or(files::Error::LineTooLarge {
                        given: line_index,
                        max: cut.lines.len(),
                    })
            }
            None => self.files.line_number(id, line_index),
        }
    }

    fn column_number(
        &'a self,
        id: FileId,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let Some(cut) = self.cuts.get(&id) else {
            return self.files.column_number(id, line_index, byte_index);
        };
        let l = cut
            .lines
            .get(line_index)
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: cut.lines.len(),
            })?;
        let text = self.files.text(id);
        let in_window = byte_index.clamp(l.start + l.lead, l.start + l.lead + (l.to - l.from));
        let before = text[l.line_start..l.from].chars().count();
        let inside = cut.text[l.start + l.lead..in_window].chars().count();
        Ok(before + inside + 1)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        match self.cuts.get(&id) {
            Some(cut) => cut.lines.get(line_index).map(|l| l.start..l.end).ok_or(
                files::Error::LineTooLarge {
                    given: line_index,
                    max: cut.lines.len(),
                },
            ),
            None => self.files.line_range(id, line_index),
        }
    }
}

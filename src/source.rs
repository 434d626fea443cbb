//! The source files of a site, kept in memory so that diagnostics can quote them.

use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::files::{self, Files, SimpleFile};

/// Index of a file in a [`SourceMap`].
pub type FileId = usize;

/// Every file read while loading a site: its display name, its path in the site and its text.
#[derive(Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

struct SourceFile {
    /// Path relative to the site folder, with forward slashes (`strategy/themes.toml`).
    rel: String,
    inner: SimpleFile<String, Text>,
}

/// A file's text, shared without copying it (a strategy file can be tens of megabytes).
#[derive(Clone)]
pub struct Text(Arc<String>);

/// Only the size: a debug print of every prose that shares a large file would print it
/// each time.
impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Text({} bytes)", self.0.len())
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text(Arc::new(text))
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl SourceMap {
    /// Adds a file; `display` is the name shown in diagnostics.
    pub fn add(&mut self, rel: String, display: String, text: String) -> FileId {
        self.files.push(SourceFile {
            rel,
            inner: SimpleFile::new(display, Text::from(text)),
        });
        self.files.len() - 1
    }

    /// Adds every file of `other` after this map's own (their text is shared, not copied) and
    /// returns the id the first of them gets: `other`'s ids are shifted by it.
    pub fn append(&mut self, other: &SourceMap) -> FileId {
        let offset = self.files.len();
        for f in &other.files {
            self.files.push(SourceFile {
                rel: f.rel.clone(),
                inner: SimpleFile::new(f.inner.name().clone(), f.inner.source().clone()),
            });
        }
        offset
    }

    /// The text of a file.
    pub fn text(&self, id: FileId) -> &str {
        self.files[id].inner.source()
    }

    /// The text of a file, shared: for reading it while the map itself changes.
    pub fn shared_text(&self, id: FileId) -> Text {
        self.files[id].inner.source().clone()
    }

    /// The name shown in diagnostics.
    pub fn display(&self, id: FileId) -> &str {
        self.files[id].inner.name()
    }

    /// The path relative to the site folder.
    pub fn rel(&self, id: FileId) -> &str {
        &self.files[id].rel
    }

    /// Forgets every file after the first `len`.
    pub fn truncate(&mut self, len: usize) {
        self.files.truncate(len);
    }

    /// All files, in the order they were read.
    pub fn ids(&self) -> Range<FileId> {
        0..self.files.len()
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let text = self.text(id);
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..line_start].matches('\n').count() + 1;
        let col = text[line_start..offset].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl<'a> Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.files
            .get(id)
            .map(|f| f.inner.name().as_str())
            .ok_or(files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.files
            .get(id)
            .map(|f| &**f.inner.source())
            .ok_or(files::Error::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        self.files
            .get(id)
            .ok_or(files::Error::FileMissing)?
            .inner
            .line_index((), byte_index)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        self.files
            .get(id)
            .ok_or(files::Error::FileMissing)?
            .inner
            .line_range((), line_index)
    }
}

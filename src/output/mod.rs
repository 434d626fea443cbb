//! Where a rendered site goes: a [`Sink`] takes each file as soon as it is ready. On disk that
//! is a staging folder swapped into place whole ([`staging`]); in memory, a [`MemorySite`].

mod keep;
mod staging;

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;

pub use staging::{Staging, check_output_dir};

/// Where rendered files go: a staging folder (`build`) or memory (`serve`).
pub trait Sink: Sync {
    /// Stores one file at `rel`, a `/`-separated path from the site root.
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic>;

    /// Stores one file that `write` produces piece by piece (so a large file need not be held
    /// whole in memory); returns its size.
    fn put_with(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<usize, Diagnostic> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| Diagnostic::error(format!("cannot write `{rel}`: {e}")))?;
        let len = bytes.len();
        self.put(rel, bytes)?;
        Ok(len)
    }

    /// `rel` as the previous build left it, when that build is at hand: the render reuses a
    /// file that is costly to make (a link-preview PNG) when what it was made from has not
    /// changed. Only ever a hint: what it returns is checked before it is used.
    fn earlier(&self, _rel: &str) -> Option<Vec<u8>> {
        None
    }
}

/// The largest earlier file [`Sink::earlier`] reads back.
pub const EARLIER_LIMIT: u64 = 16 << 20;

/// A built site held in memory, for `serve` and for tests: relative path -> bytes.
#[derive(Default, Debug)]
pub struct MemorySite {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
    /// The previous build's files, when there was one.
    earlier: Option<std::sync::Arc<BTreeMap<String, Vec<u8>>>>,
}

impl MemorySite {
    /// An empty site whose render may reuse files of `earlier`, the previous build.
    pub fn after(earlier: Option<std::sync::Arc<BTreeMap<String, Vec<u8>>>>) -> Self {
        MemorySite {
            files: Mutex::default(),
            earlier,
        }
    }

    /// The files written, by relative path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySite {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(rel.to_owned(), bytes);
        Ok(())
    }

    fn earlier(&self, rel: &str) -> Option<Vec<u8>> {
        self.earlier.as_ref()?.get(rel).cloned()
    }
}

/// What a render wrote.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// HTML pages.
    pub pages: usize,
    /// All files.
    pub files: usize,
    /// Total size in bytes.
    pub bytes: usize,
}

impl Stats {
    pub(crate) fn add(&mut self, rel: &str, len: usize) {
        self.pages += usize::from(rel.ends_with(".html"));
        self.files += 1;
        self.bytes += len;
    }
}

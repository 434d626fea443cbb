//! Where a rendered site goes: a [`Sink`] takes each file as soon as it is ready. On disk that
//! is a staging folder swapped into place whole ([`staging`]); in memory, a [`MemorySite`].

mod keep;
mod staging;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

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

    /// Keeps, unchanged, every file the previous build wrote at `rel` or under the folder
    /// `rel` (ending in `/`), except those under the folders `except`: what a workspace's
    /// member whose pages cannot have changed wrote last time. Returns what was kept, or
    /// `None` when the previous build is not at hand (the caller then renders the files).
    fn keep(&self, _rel: &str, _except: &[String]) -> Option<Stats> {
        None
    }
}

/// The largest earlier file [`Sink::earlier`] reads back.
pub const EARLIER_LIMIT: u64 = 16 << 20;

/// The files of a site built in memory, by relative path; shared, so that a rebuild keeps
/// what it did not change without copying it.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// A built site held in memory, for `serve` and for tests: relative path -> bytes.
#[derive(Default, Debug)]
pub struct MemorySite {
    files: Mutex<Files>,
    /// The previous build's files, when there was one.
    earlier: Option<Arc<Files>>,
}

impl MemorySite {
    /// An empty site whose render may reuse files of `earlier`, the previous build.
    pub fn after(earlier: Option<Arc<Files>>) -> Self {
        MemorySite {
            files: Mutex::default(),
            earlier,
        }
    }

    /// The files written, by relative path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.into_shared()
            .into_iter()
            .map(|(k, v)| (k, Arc::try_unwrap(v).unwrap_or_else(|v| (*v).clone())))
            .collect()
    }

    /// The files written, shared with the next build.
    pub fn into_shared(self) -> Files {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySite {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(rel.to_owned(), Arc::new(bytes));
        Ok(())
    }

    fn earlier(&self, rel: &str) -> Option<Vec<u8>> {
        self.earlier.as_ref()?.get(rel).map(|b| (**b).clone())
    }

    fn keep(&self, rel: &str, except: &[String]) -> Option<Stats> {
        let earlier = self.earlier.as_ref()?;
        let mut stats = Stats::default();
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let kept = if rel.ends_with('/') {
            earlier
                .range::<str, _>((std::ops::Bound::Included(rel), std::ops::Bound::Unbounded))
                .take_while(|(k, _)| k.starts_with(rel))
                .filter(|(k, _)| !except.iter().any(|e| k.starts_with(e.as_str())))
                .collect::<Vec<_>>()
        } else {
            earlier.get_key_value(rel).into_iter().collect()
        };
        for (k, v) in kept {
            stats.add(k, v.len());
            files.insert(k.clone(), v.clone());
        }
        Some(stats)
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

//! The theme: templates and static assets, built into the binary, each overridable by a file at
//! the same relative path in the site folder.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostics::Diagnostic;
use crate::util::contained::{Bounds, MAX_STATIC_FILE, MAX_TEXT_FILE, read_limited};

static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A file of the theme or of the site that overrides or adds to it.
pub struct ThemeFile {
    /// Path relative to `templates/` or `static/`, with forward slashes.
    pub rel: String,
    pub bytes: Vec<u8>,
    /// Where it came from on disk; `None` for a file built into the binary.
    pub source: Option<PathBuf>,
}

/// The stylesheet of a workspace's pages (breadcrumbs, alignment, the team table), written
/// only for a workspace or a strategy aligned to a parent, so a single site's assets stay as
/// they are.
pub fn workspace_css() -> Vec<u8> {
    DEFAULT
        .get_file("workspace/workspace.css")
        .map(|f| f.contents().to_vec())
        .unwrap_or_default()
}

/// The files of one theme folder (`templates` or `static`): the built-in ones, replaced or
/// extended by the site's own files in `SITE/<folder>/`. A file of the site that cannot be
/// read, is not a plain file, is too large or is a link leading out of `bounds` is an error.
pub fn files(
    site_root: &Path,
    folder: &str,
    bounds: &Bounds,
) -> Result<Vec<ThemeFile>, Vec<Diagnostic>> {
    let mut out: Vec<ThemeFile> = Vec::new();
    if let Some(dir) = DEFAULT.get_dir(folder) {
        collect_embedded(dir, folder, &mut out);
    }
    let local = site_root.join(folder);
    if !local.is_dir() {
        return Ok(out);
    }
    let limit = if folder == "static" {
        MAX_STATIC_FILE
    } else {
        MAX_TEXT_FILE
    };
    // A link to a file is the file: the author linked it in on purpose.
    let (found, mut refused) = bounds.walk(&local, &|name, is_dir| !is_dir && is_editor_junk(name));
    for path in found {
        let bytes = match read_limited(&path, limit) {
            Ok(b) => b,
            Err(r) => {
                refused.push(r);
                continue;
            }
        };
        let file = ThemeFile {
            rel: crate::util::paths::rel_path(&local, &path),
            bytes,
            source: Some(path),
        };
        match out.iter_mut().find(|f| f.rel == file.rel) {
            Some(slot) => *slot = file,
            None => out.push(file),
        }
    }
    if refused.is_empty() {
        Ok(out)
    } else {
        Err(refused.iter().map(Diagnostic::from).collect())
    }
}

fn collect_embedded(dir: &Dir<'static>, folder: &str, out: &mut Vec<ThemeFile>) {
    for f in dir.files() {
        let rel = f
            .path()
            .strip_prefix(folder)
            .unwrap_or(f.path())
            .to_string_lossy()
            .replace('\\', "/");
        out.push(ThemeFile {
            rel,
            bytes: f.contents().to_vec(),
            source: None,
        });
    }
    for d in dir.dirs() {
        collect_embedded(d, folder, out);
    }
}

/// Editors' swap, backup and temporary files, which must never be published or watched.
pub fn is_editor_junk(name: &std::ffi::OsStr) -> bool {
    let Some(n) = name.to_str() else {
        return true;
    };
    n.starts_with('.')
        || n.ends_with('~')
        || n.ends_with(".swp")
        || n.ends_with(".swx")
        || n.ends_with(".tmp")
        || n.starts_with('#')
        || n == "4913"
        || n.ends_with("___jb_tmp___")
        || n.ends_with("___jb_old___")
}

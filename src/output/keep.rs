//! What a build keeps of the folder it replaces: everything stratsite did not write there.
//!
//! Each build writes `.stratsite-manifest` into its output, listing the files it wrote. When
//! the next build replaces that output, whatever the list does not name (a `.git` folder of a
//! `gh-pages` checkout, a hand-written `CNAME`, a verification file) was put there by someone
//! else and is moved into the new output. An output written before the list existed is trusted
//! with its files, except for hidden entries at its top (`.git`, `.well-known`, ...) other than
//! stratsite's `.nojekyll`, and `CNAME`, which are kept.

use std::collections::HashSet;
use std::path::Path;

/// The list of the files a build wrote, one `/`-separated path a line.
pub const MANIFEST: &str = ".stratsite-manifest";

/// Names at the top of an output that are stratsite's bookkeeping, never a user's.
fn is_bookkeeping(rel: &str) -> bool {
    rel == MANIFEST || rel == super::staging::MARKER
}

/// The text of a manifest listing `files`.
pub fn manifest(files: &[String]) -> String {
    let mut sorted: Vec<&String> = files.iter().collect();
    sorted.sort();
    sorted.dedup();
    let mut out = String::new();
    for f in sorted {
        out.push_str(f);
        out.push('\n');
    }
    out
}

/// What of `from` was not written by stratsite, against the new output `to`.
#[derive(Debug, Default)]
pub struct Carry {
    /// Paths (relative, `/`-separated) to move from `from` to the same place in `to`.
    pub moves: Vec<String>,
    /// Paths that the new output has too: moving them would replace the build's file, and
    /// leaving them would lose them.
    pub clashes: Vec<String>,
}

/// Works out what of the old output `from` must move into the new output `to`.
pub fn plan(from: &Path, to: &Path) -> std::io::Result<Carry> {
    let written = read_manifest(from)?;
    // Folders that hold a file stratsite wrote: only inside those can a file be stratsite's.
    let folders: HashSet<String> = written
        .iter()
        .flatten()
        .flat_map(|f| f.match_indices('/').map(|(i, _)| f[..i].to_owned()))
        .collect();
    let mut carry = Carry::default();
    // Folders to look into, and whether all of a folder is the user's (one they made where
    // the new build has a folder of the same name).
    let mut stack: Vec<(String, bool)> = vec![(String::new(), false)];
    while let Some((folder, all_theirs)) = stack.pop() {
        let mut entries: Vec<(String, bool)> = Vec::new();
        for entry in std::fs::read_dir(from.join(&folder))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if folder.is_empty() {
                name
            } else {
                format!("{folder}/{name}")
            };
            // Never followed: a link is an entry of its own.
            entries.push((rel, entry.file_type()?.is_dir()));
        }
        entries.sort();
        for (rel, is_dir) in entries {
            if folder.is_empty() && is_bookkeeping(&rel) {
                continue;
            }
            let theirs = all_theirs
                || match &written {
                    Some(w) => !(w.contains(&rel) || is_dir && folders.contains(&rel)),
                    // An output from before the manifest: only its hidden entries and CNAME.
                    None => {
                        folder.is_empty()
                            && (rel.starts_with('.') && rel != ".nojekyll" || rel == "CNAME")
                    }
                };
            if !theirs {
                if is_dir && written.is_some() {
                    stack.push((rel, false));
                }
                continue;
            }
            match std::fs::symlink_metadata(to.join(&rel)) {
                Err(_) => carry.moves.push(rel),
                // A folder of theirs where the build has a folder too: merged, entry by entry.
                Ok(m) if m.is_dir() && is_dir => stack.push((rel, true)),
                // An output from before the manifest wrote its own CNAME: the new one replaces it.
                Ok(_) if written.is_none() => {}
                Ok(_) => carry.clashes.push(rel),
            }
        }
    }
    carry.moves.sort();
    carry.clashes.sort();
    Ok(carry)
}

/// Moves what `plan` found from `from` into `to`. Stops at the first move that fails, naming
/// it; what was not moved stays in `from`.
pub fn carry(from: &Path, to: &Path, moves: &[String]) -> Result<(), (String, std::io::Error)> {
    for rel in moves {
        let target = to.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| (rel.clone(), e))?;
        }
        std::fs::rename(from.join(rel), &target).map_err(|e| (rel.clone(), e))?;
    }
    Ok(())
}

/// The files a build listed in `dir`'s manifest, or `None` for an output without one.
fn read_manifest(dir: &Path) -> std::io::Result<Option<HashSet<String>>> {
    match std::fs::read_to_string(dir.join(MANIFEST)) {
        Ok(text) => Ok(Some(text.lines().map(str::to_owned).collect())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

//! What one check of a workspace keeps for the next, so that `serve --watch` reads again only
//! the members whose files a save changed. (What the render keeps is the pipeline's.)

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::check::{Checked, Dates};
use crate::diagnostics::Diagnostic;

/// Members' own checks, kept between two checks of one workspace.
#[derive(Default)]
pub struct Memo {
    /// The dates the kept checks were made for: other dates read every member again.
    dates: Option<Dates>,
    /// Each member's own check, by folder.
    kept: HashMap<String, Own>,
}

/// A member's check on its own, before the checks across members and the render added their
/// files, problems and timings to it; and every file the member read, those included.
struct Own {
    checked: Checked,
    reads: Vec<PathBuf>,
}

/// How a member's own check ended: what [`Memo::keep`] takes it back to.
pub struct Mark {
    files: usize,
    diagnostics: Vec<Diagnostic>,
    timings: usize,
    notes: usize,
}

impl Mark {
    /// Where `checked`, a member checked on its own, stands now.
    pub(super) fn of(checked: &Checked) -> Mark {
        Mark {
            files: checked.files.ids().len(),
            diagnostics: checked.diagnostics.clone(),
            timings: checked.timings.len(),
            notes: checked.notes.len(),
        }
    }
}

impl Memo {
    /// Forgets the members a change to `paths` can have changed: those whose folder holds one
    /// of them and those that read one of them. `root` is the workspace's folder as `paths`
    /// name it. A path of no member (the workspace's own `stratsite.toml`, a theme or a pinned
    /// parent outside every member) forgets them all.
    pub fn forget(&mut self, root: &Path, paths: &[PathBuf]) {
        for path in paths {
            let Ok(rel) = path.strip_prefix(root) else {
                self.kept.clear();
                return;
            };
            let path = normal(rel);
            let mut owned = false;
            self.kept.retain(|dir, own| {
                let reads = path.starts_with(normal(Path::new(dir)))
                    || own.reads.contains(&path)
                    || own.checked.strategy.as_ref().is_none_or(|s| {
                        // A member that reads folders outside its own cannot say which.
                        !s.site.linked_folders.is_empty()
                    });
                owned |= reads;
                !reads
            });
            if !owned {
                self.kept.clear();
                return;
            }
        }
    }

    /// The check of the member in `dir`, kept for `dates`, if there is one.
    pub(super) fn take(&mut self, dir: &str, dates: Dates) -> Option<Checked> {
        if self.dates != Some(dates) {
            self.kept.clear();
            self.dates = Some(dates);
            return None;
        }
        self.kept.remove(dir).map(|own| own.checked)
    }

    /// Keeps every member of `ws` that has a [`Mark`] for the next check, each taken back to
    /// its own check. What the checks across members said is said again by the next.
    pub fn keep(&mut self, ws: &mut super::Workspace) {
        self.kept.clear();
        for m in std::mem::take(&mut ws.members) {
            let Some(mark) = m.mark else { continue };
            let mut checked = m.checked;
            let reads = checked
                .files
                .ids()
                .map(|id| normal(&Path::new(&m.dir).join(checked.files.rel(id))))
                .collect();
            checked.files.truncate(mark.files);
            checked.diagnostics = mark.diagnostics;
            checked.timings.truncate(mark.timings);
            checked.notes.truncate(mark.notes);
            self.kept.insert(m.dir, Own { checked, reads });
        }
    }
}

/// `path`, relative to the workspace's folder, as a path from `/` with `.` and `..` resolved by
/// name: a file a member read as `../shared/x.toml` and a change seen at `shared/x.toml` compare
/// equal. (A `..` above the workspace's folder stays at `/`: such a file is read by no member's
/// name, so a change to it forgets more, never less.)
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for c in path.components() {
        match c {
            Component::Normal(c) => out.push(c),
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normal;
    use std::path::Path;

    #[test]
    fn paths_compare_by_name_with_dots_resolved() {
        assert_eq!(normal(Path::new("a/b/../c/./d")), Path::new("/a/c/d"));
        assert_eq!(normal(Path::new("teams/a/../../org")), Path::new("/org"));
        assert_eq!(normal(Path::new("")), Path::new("/"));
    }
}

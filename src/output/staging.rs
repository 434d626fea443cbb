//! Writing a built site to disk atomically: the site is built in a fresh folder beside the
//! target and swapped into place only when complete, so a failed build never leaves a
//! half-written or empty output folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::util::paths::absolute;

/// Refuses output folders whose replacement would destroy something that is not a build.
///
/// `home` is the user's home folder, which is never replaced.
pub fn check_output_dir(
    site_root: &Path,
    out: &Path,
    home: Option<&Path>,
) -> Result<(), Diagnostic> {
    let abs_out = absolute(out);
    let abs_site = absolute(site_root);
    let home = home.map(absolute);
    let refuse = |why: &str| {
        Diagnostic::error(format!("refusing to write the site into `{}`: {why}", out.display()))
            .help("choose an output folder of its own, such as `public` inside the site folder (the default)")
    };
    if abs_out.parent().is_none() {
        return Err(refuse("it is the root of the file system"));
    }
    if home.as_deref() == Some(abs_out.as_path()) {
        return Err(refuse("it is your home folder"));
    }
    if abs_out == abs_site {
        return Err(refuse("it is the site folder itself"));
    }
    if abs_site.starts_with(&abs_out) {
        return Err(refuse("it contains the site folder"));
    }
    for (folder, read_as) in [
        ("static", "copies into every build"),
        ("templates", "reads as templates"),
    ] {
        if abs_out.starts_with(abs_site.join(folder)) {
            return Err(refuse(&format!(
                "it is inside the site's `{folder}/` folder, which stratsite {read_as}"
            )));
        }
    }
    if abs_out.exists() {
        if !abs_out.is_dir() {
            return Err(refuse("it is a file, not a folder"));
        }
        let mut entries =
            std::fs::read_dir(&abs_out).map_err(|e| refuse(&format!("it cannot be read ({e})")))?;
        let empty = entries.next().is_none();
        if !empty && !is_previous_build(&abs_out) {
            return Err(refuse(
                "it is not empty and does not hold a previous stratsite build (no `index.html` and `strategy.json` written by stratsite), so replacing it could lose files",
            ));
        }
    }
    Ok(())
}

/// Whether `dir` holds a site stratsite built: an `index.html`, and a `strategy.json` that
/// names stratsite as its generator near its start. An `index.html` alone is not enough: a
/// `docs/` folder of hand-written pages has one too.
pub fn is_previous_build(dir: &Path) -> bool {
    use std::io::Read;
    if !dir.join("index.html").is_file() {
        return false;
    }
    let Ok(file) = std::fs::File::open(dir.join("strategy.json")) else {
        return false;
    };
    let mut start = Vec::with_capacity(256);
    if file.take(256).read_to_end(&mut start).is_err() {
        return false;
    }
    String::from_utf8_lossy(&start).contains("\"generator\": \"stratsite")
}

/// A new site being written beside its output folder, moved into place by
/// [`Staging::commit`] only once it is complete. Dropped without a commit, it removes what it
/// wrote and the output folder stays as it was.
///
/// The new site is written to `.NAME.stratsite-new-PID-N` beside `NAME`, which holds a marker file
/// locked for as long as the build runs. On Linux the finished folder and the old output are
/// exchanged in one atomic rename; elsewhere the old output is first moved to
/// `.NAME.stratsite-old-PID`. A later build removes staging folders whose lock is free (their
/// build was killed), and puts back an old output that a killed build had moved aside.
pub struct Staging {
    dir: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    /// The locked marker, made with the staging folder when the first file is written.
    marker: std::sync::OnceLock<std::io::Result<std::fs::File>>,
    committed: bool,
    notes: Vec<String>,
}

/// The file in a staging folder that marks it as stratsite's and is locked while it is written.
const MARKER: &str = ".stratsite-staging";

impl Staging {
    /// Prepares to replace `dir`, and cleans up after builds of it that were killed.
    pub fn new(dir: &Path) -> Self {
        let dir = absolute(dir);
        let parent = dir
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let pid = std::process::id();
        let mut notes = Vec::new();
        sweep(&parent, &name, &dir, &mut notes);
        // The clock keeps the name fresh even if a process with this id left one behind.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let staging = parent.join(format!(".{name}.stratsite-new-{pid}-{nanos}"));
        Staging {
            retired: parent.join(format!(".{name}.stratsite-old-{pid}")),
            dir,
            staging,
            marker: std::sync::OnceLock::new(),
            committed: false,
            notes,
        }
    }

    /// Makes the staging folder and its locked marker, once; nothing is made before a build
    /// writes its first file.
    fn ready(&self) -> Result<(), Diagnostic> {
        let made = self.marker.get_or_init(|| {
            if let Some(parent) = self.staging.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::create_dir(&self.staging)?;
            let marker = std::fs::File::create(self.staging.join(MARKER))?;
            marker.lock()?;
            Ok(marker)
        });
        match made {
            Ok(_) => Ok(()),
            Err(e) => Err(fail(
                "create",
                &self.staging,
                std::io::Error::new(e.kind(), e.to_string()),
            )),
        }
    }

    /// What was cleaned up or recovered from builds that were killed before.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Swaps the new site into place of the old one.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let dir = self.dir.clone();
        self.ready()?;
        let marker = self.staging.join(MARKER);
        let locked = self.marker.take().is_some_and(|m| m.is_ok());
        if !locked || std::fs::remove_file(&marker).is_err() {
            return Err(fail(
                "finish",
                &self.staging,
                std::io::Error::other("the folder the new site was written to is gone or unusable"),
            ));
        }
        // The usual case: swap the new site and the old output in one step.
        if exchange(&self.staging, &dir).is_ok() {
            // The staging path now holds the old output.
            remove_tree(&self.staging);
        } else if !dir.exists() {
            // No output yet. Another build may make one first: then swap with it.
            if let Err(e) = std::fs::rename(&self.staging, &dir) {
                if !(dir.exists() && exchange(&self.staging, &dir).is_ok()) {
                    return Err(fail("move into place", &dir, e));
                }
                remove_tree(&self.staging);
            }
        } else {
            // Where folders cannot be exchanged: move the old output aside, then the new in.
            std::fs::rename(&dir, &self.retired).map_err(|e| fail("move aside", &dir, e))?;
            if let Err(e) = std::fs::rename(&self.staging, &dir) {
                return Err(match std::fs::rename(&self.retired, &dir) {
                    Ok(()) => fail("move into place", &dir, e),
                    Err(_) => Diagnostic::error(format!(
                        "cannot move the new site into `{}`: {e}",
                        dir.display()
                    ))
                    .note(format!(
                        "the previous output is in `{}`; the next build puts it back",
                        self.retired.display()
                    )),
                });
            }
            remove_tree(&self.retired);
        }
        self.committed = true;
        Ok(())
    }
}

/// Removes a previous output. A large site's old output is thousands of files, so on Linux
/// they are unlinked on all cores, each relative to an open handle on its folder (symlinks
/// are removed, never followed, even if the tree changes meanwhile). Best effort, like
/// `remove_dir_all`: whatever cannot be removed stays.
fn remove_tree(root: &Path) {
    #[cfg(target_os = "linux")]
    if std::fs::symlink_metadata(root).is_ok_and(|m| m.is_dir())
        && let Ok(dir) = open_dir(rustix::fs::CWD, root)
    {
        empty_dir(&dir, 0);
        let _ = std::fs::remove_dir(root);
    }
    if std::fs::symlink_metadata(root).is_ok() {
        let _ = std::fs::remove_dir_all(root);
    }
}

/// Opens a folder (not a symlink to one) for reading.
#[cfg(target_os = "linux")]
fn open_dir<P: rustix::path::Arg, Fd: rustix::fd::AsFd>(
    at: Fd,
    path: P,
) -> std::io::Result<rustix::fd::OwnedFd> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    rustix::fs::openat(at, path, flags, Mode::empty()).map_err(std::io::Error::from)
}

/// Removes everything inside an open folder, files on all cores. Folders nested more than 64
/// deep stay, for `remove_dir_all` to remove afterwards: each level here holds a worker
/// thread's stack and an open handle.
#[cfg(target_os = "linux")]
fn empty_dir(dir: &rustix::fd::OwnedFd, depth: usize) {
    const MAX_DEPTH: usize = 64;
    if depth > MAX_DEPTH {
        return;
    }
    use rayon::prelude::*;
    use rustix::fs::{AtFlags, Dir, FileType, unlinkat};
    let Ok(entries) = Dir::read_from(dir) else {
        return;
    };
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name == c"." || name == c".." {
            continue;
        }
        match entry.file_type() {
            FileType::Directory | FileType::Unknown => dirs.push(name.to_owned()),
            _ => files.push(name.to_owned()),
        }
    }
    files.par_iter().for_each(|name| {
        let _ = unlinkat(dir, name.as_c_str(), AtFlags::empty());
    });
    dirs.par_iter().for_each(|name| {
        match open_dir(dir, name.as_c_str()) {
            Ok(sub) => {
                empty_dir(&sub, depth + 1);
                let _ = unlinkat(dir, name.as_c_str(), AtFlags::REMOVEDIR);
            }
            // Not a folder after all (its type was unknown), or a symlink: unlink it.
            Err(_) => {
                let _ = unlinkat(dir, name.as_c_str(), AtFlags::empty());
            }
        }
    });
}

/// Swaps two folders atomically, where the system can.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Cleans up after builds of `dir` that were killed: removes their staging folders (those
/// whose marker is no longer locked), and puts back a previous output that one had moved aside
/// when `dir` is missing. Anything else with a similar name is left alone.
fn sweep(parent: &Path, name: &str, dir: &Path, notes: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.stratsite-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let Some((kind, id)) = rest.split_once('-') else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let pid = id.split('-').next().unwrap_or_default();
        let well_formed = !pid.is_empty() && id.bytes().all(|b| b.is_ascii_digit() || b == b'-');
        if !is_dir || !well_formed {
            continue;
        }
        let path = entry.path();
        match kind {
            "new" => {
                let Ok(marker) = std::fs::File::open(path.join(MARKER)) else {
                    continue;
                };
                // Locked: its build is still running.
                if marker.try_lock().is_err() {
                    continue;
                }
                drop(marker);
                if std::fs::remove_dir_all(&path).is_ok() {
                    notes.push(format!(
                        "removed `{}`, left by a build that was stopped",
                        path.display()
                    ));
                }
            }
            "old"
                if !dir.exists()
                    && is_previous_build(&path)
                    && pid.parse().is_ok_and(|p| !process_alive(p))
                    && std::fs::rename(&path, dir).is_ok() =>
            {
                notes.push(format!(
                    "put back `{}`, which a build that was stopped had moved aside",
                    dir.display()
                ));
            }
            _ => {}
        }
    }
}

/// Whether a process with this id runs; when that cannot be known, assume it does.
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.ready()?;
        let path = self.staging.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| fail("create", p, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| fail("write", &path, e))
    }

    fn put_with(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<usize, Diagnostic> {
        self.ready()?;
        let path = self.staging.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| fail("create", p, e))?;
        }
        let file = std::fs::File::create(&path).map_err(|e| fail("write", &path, e))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        write(&mut out)
            .and_then(|()| out.flush())
            .map_err(|e| fail("write", &path, e))?;
        let len = out.get_ref().metadata().map_or(0, |m| m.len() as usize);
        Ok(len)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && self.marker.get().is_some() {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

fn fail(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    let d = Diagnostic::error(format!("cannot {what} `{}`: {e}", path.display()))
        .note("the previous output, if any, is unchanged");
    if e.raw_os_error() == Some(16) {
        // EBUSY: a mount point (a container volume, say) or a folder in use cannot be renamed.
        d.help("the output folder cannot be replaced as a whole (a mount point, or in use): write to a folder inside it, e.g. `--output DIR/site`")
    } else {
        d
    }
}

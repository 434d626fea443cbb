//! Writing a built site to disk atomically: the site is built in a fresh folder beside the
//! target and swapped into place only when complete, so a failed build never leaves a
//! half-written or empty output folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::output::keep;
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
        // A checkout of a `gh-pages` branch holds `.git` (and perhaps a `CNAME`): those are
        // kept by every build, so the folder counts as empty.
        let empty = entries.all(|e| {
            e.is_ok_and(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.starts_with('.') || name == "CNAME"
            })
        });
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
    /// Every file written, for the manifest.
    written: std::sync::Mutex<Vec<String>>,
    /// Whether files of the old output that stratsite did not write may be replaced by the
    /// build's files of the same name.
    overwrite: bool,
}

/// The file in a staging folder that marks it as stratsite's and is locked while it is written.
pub(super) const MARKER: &str = ".stratsite-staging";

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
            written: std::sync::Mutex::new(Vec::new()),
            overwrite: false,
        }
    }

    /// Lets the build replace files in the old output that stratsite did not write, where the
    /// new site has a file of the same name (`--overwrite`).
    pub fn overwrite(mut self, yes: bool) -> Self {
        self.overwrite = yes;
        self
    }

    fn record(&self, rel: &str) {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_owned());
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

    /// Swaps the new site into place of the old one, and moves into it what the old one held
    /// that stratsite did not write.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let dir = self.dir.clone();
        self.ready()?;
        let files = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        let manifest = self.staging.join(keep::MANIFEST);
        std::fs::write(&manifest, keep::manifest(&files))
            .map_err(|e| fail("write", &manifest, e))?;
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
            let carry = keep::plan(&dir, &self.staging).map_err(|e| fail("read", &dir, e))?;
            if !carry.clashes.is_empty() && !self.overwrite {
                return Err(clashes(&dir, &carry.clashes));
            }
        }
        let staging_marker = self.staging.join(MARKER);
        let locked = self.marker.get().is_some_and(|m| m.is_ok());
        if !locked || !staging_marker.is_file() {
            return Err(fail(
                "finish",
                &self.staging,
                std::io::Error::other("the folder the new site was written to is gone or unusable"),
            ));
        }
        // The old output is marked as retired before it moves, so that a build killed at any
        // point after the swap leaves it recognisable: the next build finishes the job.
        let retired_lock = if dir.is_dir() {
            Some(lock_marker(&dir.join(MARKER), RETIRED).map_err(|e| fail("mark", &dir, e))?)
        } else {
            None
        };
        // The usual case: swap the new site and the old output in one step.
        let old = if exchange(&self.staging, &dir).is_ok() {
            // The staging path now holds the old output.
            self.staging.clone()
        } else if !dir.exists() {
            // No output yet. Another build may make one first: then swap with it.
            match std::fs::rename(&self.staging, &dir) {
                Ok(()) => {
                    let _ = std::fs::remove_file(dir.join(MARKER));
                    self.committed = true;
                    return Ok(());
                }
                Err(e) => {
                    if !(dir.exists() && exchange(&self.staging, &dir).is_ok()) {
                        return Err(fail("move into place", &dir, e));
                    }
                    self.staging.clone()
                }
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
            self.retired.clone()
        };
        self.committed = true;
        let _ = std::fs::remove_file(dir.join(MARKER));
        let finished = retire(&old, &dir);
        drop(retired_lock);
        finished
    }
}

/// Content of the marker in an old output being replaced (a staging folder's marker is empty).
const RETIRED: &[u8] = b"retired";

/// Creates (or takes over) the marker file at `path` and holds its lock. When another build
/// holds it, waits; when that build moved the file away meanwhile, starts again.
fn lock_marker(path: &Path, content: &[u8]) -> std::io::Result<std::fs::File> {
    loop {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)?;
        file.lock()?;
        if same_file(&file, path) {
            file.set_len(0)?;
            file.write_all(content)?;
            return Ok(file);
        }
    }
}

#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::File, path: &Path) -> bool {
    path.is_file()
}

/// Finishes replacing an output: moves what the old output `old` holds that stratsite did not
/// write into the new output `dir`, then removes `old`. Anything that cannot be done is an
/// error: the new site is in place, and `old` keeps what could not be moved.
fn retire(old: &Path, dir: &Path) -> Result<(), Diagnostic> {
    let kept = |e: std::io::Error, what: String| {
        Diagnostic::error(format!(
            "the new site is in `{}`, but {what}: {e}",
            dir.display()
        ))
        .note(format!(
            "the previous output is still in `{}`, with the files stratsite did not write",
            old.display()
        ))
        .help("fix the cause and build again: the next build finishes moving them")
    };
    let carry =
        keep::plan(old, dir).map_err(|e| kept(e, format!("`{}` cannot be read", old.display())))?;
    keep::carry(old, dir, &carry.moves).map_err(|(rel, e)| {
        kept(
            e,
            format!("`{rel}` cannot be moved into it from the previous output"),
        )
    })?;
    // The marker goes last, so that a build killed while removing still leaves the rest
    // recognisable.
    if let Ok(entries) = std::fs::read_dir(old) {
        for entry in entries.flatten() {
            if entry.file_name() == MARKER {
                continue;
            }
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                remove_tree(&entry.path());
            } else {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    if std::fs::read_dir(old).is_ok_and(|mut e| e.all(|e| e.is_ok_and(|e| e.file_name() == MARKER)))
    {
        let _ = std::fs::remove_file(old.join(MARKER));
        let _ = std::fs::remove_dir(old);
    }
    match std::fs::symlink_metadata(old) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        _ => {
            let why = first_removal_error(old)
                .unwrap_or_else(|| std::io::Error::other("it is not empty"));
            Err(Diagnostic::error(format!(
                "the new site is in `{}`, but the previous output `{}` cannot be removed: {why}",
                dir.display(),
                old.display()
            ))
            .note(
                "nothing in it is yours: what stratsite did not write was moved into the new site",
            )
            .help(format!(
                "remove `{}` by hand, or fix its permissions and build again",
                old.display()
            )))
        }
    }
}

/// Why something in `dir` cannot be removed: the error of the first file that resists.
fn first_removal_error(dir: &Path) -> Option<std::io::Error> {
    for entry in walkdir::WalkDir::new(dir).contents_first(true) {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let removed = if entry.file_type().is_dir() {
            std::fs::remove_dir(path)
        } else if entry.file_name() == MARKER && path.parent() == Some(dir) {
            continue;
        } else {
            std::fs::remove_file(path)
        };
        if let Err(e) = removed
            && e.kind() != std::io::ErrorKind::DirectoryNotEmpty
        {
            return Some(std::io::Error::new(
                e.kind(),
                format!("`{}`: {e}", path.display()),
            ));
        }
    }
    None
}

/// The old output holds files that stratsite did not write where the new site has files.
fn clashes(dir: &Path, clashes: &[String]) -> Diagnostic {
    const SHOWN: usize = 10;
    let mut d = Diagnostic::error(format!(
        "`{}` holds {} that stratsite did not write, where the new site has {} of the same name",
        dir.display(),
        if clashes.len() == 1 {
            "a file".to_owned()
        } else {
            format!("{} files", clashes.len())
        },
        if clashes.len() == 1 { "one" } else { "files" },
    ));
    for c in clashes.iter().take(SHOWN) {
        d = d.note(format!("`{}`", dir.join(c).display()));
    }
    if clashes.len() > SHOWN {
        d = d.note(format!("and {} more", clashes.len() - SHOWN));
    }
    d.note("nothing was changed")
        .help("move or rename them (files of your own belong in the site's `static/` folder), or build with `--overwrite` to replace them with the new site's")
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

/// Cleans up after builds of `dir` that were killed, whatever the point:
/// - while writing: a staging folder with an unlocked, empty marker is removed;
/// - after the swap: the old output, marked as retired and no longer locked, gives what
///   stratsite did not write to the new output and is removed;
/// - between the two renames where folders cannot be exchanged: the old output moved aside is
///   put back when `dir` is missing;
/// - a marker left inside `dir` itself is removed.
///
/// Anything else with a similar name is left alone.
fn sweep(parent: &Path, name: &str, dir: &Path, notes: &mut Vec<String>) {
    let stray = dir.join(MARKER);
    if let Ok(marker) = std::fs::File::open(&stray)
        && marker.try_lock().is_ok()
    {
        drop(marker);
        let _ = std::fs::remove_file(&stray);
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.stratsite-");
    let mut found: Vec<_> = entries.flatten().collect();
    // Old outputs moved aside are put back before anything is moved into `dir`.
    found.sort_by_key(|e| !e.file_name().to_string_lossy().contains("-old-"));
    for entry in found {
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
        if !is_dir || !well_formed || !matches!(kind, "new" | "old") {
            continue;
        }
        let path = entry.path();
        if let Ok(mut marker) = std::fs::File::open(path.join(MARKER)) {
            // Locked: its build is still running.
            if marker.try_lock().is_err() {
                continue;
            }
            let mut content = Vec::new();
            let _ = std::io::Read::read_to_end(&mut marker, &mut content);
            drop(marker);
            if content != RETIRED {
                if std::fs::remove_dir_all(&path).is_ok() {
                    notes.push(format!(
                        "removed `{}`, left by a build that was stopped",
                        path.display()
                    ));
                }
                continue;
            }
            if !dir.exists() {
                if std::fs::rename(&path, dir).is_ok() {
                    let _ = std::fs::remove_file(dir.join(MARKER));
                    notes.push(format!(
                        "put back `{}`, which a build that was stopped had moved aside",
                        dir.display()
                    ));
                }
                continue;
            }
            match retire(&path, dir) {
                Ok(()) => notes.push(format!(
                    "removed `{}`, the previous output an earlier build left behind",
                    path.display()
                )),
                Err(d) => notes.push(d.message),
            }
            continue;
        }
        if kind == "old"
            && !dir.exists()
            && is_previous_build(&path)
            && pid.parse().is_ok_and(|p| !process_alive(p))
            && std::fs::rename(&path, dir).is_ok()
        {
            notes.push(format!(
                "put back `{}`, which a build that was stopped had moved aside",
                dir.display()
            ));
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
    fn earlier(&self, rel: &str) -> Option<Vec<u8>> {
        // Only a plain file of the output folder itself: never a link out of it.
        let path = self.dir.join(rel);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > super::EARLIER_LIMIT {
            return None;
        }
        std::fs::read(&path).ok()
    }

    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.ready()?;
        self.record(rel);
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
        self.record(rel);
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

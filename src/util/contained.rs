//! Reading files of a site folder that a pull request may have written: nothing outside the
//! folder is reached through a symbolic link unless the author named where it may lead, no
//! link loop or link to `/` is followed, files that are not plain files (devices, FIFOs,
//! sockets) are refused, and no file is read past a size limit.

use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest text source (`stratsite.toml`, `strategy/`, prose, `templates/`) read, in bytes.
pub const MAX_TEXT_FILE: u64 = 64 * 1024 * 1024;
/// The largest file of `static/` copied, in bytes.
pub const MAX_STATIC_FILE: u64 = 256 * 1024 * 1024;

/// Where links found in a site folder may lead: inside the folder, and inside the folders the
/// site names in `[site] linked_folders`.
#[derive(Clone, Debug, Default)]
pub struct Bounds {
    /// The site folder, links resolved; `None` when it cannot be resolved (then nothing is
    /// read through a link).
    root: Option<PathBuf>,
    /// The extra folders, links resolved.
    extra: Vec<PathBuf>,
}

/// Why a path found in the site folder is not read.
#[derive(Debug)]
pub enum Refused {
    /// A symbolic link whose target is outside every allowed folder.
    Outside { link: PathBuf, target: PathBuf },
    /// A link to a folder that holds the link (following it would never end), or to `/`.
    Loop { link: PathBuf, target: PathBuf },
    /// A device, FIFO or socket: reading it could block forever or never end.
    Special { path: PathBuf, kind: &'static str },
    /// Larger than the limit.
    TooLarge { path: PathBuf, len: u64, limit: u64 },
    /// It could not be read.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl Refused {
    /// One sentence saying what is wrong, naming the path.
    pub fn message(&self) -> String {
        match self {
            Refused::Outside { link, target } => format!(
                "`{}` is a link to `{}`, outside the site folder",
                link.display(),
                target.display()
            ),
            Refused::Loop { link, target } => format!(
                "`{}` is a link to `{}`, a folder that holds it: following it would never end",
                link.display(),
                target.display()
            ),
            Refused::Special { path, kind } => {
                format!("`{}` is {kind}, not a file", path.display())
            }
            Refused::TooLarge { path, len, limit } => format!(
                "`{}` is {} MiB, more than the {} MiB a file may be",
                path.display(),
                len.div_ceil(1024 * 1024),
                limit / (1024 * 1024)
            ),
            Refused::Io { path, error } => format!("cannot read `{}`: {error}", path.display()),
        }
    }

    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self {
            Refused::Outside { .. } => {
                "copy the file into the site folder, or, for assets shared between sites, name the folder it is in under `[site] linked_folders` (see docs/format.md#site-site-settings)"
            }
            Refused::Loop { .. } => {
                "remove the link, or point it at a folder that does not hold it"
            }
            Refused::Special { .. } => "remove it from the site folder: only plain files are read",
            Refused::TooLarge { .. } => {
                "split the file, or keep large downloads out of the site and link to them"
            }
            Refused::Io { .. } => "check that the file exists and can be read",
        }
    }
}

impl Bounds {
    /// The bounds of the site in `root`, with `linked` folders (relative to it) allowed too.
    pub fn new(root: &Path, linked: &[String]) -> Self {
        let real = |p: &Path| p.canonicalize().ok();
        let extra = linked
            .iter()
            .filter_map(|l| real(&root.join(l)))
            // Never the whole file system, nor the kernel's views of processes and devices.
            .filter(|p| p.parent().is_some() && !is_system(p))
            .collect();
        Bounds {
            root: real(root),
            extra,
        }
    }

    fn allows(&self, real: &Path) -> bool {
        let root = self.root.as_deref();
        // A site kept in a system tree (a site in /dev/shm, a RAM disk) may read its own
        // files there, and nothing else of that tree.
        let system = is_system(real) && !root.is_some_and(is_system);
        !system
            && (root.is_some_and(|r| real.starts_with(r))
                || self.extra.iter().any(|e| real.starts_with(e)))
    }

    /// Where `path` (inside the site folder as written) really leads, if it may be read: it
    /// must lead inside the bounds and be a plain file.
    pub fn file(&self, path: &Path) -> Result<PathBuf, Refused> {
        let io = |error| Refused::Io {
            path: path.to_path_buf(),
            error,
        };
        let real = path.canonicalize().map_err(io)?;
        if !self.allows(&real) {
            return Err(Refused::Outside {
                link: path.to_path_buf(),
                target: real,
            });
        }
        let meta = std::fs::metadata(&real).map_err(io)?;
        if let Some(kind) = special(&meta.file_type()) {
            return Err(Refused::Special {
                path: path.to_path_buf(),
                kind,
            });
        }
        Ok(real)
    }

    /// Every plain file under `dir`, sorted by path, skipping entries `skip` names (hidden
    /// files, editors' junk; it is told whether the entry is a folder); and every entry
    /// refused on the way.
    pub fn walk(
        &self,
        dir: &Path,
        skip: &dyn Fn(&std::ffi::OsStr, bool) -> bool,
    ) -> (Vec<PathBuf>, Vec<Refused>) {
        let mut files = Vec::new();
        let mut refused = Vec::new();
        let Ok(start) = dir.canonicalize() else {
            return (files, refused);
        };
        // (path as found, the real paths of it and the folders above it)
        let mut stack = vec![(dir.to_path_buf(), vec![start])];
        while let Some((folder, above)) = stack.pop() {
            let mut entries = match std::fs::read_dir(&folder) {
                Ok(e) => e.filter_map(Result::ok).collect::<Vec<_>>(),
                Err(error) => {
                    refused.push(Refused::Io {
                        path: folder,
                        error,
                    });
                    continue;
                }
            };
            entries.sort_by_key(|e| e.file_name());
            let mut subfolders = Vec::new();
            for entry in entries {
                let path = entry.path();
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                // A link is judged by what it leads to; whether that is a folder is not known
                // yet, so a link is skipped if either would be.
                let name = entry.file_name();
                let skipped = if kind.is_symlink() {
                    skip(&name, false) && skip(&name, true)
                } else {
                    skip(&name, kind.is_dir())
                };
                if skipped {
                    continue;
                }
                let (real, kind) = if kind.is_symlink() {
                    let real = match path.canonicalize() {
                        Ok(r) => r,
                        Err(error) => {
                            refused.push(Refused::Io { path, error });
                            continue;
                        }
                    };
                    let target_kind = match std::fs::metadata(&real) {
                        Ok(m) => m.file_type(),
                        Err(error) => {
                            refused.push(Refused::Io { path, error });
                            continue;
                        }
                    };
                    // A loop, or `/`, is refused even where links may leave the site.
                    if target_kind.is_dir()
                        && (real.parent().is_none() || above.iter().any(|a| a.starts_with(&real)))
                    {
                        refused.push(Refused::Loop {
                            link: path,
                            target: real,
                        });
                        continue;
                    }
                    if !self.allows(&real) {
                        refused.push(Refused::Outside {
                            link: path,
                            target: real,
                        });
                        continue;
                    }
                    (real, target_kind)
                } else {
                    (path.clone(), kind)
                };
                if let Some(what) = special(&kind) {
                    refused.push(Refused::Special { path, kind: what });
                } else if kind.is_dir() {
                    let real = if real == path {
                        above.last().map_or(real, |a| a.join(entry.file_name()))
                    } else {
                        real
                    };
                    let mut chain = above.clone();
                    chain.push(real.clone());
                    subfolders.push((path, chain));
                } else if kind.is_file() {
                    files.push(path);
                }
            }
            // Popped in name order.
            stack.extend(subfolders.into_iter().rev());
        }
        files.sort();
        (files, refused)
    }
}

/// What a file of a type other than a plain file or folder is, in words.
fn special(kind: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    if kind.is_file() || kind.is_dir() {
        None
    } else {
        Some("not a plain file")
    }
}

/// The kernel's views of processes, devices and itself, which are never site files.
fn is_system(real: &Path) -> bool {
    ["/proc", "/sys", "/dev"]
        .iter()
        .any(|s| real.starts_with(s))
}

/// Reads a file whole, refusing it unless it is a plain file of at most `limit` bytes: the
/// size is looked at before reading, and the read stops past the limit in case the file grows.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    let io = |error| Refused::Io {
        path: path.to_path_buf(),
        error,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if let Some(kind) = special(&meta.file_type()) {
        return Err(Refused::Special {
            path: path.to_path_buf(),
            kind,
        });
    }
    let too_large = |len| Refused::TooLarge {
        path: path.to_path_buf(),
        len,
        limit,
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod system_tree_tests {
    use super::*;

    #[test]
    fn a_site_on_a_ram_disk_reads_its_own_files_and_no_others_of_dev() {
        let shm = Path::new("/dev/shm");
        if !shm.is_dir() {
            return;
        }
        let dir = tempfile::tempdir_in(shm).unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir(&site).unwrap();
        std::fs::write(site.join("stratsite.toml"), "").unwrap();
        let bounds = Bounds::new(&site, &[]);
        assert!(bounds.file(&site.join("stratsite.toml")).is_ok());
        std::os::unix::fs::symlink("/dev/null", site.join("null")).unwrap();
        assert!(bounds.file(&site.join("null")).is_err());
        let elsewhere = Bounds::new(Path::new("/"), &[]);
        assert!(!elsewhere.allows(Path::new("/proc/self/environ")));
    }
}

//! Running the `git` binary: arguments as a list (never a shell string), no pager, no prompts,
//! and a bound on what each process may print.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// The most one git process may print before it is stopped and the history reported as too
/// large to read; for `cat-file`, the most one file may hold.
pub const OUTPUT_LIMIT: u64 = 1 << 30;

/// The most one `cat-file` process may read in all: a history of many revisions of large files
/// streams through it one file at a time, so this bounds time, not memory.
pub const BLOBS_LIMIT: u64 = 64 << 30;

/// A git command in `dir`, with settings that make its output stable whatever the user's
/// configuration.
fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args([
            "-c",
            "core.quotepath=off",
            "-c",
            "log.showSignature=false",
            "--no-pager",
        ])
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::null());
    cmd
}

/// Why a git command gave no answer.
#[derive(Debug)]
pub enum GitError {
    /// The `git` binary could not be started.
    Missing(String),
    /// It ran and failed; its first line of stderr.
    Failed(String),
    /// It printed more than [`OUTPUT_LIMIT`].
    TooLarge,
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::Missing(e) => write!(f, "cannot run `git`: {e}"),
            GitError::Failed(e) => write!(f, "{e}"),
            GitError::TooLarge => {
                write!(
                    f,
                    "git printed more than {} MiB at once, or {} GiB of files in all",
                    OUTPUT_LIMIT / (1 << 20),
                    BLOBS_LIMIT / (1 << 30)
                )
            }
        }
    }
}

/// Runs git with `args` in `dir` and returns what it printed.
pub fn run(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    run_with_input(dir, args, None)
}

/// Like [`run`], writing `input` to git's standard input.
pub fn run_with_input(
    dir: &Path,
    args: &[&str],
    input: Option<Vec<u8>>,
) -> Result<Vec<u8>, GitError> {
    let mut cmd = git(dir);
    if input.is_some() {
        cmd.stdin(Stdio::piped());
    }
    let mut child = cmd
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| GitError::Missing(e.to_string()))?;
    // Written on its own thread, so that git's output never waits for its input.
    let writer = match (input, child.stdin.take()) {
        (Some(bytes), Some(mut stdin)) => Some(std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        })),
        _ => None,
    };
    let mut out = Vec::new();
    let stdout = child.stdout.take().expect("piped");
    // Stderr is read on its own thread so that a chatty git cannot block on a full pipe.
    let mut stderr = child.stderr.take().expect("piped");
    let err_thread = std::thread::spawn(move || {
        let mut e = Vec::new();
        let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut e);
        // Drain the rest so that git never blocks on it.
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        e
    });
    let read = stdout.take(OUTPUT_LIMIT + 1).read_to_end(&mut out);
    if read.is_ok() && out.len() as u64 > OUTPUT_LIMIT {
        let _ = child.kill();
        let _ = child.wait();
        return Err(GitError::TooLarge);
    }
    let status = child.wait().map_err(|e| GitError::Failed(e.to_string()))?;
    let err = err_thread.join().unwrap_or_default();
    if let Some(w) = writer {
        let _ = w.join();
    }
    if let Err(e) = read {
        return Err(GitError::Failed(e.to_string()));
    }
    if !status.success() {
        let text = String::from_utf8_lossy(&err);
        let first = text
            .lines()
            .map(|l| l.trim())
            .find(|l| !l.is_empty())
            .unwrap_or("git failed")
            .trim_start_matches("fatal: ")
            .to_owned();
        return Err(GitError::Failed(first));
    }
    Ok(out)
}

/// One long-running `git cat-file --batch`: blobs are asked for one at a time and read back,
/// so that a whole history is read by one process without holding it in memory.
pub struct Blobs {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    read: u64,
}

impl Blobs {
    pub fn start(dir: &Path) -> Result<Blobs, GitError> {
        let mut child = git(dir)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| GitError::Missing(e.to_string()))?;
        let input = child.stdin.take().expect("piped");
        let output = BufReader::new(child.stdout.take().expect("piped"));
        Ok(Blobs {
            child,
            input,
            output,
            read: 0,
        })
    }

    /// The content of the blob `oid` (a full object id or `REV:path`).
    pub fn get(&mut self, oid: &str) -> Result<Vec<u8>, GitError> {
        let io = |e: std::io::Error| GitError::Failed(format!("reading from git: {e}"));
        writeln!(self.input, "{oid}").map_err(io)?;
        self.input.flush().map_err(io)?;
        let mut header = String::new();
        self.output.read_line(&mut header).map_err(io)?;
        let fields: Vec<&str> = header.split_whitespace().collect();
        let size: u64 = match fields.as_slice() {
            [_, "blob", size] => size
                .parse()
                .map_err(|_| GitError::Failed(format!("unexpected answer from git: {header}")))?,
            _ => {
                return Err(GitError::Failed(format!(
                    "git has no file `{oid}`: {}",
                    header.trim()
                )));
            }
        };
        self.read += size;
        if size > OUTPUT_LIMIT || self.read > BLOBS_LIMIT {
            let _ = self.child.kill();
            return Err(GitError::TooLarge);
        }
        let mut content = vec![0; size as usize];
        self.output.read_exact(&mut content).map_err(io)?;
        // Each blob is followed by a line break.
        let mut newline = [0u8; 1];
        self.output.read_exact(&mut newline).map_err(io)?;
        Ok(content)
    }
}

impl Drop for Blobs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

//! Limits on rendering one page, since a site's own template can hold a loop that never ends
//! or writes without end: a page may be at most [`MAX_PAGE_BYTES`] and take at most
//! [`MAX_PAGE_TIME`].

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The largest page a template may write.
pub const MAX_PAGE_BYTES: usize = 256 * 1024 * 1024;
/// The longest a template may take to render one page.
pub const MAX_PAGE_TIME: Duration = Duration::from_secs(10);

/// Which limit a render passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Size,
    Time,
}

/// A page's HTML being written, refused past the size limit or the deadline.
pub struct PageWriter {
    pub bytes: Vec<u8>,
    deadline: Instant,
    pub passed: Option<Limit>,
    /// Writes since the clock was last read: templates write in small pieces, and reading
    /// the clock at each of them would cost more than the page.
    writes: u32,
}

/// How many writes pass between two readings of the clock.
const WRITES_PER_CLOCK: u32 = 256;

impl PageWriter {
    pub fn new() -> Self {
        PageWriter {
            bytes: Vec::with_capacity(16 * 1024),
            deadline: Instant::now() + MAX_PAGE_TIME,
            passed: None,
            writes: 0,
        }
    }
}

impl std::io::Write for PageWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_PAGE_BYTES {
            self.passed = Some(Limit::Size);
        } else {
            self.writes += 1;
            if self.writes == WRITES_PER_CLOCK {
                self.writes = 0;
                if Instant::now() > self.deadline {
                    self.passed = Some(Limit::Time);
                }
            }
        }
        if self.passed.is_some() {
            return Err(std::io::Error::other("page limit passed"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a limit says about a template, for its diagnostic.
pub fn message(limit: Limit, page: &str) -> String {
    match limit {
        Limit::Size => format!(
            "rendering `{page}` wrote more than {} MiB",
            MAX_PAGE_BYTES / (1024 * 1024)
        ),
        Limit::Time => format!(
            "rendering `{page}` took more than {} s",
            MAX_PAGE_TIME.as_secs()
        ),
    }
}

/// Watches the pages being rendered: a template caught in a loop that writes nothing cannot be
/// stopped from outside its thread, so when one page passes the time limit the whole process
/// stops with an error naming the template. Nothing is published then: the output folder is
/// as it was, and the next build removes the half-written site.
pub struct Watchdog {
    state: Arc<State>,
}

struct State {
    running: Mutex<HashMap<usize, (String, String, Instant)>>,
    next: AtomicUsize,
    done: AtomicBool,
}

/// A page being rendered; dropped when it is done.
pub struct Watched<'a> {
    state: &'a State,
    id: usize,
}

impl Drop for Watched<'_> {
    fn drop(&mut self) {
        lock(&self.state.running).remove(&self.id);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Watchdog {
    /// Starts watching; `overrides` are the names of the site's own templates.
    pub fn start(overrides: HashSet<String>) -> Self {
        let state = Arc::new(State {
            running: Mutex::new(HashMap::new()),
            next: AtomicUsize::new(0),
            done: AtomicBool::new(false),
        });
        let watched = Arc::clone(&state);
        std::thread::spawn(move || {
            while !watched.done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                let late = lock(&watched.running)
                    .values()
                    .find(|(_, _, started)| started.elapsed() > MAX_PAGE_TIME)
                    .cloned();
                if let Some((template, page, _)) = late {
                    let named = if overrides.contains(&template) {
                        format!("the template `templates/{template}`")
                    } else {
                        format!("the built-in template `{template}`")
                    };
                    eprintln!(
                        "error: in {named}: {}\n = help: a loop in the template never ends or is far too long; fix the template, or delete it from the site's `templates/` to go back to the built-in one\n = note: nothing was written; the output folder is unchanged",
                        message(Limit::Time, &page)
                    );
                    std::process::exit(1);
                }
            }
        });
        Watchdog { state }
    }

    /// Marks a page as being rendered with `template` until the result is dropped.
    pub fn watch(&self, template: &str, page: &str) -> Watched<'_> {
        let id = self.state.next.fetch_add(1, Ordering::Relaxed);
        lock(&self.state.running)
            .insert(id, (template.to_owned(), page.to_owned(), Instant::now()));
        Watched {
            state: &self.state,
            id,
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.state.done.store(true, Ordering::Relaxed);
    }
}

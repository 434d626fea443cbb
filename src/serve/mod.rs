//! `stratsite serve`: the site built in memory and served over HTTP. With `--watch`, every save
//! rebuilds it; the new build is swapped in whole and only then is every open tab told to
//! reload, over a WebSocket (which, unlike a long-lived HTTP request, does not count against the
//! browser's six connections per host). A broken source keeps the last good site on screen
//! under an overlay that shows the same diagnostics as `check`.
//!
//! Only files of the built site are ever served: requests are looked up in the in-memory
//! output, never on disk, and only under a host name that points at this machine, so that no
//! other web page can read the drafts through DNS rebinding.

mod conn;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use codespan_reporting::term::termcolor::ColorChoice;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer_opt};

use crate::diagnostics::{self, Diagnostic};
use crate::output::{Files, MemorySite};
use crate::pipeline::build_site;
use crate::site::Options;

/// Where open pages connect to hear of new builds; outside any site, whatever its base path.
pub const LIVE_PATH: &str = "/__stratsite/live";

/// What to percent-encode in a path sent back in a `Location` header.
const PATH_ENCODE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// How long the watcher gathers file events before passing them on (an editor's save is a few
/// events: write, rename, attributes).
const DEBOUNCE: Duration = Duration::from_millis(10);
/// A change this soon after the last build is taken as part of a burst of saves.
const BURST: Duration = Duration::from_millis(250);
/// In a burst, how long the builder waits for the next change before building.
const SETTLE: Duration = Duration::from_millis(15);
/// The longest a burst may hold a build back.
const MAX_WAIT: Duration = Duration::from_millis(250);

/// What `stratsite serve` was asked to do.
pub struct ServeOptions {
    pub site: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub watch: bool,
    pub open: bool,
    pub color: ColorChoice,
    /// The build's "today", asked at every rebuild.
    pub today: Clock,
    /// Replaces `[site] base_url`, as `build --base-url` does, so that a preview shows what
    /// that build publishes.
    pub base_url: Option<String>,
}

/// Where the server learns the date: the command line decides (`--as-of`, `SOURCE_DATE_EPOCH`
/// or the clock).
pub type Clock = Arc<dyn Fn() -> Result<crate::check::Dates, Diagnostic> + Send + Sync>;

/// One build as the server shows it.
struct Snapshot {
    /// The last site that built, if any did.
    site: Option<Arc<Files>>,
    /// The path the site is served under (`/` or the base URL's path, like GitHub Pages).
    prefix: String,
    /// When the latest build failed: its diagnostics as `check` prints them.
    problems: Option<Problems>,
    /// Names this build; changes with every rebuild and every server start.
    id: String,
}

struct Problems {
    text: String,
    errors: usize,
}

struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    /// The build's "today", asked again at every rebuild (a server may run past midnight).
    today: Clock,
    /// `--base-url`, for every rebuild.
    base_url: Option<String>,
    builds: tokio::sync::watch::Sender<String>,
    /// Whether pages carry the live-reload client (with `--watch`).
    live: bool,
    /// The host names the server answers to.
    hosts: Hosts,
    /// The site's folder as the watcher names the files in it (absolute, links resolved).
    watched: PathBuf,
    /// What one build of a workspace keeps for the next (only the builder thread takes it).
    memos: Mutex<Memos>,
}

/// What a rebuild of a workspace reuses: the members' own checks that no save touched, and
/// what their pages were drawn with.
#[derive(Default)]
struct Memos {
    check: crate::workspace::Memo,
    renders: crate::pipeline::Renders,
}

impl Shared {
    fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Builds the site in memory and serves it until the process is stopped.
pub fn serve(opts: ServeOptions) -> Result<(), Diagnostic> {
    let color = opts.color;
    // Diagnostics name files as the user wrote the site's path; the watcher needs it absolute.
    let site = opts.site.clone();
    let watched = match site.canonicalize() {
        Ok(p) if p.join("stratsite.toml").is_file() => p,
        _ => {
            return Err(Diagnostic::error(format!(
                    "`{}` is not a site folder: it has no stratsite.toml",
                    opts.site.display()
                ))
                .help("pass the folder that holds stratsite.toml, e.g. `stratsite serve --watch example-site`"));
        }
    };
    let listener = bind(opts.bind, opts.port)?;
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            return Err(Diagnostic::error(format!(
                "cannot read the server's address: {e}"
            )));
        }
    };
    if opts.port != 0 && addr.port() != opts.port {
        eprintln!(
            "port {} is in use; using {} instead",
            opts.port,
            addr.port()
        );
    }
    let (builds, _) = tokio::sync::watch::channel(String::new());
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot {
            site: None,
            prefix: "/".into(),
            problems: None,
            id: String::new(),
        })),
        builds,
        live: opts.watch,
        hosts: local_hosts(addr),
        today: Arc::clone(&opts.today),
        base_url: opts.base_url.clone(),
        watched: watched.clone(),
        memos: Mutex::default(),
    });
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let mut counter = 0u64;
    let next_id = move || {
        counter += 1;
        format!("{started:x}-{counter}")
    };
    // The watcher starts before the first build, so that no save is missed while it runs; the
    // builder thread makes that build, and the address waits for it (it needs the base path).
    let _watcher = if opts.watch {
        let (first_tx, first_rx) = mpsc::channel();
        let w = watch(
            &site,
            &watched,
            Arc::clone(&shared),
            next_id,
            first_tx,
            color,
        )?;
        let _ = first_rx.recv();
        Some(w)
    } else {
        let mut next_id = next_id;
        rebuild(&site, &shared, next_id(), color, &[]);
        None
    };

    let url = {
        let host = match addr.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        };
        format!("http://{host}:{}{}", addr.port(), shared.current().prefix)
    };
    // The address goes to stdout, alone on its line, for scripts; the rest to stderr.
    println!("{url}");
    eprintln!(
        "serving `{}` at {url}{}; press Ctrl-C to stop",
        opts.site.display(),
        if opts.watch {
            ", rebuilding on every save"
        } else {
            ""
        }
    );
    if opts.open
        && let Err(e) = opener::open(&url)
    {
        eprintln!("could not open a browser: {e}");
    }

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            return Err(Diagnostic::error(format!("cannot start the server: {e}")));
        }
    };
    let app = axum::Router::new()
        .fallback(handle)
        .with_state(Arc::clone(&shared));
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        conn::serve(listener, app).await
    });
    result.map_err(|e| Diagnostic::error(format!("the server stopped: {e}")))
}

/// Binds the first free port from `port` on (or any free port for 0).
fn bind(ip: IpAddr, port: u16) -> Result<std::net::TcpListener, Diagnostic> {
    let candidates: Vec<u16> = if port == 0 {
        vec![0]
    } else {
        (port..=port.saturating_add(20)).collect()
    };
    let mut last = None;
    for p in candidates {
        match std::net::TcpListener::bind((ip, p)) {
            Ok(l) => {
                l.set_nonblocking(true).map_err(|e| {
                    Diagnostic::error(format!("cannot set up the server socket: {e}"))
                })?;
                return Ok(l);
            }
            Err(e) => last = Some(e),
        }
    }
    let e = last.map_or_else(String::new, |e| e.to_string());
    Err(Diagnostic::error(format!(
        "cannot listen on {ip} port {port} or the 20 after it: {e}"
    ))
    .help("choose another port with `--port`, or `--port 0` for any free one"))
}

/// One build in memory: the files read, every problem, and the site when it built.
struct Attempt {
    files: crate::source::SourceMap,
    diagnostics: Vec<Diagnostic>,
    built: Option<(Files, usize)>,
    /// The base URL's path, when the site settings could be read.
    prefix: Option<String>,
    /// For a workspace that built: how many members were drawn again whole, how many only in
    /// some objectives' pages, of how many.
    drawn: Option<(usize, usize, usize)>,
}

/// `earlier` is the last site that built, whose costly files the build may reuse; for a
/// workspace, `changed` (the files saved since) says which members to read and draw again.
fn attempt(
    site: &Path,
    shared: &Shared,
    earlier: Option<Arc<Files>>,
    memos: &mut Memos,
    changed: &[PathBuf],
) -> Attempt {
    let today = &shared.today;
    let base_url = shared.base_url.clone();
    let dates = match today() {
        Ok(d) => d,
        Err(d) => {
            return Attempt {
                files: Default::default(),
                diagnostics: vec![d],
                built: None,
                prefix: None,
                drawn: None,
            };
        }
    };
    let sink = MemorySite::after(earlier);
    // The history is read once: edits do not change it, only commits do, and those show after a
    // restart. The server serves one site per process.
    static HISTORY: std::sync::OnceLock<Option<std::sync::Arc<crate::history::site::SiteHistory>>> =
        std::sync::OnceLock::new();
    let history = HISTORY
        .get_or_init(|| {
            crate::history::site::site_history(site)
                .ok()
                .map(std::sync::Arc::new)
        })
        .clone();
    let options = Options {
        dates,
        base_url,
        history,
        workspace: None,
    };
    if crate::workspace::is_root(site) {
        // Each save reads again the members whose files it changed, and draws again the
        // members whose pages can have changed (their own, or what they show of the others).
        memos.check.forget(&shared.watched, changed);
        let mut ws = crate::workspace::check_with(site, dates, None, Some(&mut memos.check));
        let stats = crate::pipeline::build_workspace_with(
            &mut ws,
            &options,
            false,
            &sink,
            Some(&mut memos.renders),
        );
        let written = options.base_url.clone().or_else(|| {
            ws.config
                .as_ref()
                .and_then(|c| c.base_url.as_ref())
                .map(|u| u.get_ref().clone())
        });
        let path = crate::site::BaseUrl::new(written.as_deref().unwrap_or("/")).path();
        let prefix = percent_encoding::percent_decode_str(&path)
            .decode_utf8_lossy()
            .into_owned();
        let (files, diagnostics, _) = ws.report();
        memos.check.keep(&mut ws);
        let output = sink.into_shared();
        return Attempt {
            files,
            diagnostics,
            drawn: stats.map(|_| memos.renders.drawn()),
            built: stats.map(|s| (output, s.pages)),
            prefix: Some(prefix),
        };
    }
    let built = build_site(site, &options, false, &sink);
    let prefix = built.checked.strategy.as_ref().map(|s| {
        let path = crate::site::base_url(s, &options).path();
        percent_encoding::percent_decode_str(&path)
            .decode_utf8_lossy()
            .into_owned()
    });
    let output = sink.into_shared();
    Attempt {
        files: built.checked.files,
        diagnostics: built.checked.diagnostics,
        built: built.stats.map(|s| (output, s.pages)),
        prefix,
        drawn: None,
    }
}

/// Builds the site and swaps the result in; only then tells the open tabs. `changed` names the
/// files saved since the last build (none for the first).
fn rebuild(site: &Path, shared: &Shared, id: String, color: ColorChoice, changed: &[PathBuf]) {
    let started = Instant::now();
    let earlier = shared.current().site.clone();
    let mut memos = shared.memos.lock().unwrap_or_else(|e| e.into_inner());
    // A bug that panics in one build must not end rebuilding for the rest of the session.
    let Attempt {
        files: checked_files,
        diagnostics: diags,
        built,
        prefix,
        drawn,
    } = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        attempt(site, shared, earlier, &mut memos, changed)
    }))
    .unwrap_or_else(|_| {
        // What the build kept may be half made: the next one starts afresh.
        *memos = Memos::default();
        Attempt {
            files: Default::default(),
            diagnostics: vec![
                Diagnostic::error("stratsite crashed while building the site")
                    .help("this is a bug in stratsite: please report it with the files that trigger it; saving again retries"),
            ],
            built: None,
            prefix: None,
            drawn: None,
        }
    });
    drop(memos);
    diagnostics::emit(&checked_files, &diags, color);
    let previous = shared.current();
    let snapshot = if let Some((output, pages)) = built {
        // A workspace says how much of it a save drew again: "3 of 50 members".
        let members = drawn
            .map(|(n, part, of)| match part {
                0 => format!(" ({n} of {of} members drawn again)"),
                _ => format!(
                    " ({n} of {of} members drawn again, {part} more only in their objectives' pages)"
                ),
            })
            .unwrap_or_default();
        say(format_args!(
            "built in {} ms: {pages} pages{members}",
            started.elapsed().as_millis()
        ));
        Snapshot {
            site: Some(Arc::new(output)),
            prefix: prefix.unwrap_or_else(|| "/".into()),
            problems: None,
            id,
        }
    } else {
        let (errors, _) = diagnostics::count(&diags);
        say(format_args!(
            "the build failed with {}; still serving the last good build",
            if errors == 1 {
                "1 error".to_owned()
            } else {
                format!("{errors} errors")
            }
        ));
        Snapshot {
            site: previous.site.clone(),
            prefix: if previous.site.is_some() {
                previous.prefix.clone()
            } else {
                prefix.unwrap_or_else(|| previous.prefix.clone())
            },
            problems: Some(Problems {
                text: diagnostics::render_plain(&checked_files, &diags),
                errors,
            }),
            id,
        }
    };
    let id = snapshot.id.clone();
    *shared.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    shared.builds.send_replace(id);
}

/// Watches the site folder and rebuilds after each burst of changes, one build at a time.
fn watch(
    site: &Path,
    watched: &Path,
    shared: Arc<Shared>,
    mut next_id: impl FnMut() -> String + Send + 'static,
    first_built: mpsc::Sender<()>,
    color: ColorChoice,
) -> Result<Debouncer<RecommendedWatcher, RecommendedCache>, Diagnostic> {
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let root = site.to_path_buf();
    let filter_root = watched.to_path_buf();
    // The debouncer wakes once per interval while it runs: at DEBOUNCE, not a quarter of it.
    let mut debouncer = new_debouncer_opt::<_, RecommendedWatcher, _>(
        DEBOUNCE,
        Some(DEBOUNCE),
        move |res: DebounceEventResult| match res {
            Ok(events) => {
                // Reading a file is an event too (the build's own reads among them): not a change.
                let changed: Vec<PathBuf> = events
                    .iter()
                    .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                    .flat_map(|e| e.paths.iter())
                    .filter(|p| is_source(&filter_root, p))
                    .cloned()
                    .collect();
                if !changed.is_empty() {
                    let _ = tx.send(changed);
                }
            }
            Err(errors) => {
                for e in errors {
                    say(format_args!("watching for changes failed: {e}"));
                }
            }
        },
        RecommendedCache::new(),
        // Links are not followed: one to `/`, or out of the site, would have the whole
        // file system watched. Their targets inside the site are watched where they are.
        notify_debouncer_full::notify::Config::default().with_follow_symlinks(false),
    )
    .map_err(|e| Diagnostic::error(format!("cannot watch for changes: {e}")))?;
    debouncer
        .watch(watched, RecursiveMode::Recursive)
        .map_err(|e| {
            let d = Diagnostic::error(format!("cannot watch `{}`: {e}", site.display()));
            // Only when the system's limit is the cause does raising it help.
            match e.kind {
                notify_debouncer_full::notify::ErrorKind::MaxFilesWatch => d.help(
                    "on Linux, raise the limit with `sysctl fs.inotify.max_user_watches=524288`",
                ),
                _ => d,
            }
        })?;
    // `rebuild` survives a build that panics and a terminal that went away, so this thread
    // keeps rebuilding for the whole session.
    std::thread::spawn(move || {
        rebuild(&root, &shared, next_id(), color, &[]);
        let _ = first_built.send(());
        let mut last_build = Instant::now();
        while let Ok(mut changed) = rx.recv() {
            // A save after a quiet spell builds at once. In a burst of saves, wait for a pause
            // (but not for ever), so that the burst makes few builds. Changes that arrived
            // while the last build ran are covered by this one either way.
            let first = Instant::now();
            if last_build.elapsed() < BURST {
                loop {
                    match rx.recv_timeout(SETTLE) {
                        Ok(more) => {
                            changed.extend(more);
                            if first.elapsed() >= MAX_WAIT {
                                break;
                            }
                        }
                        Err(mpsc::RecvTimeoutError::Timeout) => break,
                        Err(mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
            } else {
                while let Ok(more) = rx.try_recv() {
                    changed.extend(more);
                }
            }
            changed.sort();
            changed.dedup();
            rebuild(&root, &shared, next_id(), color, &changed);
            last_build = Instant::now();
        }
    });
    Ok(debouncer)
}

/// Writes a line to the terminal; a terminal that went away is no reason to stop serving.
fn say(line: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// True for a change that can alter the site. Not: the output folder `public/`, hidden folders
/// at the top of the site (`.git`, `.github`), or editors' swap, backup and temporary files,
/// which a build never reads either ([`crate::render::assets::is_editor_junk`]). Files inside hidden
/// folders deeper down, such as `static/.well-known/`, are published, so they count.
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let Some(top) = rel.components().next() else {
        return false;
    };
    let top = top.as_os_str();
    let hidden_top = top.to_str().is_none_or(|t| t.starts_with('.'));
    if top == "public" || (hidden_top && rel.components().count() > 1) {
        return false;
    }
    // A folder moved in counts even with a hidden name (`static/.well-known`): its files are.
    rel.file_name()
        .is_some_and(|name| !crate::render::assets::is_editor_junk(name) || path.is_dir())
}

/// The names this server answers to: `localhost` and the address it listens on (for a server
/// on all addresses, any IP address and this machine's name), on its port. A request naming
/// any other host is refused: that is how a web page would read the drafts through DNS
/// rebinding.
struct Hosts {
    port: u16,
    names: Vec<String>,
    any_ip: bool,
}

fn local_hosts(addr: SocketAddr) -> Hosts {
    let ip = addr.ip().to_canonical();
    let mut names = vec!["localhost".to_owned()];
    let any_ip = ip.is_unspecified();
    if any_ip {
        if let Ok(name) = std::fs::read_to_string("/etc/hostname") {
            let name = name.trim().to_ascii_lowercase();
            if !name.is_empty() {
                names.push(format!("{name}.local"));
                names.push(name);
            }
        }
    } else {
        names.push(match ip {
            IpAddr::V6(v6) => format!("[{v6}]"),
            IpAddr::V4(v4) => v4.to_string(),
        });
        if ip.is_loopback() {
            names.extend(["127.0.0.1".to_owned(), "[::1]".to_owned()]);
        }
    }
    Hosts {
        port: addr.port(),
        names,
        any_ip,
    }
}

impl Hosts {
    /// Whether `authority` (`host` or `host:port`, as in a `Host` header) names this server.
    fn allow(&self, authority: &str) -> bool {
        let authority = authority.trim().to_ascii_lowercase();
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p))
                if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !h.ends_with(':') =>
            {
                (h.to_owned(), p.parse::<u16>().ok())
            }
            _ => (authority.clone(), Some(80)),
        };
        if port != Some(self.port) {
            return false;
        }
        self.names.contains(&host)
            || (self.any_ip
                && host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<IpAddr>()
                    .is_ok())
    }
}

/// Answers every request: the live-reload connection, or a file of the built site.
async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    if !host_allowed(&shared, &parts.headers, &parts.uri) {
        return respond(
            StatusCode::FORBIDDEN,
            "text/plain",
            b"this server answers only to the address it printed, or localhost\n".to_vec(),
            false,
        );
    }
    let method = parts.method.clone();
    if parts.uri.path() == LIVE_PATH && shared.live {
        return match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
            Ok(upgrade) => upgrade
                .on_upgrade(move |socket| follow_builds(socket, shared))
                .into_response(),
            Err(rejection) => rejection.into_response(),
        };
    }
    if method != Method::GET && method != Method::HEAD {
        return Response::builder()
            .status(StatusCode::METHOD_NOT_ALLOWED)
            .header(header::ALLOW, "GET, HEAD")
            .body(Body::from("only GET and HEAD are supported\n"))
            .unwrap_or_default();
    }
    let snapshot = shared.current();
    // A request in absolute form (`GET http://host/path`) is meant for a proxy, not for us.
    let absolute_form = parts.uri.scheme().is_some() || parts.uri.authority().is_some();
    let reply = lookup(&snapshot, parts.uri.path(), absolute_form);
    let head = method == Method::HEAD;
    match reply {
        Reply::Redirect(to) => Response::builder()
            .status(StatusCode::FOUND)
            .header(header::LOCATION, to)
            .body(Body::empty())
            .unwrap_or_default(),
        Reply::File { status, rel, bytes } => {
            let mime = mime_guess::from_path(&rel).first_or_octet_stream();
            let bytes = if mime.essence_str() == "text/html" && shared.live {
                page(&snapshot, bytes)
            } else {
                bytes.to_vec()
            };
            respond(status, mime.essence_str(), bytes, head)
        }
        Reply::Missing => respond(
            StatusCode::NOT_FOUND,
            "text/plain",
            b"not found\n".to_vec(),
            head,
        ),
        Reply::Broken => respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/html",
            broken_page(&snapshot, shared.live).into_bytes(),
            head,
        ),
    }
}

/// Whether the request names this server (see [`Hosts`]). A request without a `Host` cannot
/// come from a browser tricked by DNS rebinding, which always sends one. The live-reload
/// connection must also come from a page of this server (its `Origin`).
fn host_allowed(shared: &Shared, headers: &HeaderMap, uri: &Uri) -> bool {
    let named = uri.authority().map(|a| a.as_str().to_owned()).or_else(|| {
        headers
            .get(header::HOST)
            .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
    });
    if named.is_some_and(|host| !shared.hosts.allow(&host)) {
        return false;
    }
    if uri.path() == LIVE_PATH
        && let Some(origin) = headers.get(header::ORIGIN)
    {
        let origin = String::from_utf8_lossy(origin.as_bytes());
        return origin
            .strip_prefix("http://")
            .is_some_and(|authority| shared.hosts.allow(authority));
    }
    true
}

fn respond(status: StatusCode, mime: &str, bytes: Vec<u8>, head: bool) -> Response {
    let content_type = if mime.starts_with("text/")
        || mime == "application/json"
        || mime == "application/xml"
        || mime == "image/svg+xml"
    {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_owned()
    };
    let len = bytes.len();
    let mut r = Response::new(if head {
        Body::empty()
    } else {
        Body::from(bytes)
    });
    *r.status_mut() = status;
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    r
}

enum Reply<'a> {
    File {
        status: StatusCode,
        rel: String,
        bytes: &'a [u8],
    },
    Redirect(String),
    Missing,
    Broken,
}

/// Maps a request path to a file of the built site. Anything that is not plainly a path inside
/// the site (`..`, `.`, encoded slashes or backslashes, NUL, invalid UTF-8, a request in
/// absolute form, which is meant for a proxy) is missing.
fn lookup<'a>(snapshot: &'a Snapshot, raw: &str, absolute_form: bool) -> Reply<'a> {
    let Some(site) = &snapshot.site else {
        return Reply::Broken;
    };
    let missing = || match site.get("404.html") {
        Some(bytes) => Reply::File {
            status: StatusCode::NOT_FOUND,
            rel: "404.html".into(),
            bytes,
        },
        None => Reply::Missing,
    };
    let lower = raw.to_ascii_lowercase();
    if absolute_form
        || !raw.starts_with('/')
        || raw.contains('\\')
        || lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%00")
    {
        return missing();
    }
    let Ok(path) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return missing();
    };
    if path
        .split('/')
        .any(|seg| seg == ".." || seg == "." || seg.contains('\0'))
    {
        return missing();
    }
    let Some(rel) = path.strip_prefix(snapshot.prefix.as_str()) else {
        // The site lives under its base path, as on GitHub Pages; `/` leads there.
        if format!("{path}/") == snapshot.prefix || path == "/" {
            let to: String =
                percent_encoding::utf8_percent_encode(&snapshot.prefix, PATH_ENCODE).collect();
            return Reply::Redirect(to);
        }
        return missing();
    };
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_owned()
    };
    match site.get(&rel) {
        Some(bytes) => Reply::File {
            status: StatusCode::OK,
            rel,
            bytes,
        },
        None if site.contains_key(&format!("{rel}/index.html")) => {
            Reply::Redirect(format!("{raw}/"))
        }
        None => missing(),
    }
}

/// The live-reload client: follows the builds over a WebSocket and reloads when the build it
/// shows is no longer the newest, keeping the scroll position; reconnects with backoff when
/// the server goes away, and reloads if it comes back with a newer build.
fn reload_script(build: &str) -> String {
    format!(
        r#"<script id="stratsite-live">(() => {{
  const build = "{build}";
  const key = "stratsite-scroll:" + location.pathname;
  const y = sessionStorage.getItem(key);
  if (y !== null) {{
    sessionStorage.removeItem(key);
    addEventListener("load", () => scrollTo(0, Number(y)));
  }}
  let delay = 250;
  function connect() {{
    const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "{LIVE_PATH}");
    socket.onmessage = (e) => {{
      delay = 250;
      if (e.data && e.data !== build) {{
        socket.onclose = null;
        socket.close();
        sessionStorage.setItem(key, String(scrollY));
        location.reload();
      }}
    }};
    socket.onclose = () => {{
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    }};
  }}
  connect();
}})();</script>"#
    )
}

/// The overlay that lists the latest build's problems over the last good page.
fn overlay(problems: &Problems, has_site: bool) -> String {
    let next = if has_site {
        "Fix the source and save: this page updates by itself. Below it is the last build that worked."
    } else {
        "Fix the source and save: this page turns into the site by itself."
    };
    // Over the last good page, a glimpse of it shows through; with none, nothing should.
    let alpha = if has_site { ".96" } else { "1" };
    let title = match problems.errors {
        1 => "The site has 1 error".to_owned(),
        n => format!("The site has {n} errors"),
    };
    format!(
        r#"<div id="stratsite-overlay" role="alertdialog" aria-modal="true" aria-labelledby="stratsite-overlay-title" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;background:rgba(24,24,27,{alpha});color:#fafafa;font:15px/1.5 system-ui,sans-serif">
<h2 id="stratsite-overlay-title" style="margin:0 0 .5rem;font-size:1.25rem;color:#fca5a5">{title}</h2>
<p style="margin:0 0 1rem">{next}</p>
<pre style="white-space:pre;overflow-x:auto;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;background:#09090b;color:#fafafa;padding:1rem;border-radius:6px">{}</pre>
<button type="button" onclick="this.parentNode.remove()" style="font:inherit;padding:.4rem .9rem">Hide until the next save</button>
</div>"#,
        crate::util::text::escape(&problems.text)
    )
}

/// A page of the site with the reload client and, while the source is broken, the overlay.
fn page(snapshot: &Snapshot, html: &[u8]) -> Vec<u8> {
    let mut extra = String::new();
    if let Some(p) = &snapshot.problems {
        extra.push_str(&overlay(p, true));
    }
    extra.push_str(&reload_script(&snapshot.id));
    let html = String::from_utf8_lossy(html);
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..at]);
    out.push_str(&extra);
    out.push_str(&html[at..]);
    out.into_bytes()
}

/// What every path shows while no build has worked yet.
fn broken_page(snapshot: &Snapshot, live: bool) -> String {
    let body = snapshot
        .problems
        .as_ref()
        .map(|p| overlay(p, false))
        .unwrap_or_default();
    let script = if live {
        reload_script(&snapshot.id)
    } else {
        String::new()
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>The site does not build yet</title></head><body>\n<main><h1>The site does not build yet</h1></main>\n{body}{script}</body></html>\n"
    )
}

/// Sends the current build id at once, then each new one, until the page goes away.
async fn follow_builds(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut builds = shared.builds.subscribe();
    loop {
        let id = builds.borrow_and_update().clone();
        if socket.send(Message::Text(id.into())).await.is_err() {
            return;
        }
        loop {
            tokio::select! {
                changed = builds.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    break;
                }
                message = socket.recv() => match message {
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                    Some(Ok(_)) => {}
                },
            }
        }
    }
}

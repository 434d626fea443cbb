//! Accepting connections so that bad clients cannot take the server from good ones: a request's
//! headers must arrive within [`HEADER_TIMEOUT`], a connection with no request in flight is
//! closed after [`IDLE_TIMEOUT`], and at most [`max_connections`] are open at once. When that
//! many are open, a new connection takes the place of the one that has waited longest without
//! sending a whole request (a client trickling its headers), or else the oldest idle one.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// The longest a client may take to send a request's headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may stay open with no request in flight and nothing sent.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The most connections open at once: 512, or fewer when the process may open fewer files
/// (it keeps a quarter of its descriptors, and at least 32, for reading the site and the
/// watcher).
pub fn max_connections() -> usize {
    let files = open_files_limit().unwrap_or(1024);
    let spare = (files / 4).max(32);
    files.saturating_sub(spare).clamp(8, 512)
}

#[cfg(unix)]
fn open_files_limit() -> Option<usize> {
    let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile);
    limit.current.map(|c| c.min(1 << 20) as usize)
}

#[cfg(not(unix))]
fn open_files_limit() -> Option<usize> {
    None
}

/// One open connection, as the accept loop sees it.
struct Tracked {
    id: u64,
    opened: Instant,
    /// Milliseconds since `opened` at the last byte read or written.
    last_activity: Arc<AtomicU64>,
    /// Requests whose headers arrived.
    requests: Arc<AtomicUsize>,
    /// Requests being answered.
    in_flight: Arc<AtomicUsize>,
    close: Arc<Notify>,
}

type Open = Arc<Mutex<Vec<Tracked>>>;

fn lock(open: &Open) -> std::sync::MutexGuard<'_, Vec<Tracked>> {
    open.lock().unwrap_or_else(|e| e.into_inner())
}

/// Serves `app` on `listener` until the process stops.
pub async fn serve(listener: TcpListener, app: axum::Router) -> std::io::Result<()> {
    let limit = max_connections();
    let open: Open = Arc::new(Mutex::new(Vec::new()));
    let mut next_id = 0u64;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of descriptors, or a connection reset before it was accepted: make room and
            // carry on rather than stop serving.
            Err(_) => {
                evict(&open);
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        if lock(&open).len() >= limit {
            evict(&open);
        }
        next_id += 1;
        let tracked = Tracked {
            id: next_id,
            opened: Instant::now(),
            last_activity: Arc::new(AtomicU64::new(0)),
            requests: Arc::new(AtomicUsize::new(0)),
            in_flight: Arc::new(AtomicUsize::new(0)),
            close: Arc::new(Notify::new()),
        };
        let io = ActivityIo {
            inner: stream,
            opened: tracked.opened,
            last_activity: Arc::clone(&tracked.last_activity),
        };
        let (requests, in_flight, close, last) = (
            Arc::clone(&tracked.requests),
            Arc::clone(&tracked.in_flight),
            Arc::clone(&tracked.close),
            Arc::clone(&tracked.last_activity),
        );
        let (id, opened) = (tracked.id, tracked.opened);
        lock(&open).push(tracked);
        let app = app.clone();
        let open = Arc::clone(&open);
        tokio::spawn(async move {
            let counted = Arc::clone(&in_flight);
            let app = hyper_util::service::TowerToHyperService::new(app);
            let service = hyper::service::service_fn(move |req| {
                requests.fetch_add(1, Ordering::Relaxed);
                counted.fetch_add(1, Ordering::Relaxed);
                let counted = Arc::clone(&counted);
                let answer = hyper::service::Service::call(&app, req);
                async move {
                    let response = answer.await;
                    counted.fetch_sub(1, Ordering::Relaxed);
                    response
                }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(io), service)
                .with_upgrades();
            let idle = async {
                loop {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    let quiet = opened
                        .elapsed()
                        .saturating_sub(Duration::from_millis(last.load(Ordering::Relaxed)));
                    if in_flight.load(Ordering::Relaxed) == 0 && quiet > IDLE_TIMEOUT {
                        return;
                    }
                }
            };
            tokio::select! {
                _ = conn => {}
                _ = idle => {}
                _ = close.notified() => {}
            }
            lock(&open).retain(|t| t.id != id);
        });
    }
}

/// Closes one connection to make room: the one that has waited longest for its first request's
/// headers, else the one idle the longest.
fn evict(open: &Open) {
    let mut open = lock(open);
    let waiting = open
        .iter()
        .enumerate()
        .filter(|(_, t)| t.requests.load(Ordering::Relaxed) == 0)
        .min_by_key(|(_, t)| t.opened)
        .map(|(i, _)| i);
    let idle = || {
        open.iter()
            .enumerate()
            .filter(|(_, t)| t.in_flight.load(Ordering::Relaxed) == 0)
            .min_by_key(|(_, t)| t.last_activity.load(Ordering::Relaxed) + millis(t.opened))
            .map(|(i, _)| i)
    };
    if let Some(i) = waiting.or_else(idle) {
        open.swap_remove(i).close.notify_one();
    }
}

/// Milliseconds from an arbitrary fixed point to `at`, to compare activity across connections.
fn millis(at: Instant) -> u64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    at.saturating_duration_since(start).as_millis() as u64
}

/// A socket that notes when it last read or wrote anything.
struct ActivityIo {
    inner: TcpStream,
    opened: Instant,
    last_activity: Arc<AtomicU64>,
}

impl ActivityIo {
    fn touch(&self) {
        self.last_activity
            .store(self.opened.elapsed().as_millis() as u64, Ordering::Relaxed);
    }
}

impl AsyncRead for ActivityIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.touch();
        }
        polled
    }
}

impl AsyncWrite for ActivityIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

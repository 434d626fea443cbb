//! Helpers shared by the integration tests: reading built sites and pages, and a running
//! `stratsite serve`. Running the binary is `site_test`'s job.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::site_test;

/// Builds `site` into `out` as of a fixed date, on that date (`SOURCE_DATE_EPOCH`, as a running
/// [`Server`] has it); panics with the output if it fails.
pub fn build(site: &Path, out: &Path) {
    build_with(site, out, &[]);
}

/// Like [`build`], with more arguments.
pub fn build_with(site: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "build",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-21",
    ];
    args.extend_from_slice(extra);
    site_test::run(
        site_test::command()
            .args(&args)
            .env("SOURCE_DATE_EPOCH", site_test::AS_OF_EPOCH),
    )
    .success();
}

/// Every file under `dir`, relative path -> bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A temporary copy of a site folder: (the temporary folder, the site inside it).
pub fn site_copy(from: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(Path::new(from), &site);
    (tmp, site)
}

/// Copies a folder recursively (to make broken variants of a fixture).
pub fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in read_tree(from) {
        if rel.starts_with("public/") {
            continue;
        }
        let p: PathBuf = to.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

/// The values of an attribute (`href`, `src`, `id`) in generated HTML, which always quotes
/// attributes with `"`.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

/// Resolves a relative URL against the page it appears on: `("commitments/a.html",
/// "../themes/b.html#x")` -> `("themes/b.html", Some("x"))`.
pub fn resolve(page: &str, href: &str) -> (String, Option<String>) {
    let (path, frag) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (href, None),
    };
    if path.is_empty() {
        return (page.to_owned(), frag);
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    (parts.join("/"), frag)
}

/// A running `stratsite serve --watch` on an ephemeral port, stopped when dropped.
pub struct Server {
    child: std::process::Child,
    /// The site's address, e.g. `http://127.0.0.1:40123/checkout-strategy/`.
    pub url: String,
    /// `127.0.0.1:40123`.
    pub addr: String,
    /// Everything the server printed to stderr, read in the background.
    pub stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    /// Starts serving `site` with `--watch`; returns once it prints its address.
    pub fn start(site: &Path) -> Server {
        Server::start_with(site, &["--watch", "--port", "0"])
    }

    /// Like [`Server::start`], asking for `port`.
    pub fn start_on(site: &Path, port: u16) -> Server {
        Server::start_with(site, &["--watch", "--port", &port.to_string()])
    }

    /// Starts `stratsite serve SITE` with these options.
    pub fn start_with(site: &Path, options: &[&str]) -> Server {
        use std::io::{BufRead, BufReader, Read};
        // serve has no --as-of: its "today" comes from SOURCE_DATE_EPOCH (2026-11-21).
        let mut child = site_test::command()
            .arg("serve")
            .args(options)
            .arg(site)
            .env("SOURCE_DATE_EPOCH", site_test::AS_OF_EPOCH)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start stratsite serve");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "serve printed {url:?}; stderr: {}",
            stderr.lock().unwrap()
        );
        let addr = url["http://".len()..].split('/').next().unwrap().to_owned();
        Server {
            child,
            url,
            addr,
            stderr,
        }
    }

    /// GETs a path relative to the site's address: (status, body).
    /// Waits until what the server printed to stderr satisfies `ok` (its messages follow the
    /// reload event by a moment); returns it.
    pub fn wait_for_stderr(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let now = self.stderr.lock().unwrap().clone();
            if ok(&now) {
                return now;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "stderr never showed {what}: {now}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn get(&self, rel: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        let mut r = agent
            .get(&format!("{}{rel}", self.url))
            .call()
            .expect("the server answers");
        let status = r.status().as_u16();
        (status, r.body_mut().read_to_string().unwrap_or_default())
    }

    /// Polls `rel` until its body satisfies `ok`, for up to 10 seconds; returns the body.
    pub fn wait_for(&self, rel: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = std::time::Instant::now();
        loop {
            let (_, body) = self.get(rel);
            if ok(&body) {
                return body;
            }
            assert!(
                start.elapsed() < std::time::Duration::from_secs(10),
                "waited 10 s for {what} at {rel}; server said:\n{}",
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Sends `request` as written (for requests an HTTP client would tidy up) and returns the
    /// status code and the whole response.
    pub fn raw(&self, request: &str) -> (u16, String) {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, text)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Follows the server's live-reload WebSocket, as an open page does, collecting build ids.
pub struct Events {
    pub ids: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Events {
    pub fn connect(addr: &str) -> Events {
        let (mut socket, _) = tungstenite::connect(format!("ws://{addr}/__stratsite/live"))
            .expect("the live-reload socket opens");
        let ids = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = ids.clone();
        std::thread::spawn(move || {
            while let Ok(message) = socket.read() {
                if let tungstenite::Message::Text(id) = message {
                    sink.lock().unwrap().push(id.to_string());
                }
            }
        });
        let events = Events { ids };
        events.wait_until("the current build id", |ids| !ids.is_empty());
        events
    }

    /// Waits up to 10 seconds for the ids seen so far to satisfy `ok`.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&[String]) -> bool) {
        let start = std::time::Instant::now();
        while !ok(&self.ids.lock().unwrap()) {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(10),
                "waited 10 s for {what}; events: {:?}",
                self.ids.lock().unwrap()
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    pub fn latest(&self) -> String {
        self.ids.lock().unwrap().last().cloned().unwrap_or_default()
    }
}

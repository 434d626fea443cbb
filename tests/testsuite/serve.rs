//! `stratsite serve --watch` end to end: the real binary on an ephemeral port, edited, broken,
//! fixed, probed for escapes and put under load.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{Events, Server, build, site_copy};

const COMMITMENTS: &str = "strategy/commitments.toml";
/// A sentence of the example's first commitment's why.
const WHY: &str = "We argued about speed from lab numbers on fast phones.";

/// The id of the build the server shows, once it has stayed the same for half a second.
fn settled_build(server: &Server) -> String {
    let id_of = |page: &str| {
        page.split("const build = \"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_default()
            .to_owned()
    };
    let start = Instant::now();
    let mut id = id_of(&server.get("index.html").1);
    let mut since = Instant::now();
    while since.elapsed() < Duration::from_millis(500) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "builds never settled"
        );
        std::thread::sleep(Duration::from_millis(50));
        let now = id_of(&server.get("index.html").1);
        if now != id {
            id = now;
            since = Instant::now();
        }
    }
    id
}

fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} holds {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The served page with the live-reload client (and any overlay) taken out again.
fn without_injection(html: &str) -> String {
    let start = html
        .find("<div id=\"stratsite-overlay\"")
        .or_else(|| html.find("<script id=\"stratsite-live\">"))
        .expect("the server injects its client");
    let end = html.rfind("</script>").unwrap() + "</script>".len();
    format!("{}{}", &html[..start], &html[end..])
}

#[test]
fn serves_the_same_bytes_as_build_plus_the_reload_client() {
    let (tmp, site) = site_copy("example-site");
    let out = tmp.path().join("public");
    build(&site, &out);
    let server = Server::start(&site);
    assert!(
        server.url.ends_with("/checkout-strategy/"),
        "{}",
        server.url
    );
    for rel in [
        "index.html",
        "commitments/real-user-monitoring.html",
        "non-goals.html",
    ] {
        let (status, body) = server.get(rel);
        assert_eq!(status, 200, "{rel}");
        assert!(body.contains("<script id=\"stratsite-live\">"), "{rel}");
        assert_eq!(
            without_injection(&body),
            std::fs::read_to_string(out.join(rel)).unwrap(),
            "{rel} differs from the built page"
        );
    }
    let (status, css) = server.get("assets/style.css");
    assert_eq!(status, 200);
    assert_eq!(
        css,
        std::fs::read_to_string(out.join("assets/style.css")).unwrap()
    );
    assert!(
        !site.join("public").exists(),
        "serve writes no output folder"
    );
}

#[test]
fn an_edit_arrives_with_a_reload_event_and_a_broken_source_shows_an_overlay() {
    let (_tmp, site) = site_copy("example-site");
    let server = Server::start(&site);
    let events = Events::connect(&server.addr);
    let first = events.latest();
    let page = "commitments/real-user-monitoring.html";
    assert!(server.get(page).1.contains(WHY));

    // Edit prose: the new text arrives and every open tab hears of the new build.
    edit(
        &site,
        COMMITMENTS,
        WHY,
        "Lab numbers on fast phones misled us.",
    );
    server.wait_for(page, "the edited why", |b| {
        b.contains("Lab numbers on fast phones misled us.")
    });
    events.wait_until("a new build id", |ids| ids.last() != Some(&first));
    let edited = events.latest();
    assert!(
        server
            .get(page)
            .1
            .contains(&format!("const build = \"{edited}\""))
    );

    // Break the TOML: the last good page stays, under an overlay with the diagnostic.
    edit(
        &site,
        COMMITMENTS,
        "owner = \"Tomasz Nowak\"",
        "ownr = \"Tomasz Nowak\"",
    );
    let broken = server.wait_for(page, "the overlay", |b| b.contains("stratsite-overlay"));
    assert!(broken.contains("The site has 1 error"), "{broken}");
    assert!(broken.contains("the last build that worked"), "{broken}");
    assert!(broken.contains("unknown key `ownr`"), "{broken}");
    assert!(
        broken.contains("strategy/commitments.toml:"),
        "file:line:col"
    );
    assert!(broken.contains("did you mean `owner`?"));
    assert!(
        broken.contains("Lab numbers on fast phones misled us."),
        "the last good content stays"
    );
    events.wait_until("the broken build's id", |ids| ids.last() != Some(&edited));
    let stderr = server.wait_for_stderr("the broken build's report", |e| {
        e.contains("still serving the last good build")
    });
    assert!(stderr.contains("unknown key `ownr`"), "{stderr}");
    assert!(
        stderr.contains("still serving the last good build"),
        "{stderr}"
    );

    // Fix it: the overlay goes away by itself.
    edit(
        &site,
        COMMITMENTS,
        "ownr = \"Tomasz Nowak\"",
        "owner = \"Tomasz Nowak\"",
    );
    let fixed = server.wait_for(page, "the overlay to go", |b| {
        !b.contains("stratsite-overlay")
    });
    assert!(fixed.contains("Lab numbers on fast phones misled us."));
}

#[test]
fn a_site_broken_at_start_serves_the_overlay_until_fixed() {
    let (_tmp, site) = site_copy("example-site");
    edit(&site, "stratsite.toml", "[site]", "[site\n");
    let server = Server::start(&site);
    let (status, body) = server.get("index.html");
    assert_eq!(status, 500);
    assert!(body.contains("stratsite-overlay"), "{body}");
    assert!(body.contains("TOML syntax error"), "{body}");
    assert!(body.contains("turns into the site by itself"), "{body}");
    assert!(body.contains("stratsite.toml:"), "{body}");
    assert!(
        body.contains("<script id=\"stratsite-live\">"),
        "it reloads once fixed"
    );
    edit(&site, "stratsite.toml", "[site\n", "[site]");
    // Until it builds, the site's base path is unknown and it answers at `/`.
    let root = server.url.clone();
    let start = Instant::now();
    loop {
        let (status, body) = server.get("index.html");
        let (at_base, _) = server.raw(&format!(
            "GET /checkout-strategy/index.html HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        ));
        if (status == 200 && body.contains("Basketful")) || at_base == 200 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the fixed site never came up at {root}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn only_the_built_site_can_be_reached() {
    let (_tmp, site) = site_copy("example-site");
    std::fs::write(site.join("secret.txt"), "do not serve me").unwrap();
    let server = Server::start(&site);
    let host = server.addr.clone();
    let request = |target: &str| {
        format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
    };
    for target in [
        "/checkout-strategy/../secret.txt",
        "/checkout-strategy/../../../../etc/passwd",
        "/checkout-strategy/%2e%2e/secret.txt",
        "/checkout-strategy/%2E%2E/%2E%2E/etc/passwd",
        "/checkout-strategy/..%2fsecret.txt",
        "/checkout-strategy/..%2Fstratsite.toml",
        "/checkout-strategy/..%5cstratsite.toml",
        "/checkout-strategy/..\\stratsite.toml",
        "/checkout-strategy/./index.html",
        "/checkout-strategy/index.html%00.css",
        "/secret.txt",
        "/stratsite.toml",
        "/checkout-strategy/stratsite.toml",
        "/checkout-strategy/strategy/commitments.toml",
        "http://evil.example/checkout-strategy/../secret.txt",
        "http://127.0.0.1/../../etc/passwd",
        "http://{host}/checkout-strategy/index.html",
        "/checkout-strategy/commitments/",
        "/checkout-strategy/assets/",
    ] {
        let target = target.replace("{host}", &host);
        let (status, response) = server.raw(&request(&target));
        // 404 (or 400 for what is not HTTP); 403 for a host name that is not this machine.
        let foreign = target.starts_with("http://") && !target.contains(&host);
        let expected = if foreign { 403 } else { 404 };
        assert!(
            status == expected || status == 400,
            "{target} answered {status}:\n{response}"
        );
        assert!(!response.contains("do not serve me"), "{target}");
        assert!(!response.contains("root:"), "{target}");
        assert!(!response.contains("[site]"), "{target}");
        assert!(!response.contains("Index of"), "{target}: no listings");
    }
    // Only names of this machine are answered: another host name is how DNS rebinding lets a
    // web page read a local server.
    let port = host.rsplit(':').next().unwrap().to_owned();
    for (name, expected) in [
        (format!("evil.example:{port}"), 403),
        ("evil.example".to_owned(), 403),
        ("localhost".to_owned(), 403),
        (format!("localhost:{port}"), 200),
        (format!("LocalHost:{port}"), 200),
        (format!("127.0.0.1:{port}"), 200),
        (format!("[::1]:{port}"), 200),
    ] {
        let (status, response) = server.raw(&format!(
            "GET /checkout-strategy/index.html HTTP/1.1\r\nHost: {name}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, expected, "Host: {name}\n{response}");
    }

    // The live-reload connection also wants a page of this server as its origin.
    for (origin, expected) in [
        ("http://evil.example".to_owned(), 403),
        ("null".to_owned(), 403),
    ] {
        let (status, response) = server.raw(&format!(
            "GET /__stratsite/live HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nConnection: Upgrade, close\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        ));
        assert_eq!(status, expected, "Origin: {origin}\n{response}");
    }
    {
        use tungstenite::client::IntoClientRequest;
        let mut own = format!("ws://{host}/__stratsite/live")
            .into_client_request()
            .unwrap();
        own.headers_mut().insert(
            "Origin",
            format!("http://localhost:{port}").parse().unwrap(),
        );
        let (mut socket, response) = tungstenite::connect(own).expect("its own pages connect");
        assert_eq!(response.status().as_u16(), 101);
        assert!(matches!(socket.read(), Ok(tungstenite::Message::Text(_))));
    }

    // A missing page is the site's own 404 page, with status 404.
    let (status, body) = server.get("no-such-page.html");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "{body}");

    // GET and HEAD only; HEAD has the headers and no body.
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let (status, response) = server.raw(&format!(
            "{method} /checkout-strategy/index.html HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, 405, "{method}: {response}");
        assert!(response.to_ascii_lowercase().contains("allow: get, head"));
    }
    let (status, head) = server.raw(&format!(
        "HEAD /checkout-strategy/index.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(status, 200);
    let (headers, body) = head.split_once("\r\n\r\n").unwrap();
    assert!(body.is_empty(), "HEAD has no body: {body:?}");
    assert!(headers.to_ascii_lowercase().contains("content-length: "));

    // Content types.
    for (rel, expected) in [
        ("index.html", "text/html; charset=utf-8"),
        ("assets/style.css", "text/css; charset=utf-8"),
        ("strategy.json", "application/json"),
        ("feed.xml", "xml"),
        ("sitemap.xml", "xml"),
    ] {
        let (status, response) = server.raw(&request(&format!("/checkout-strategy/{rel}")));
        assert_eq!(status, 200, "{rel}");
        let lower = response.to_ascii_lowercase();
        let ct = lower
            .lines()
            .find_map(|l| l.strip_prefix("content-type: "))
            .unwrap_or_default()
            .to_owned();
        assert!(ct.contains(expected), "{rel}: {ct}");
    }
    // `/` leads to the site's base path.
    let (status, response) = server.raw(&request("/"));
    assert_eq!(status, 302);
    assert!(
        response.contains("location: /checkout-strategy/"),
        "{response}"
    );
}

#[test]
fn fifty_tabs_and_a_burst_of_a_hundred_saves() {
    let (_tmp, site) = site_copy("example-site");
    let server = Server::start(&site);
    let tabs: Vec<Events> = (0..50).map(|_| Events::connect(&server.addr)).collect();
    let before: Vec<String> = tabs.iter().map(Events::latest).collect();
    let path = site.join(COMMITMENTS);
    let original = std::fs::read_to_string(&path).unwrap();

    // A hundred saves within one second, one every 10 ms, while another thread keeps asking
    // for pages: the server answers them all.
    let answered = std::thread::scope(|scope| {
        let asking = scope.spawn(|| {
            let mut statuses = Vec::new();
            for _ in 0..10 {
                statuses.push(server.get("index.html").0);
                std::thread::sleep(Duration::from_millis(100));
            }
            statuses
        });
        let start = Instant::now();
        for i in 0..100u32 {
            std::fs::write(
                &path,
                original.replacen(WHY, &format!("Save number {i}."), 1),
            )
            .unwrap();
            let next = Duration::from_millis(10) * (i + 1);
            std::thread::sleep(next.saturating_sub(start.elapsed()));
        }
        asking.join().unwrap()
    });
    assert_eq!(
        answered,
        vec![200; 10],
        "the server answers during the burst"
    );

    // It ends showing the last saved state, and every tab is told.
    let page = server.wait_for(
        "commitments/real-user-monitoring.html",
        "the last save",
        |b| b.contains("Save number 99."),
    );
    assert!(!page.contains("stratsite-overlay"));
    // Once the builds settle, every tab is on the build the pages show.
    let last = settled_build(&server);
    for (tab, first) in tabs.iter().zip(&before) {
        tab.wait_until("the last build", |ids| ids.last() == Some(&last));
        assert_ne!(&tab.latest(), first);
    }
    // Saves were coalesced: a build covers every save since the one before.
    let stderr = server.stderr.lock().unwrap().clone();
    let builds = stderr.matches("built in ").count();
    assert!(builds < 50, "{builds} builds for 100 saves:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn editor_temp_files_do_not_rebuild_and_rename_saves_do() {
    let (_tmp, site) = site_copy("example-site");
    let server = Server::start(&site);
    let builds = || server.stderr.lock().unwrap().matches("built in ").count();
    // The first build is reported before the address; its line may still be on its way here.
    let start = Instant::now();
    while builds() < 1 {
        assert!(start.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(builds(), 1);
    // Swap, backup and temporary files, and the output folder, are not the site's source.
    std::fs::write(site.join("strategy/.commitments.toml.swp"), "junk").unwrap();
    std::fs::write(site.join("strategy/commitments.toml~"), "junk").unwrap();
    std::fs::write(site.join("strategy/4913"), "").unwrap();
    std::fs::write(site.join("strategy/commitments.toml___jb_tmp___"), "x").unwrap();
    std::fs::create_dir_all(site.join("public")).unwrap();
    std::fs::write(site.join("public/index.html"), "old output").unwrap();

    // Then save by writing a temporary file and renaming it over the original, like vim or
    // IntelliJ: that one change makes exactly one more build.
    let path = site.join(COMMITMENTS);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replacen(WHY, "Saved through a rename.", 1);
    let tmp = site.join("strategy/commitments.toml___jb_tmp___");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    server.wait_for(
        "commitments/real-user-monitoring.html",
        "the renamed save",
        |b| b.contains("Saved through a rename."),
    );
    settled_build(&server);
    assert_eq!(builds(), 2, "{}", server.stderr.lock().unwrap());
}

#[test]
fn files_in_hidden_folders_of_static_are_watched_and_served() {
    let (_tmp, site) = site_copy("example-site");
    let server = Server::start(&site);
    std::fs::create_dir_all(site.join("static/.well-known")).unwrap();
    std::fs::write(
        site.join("static/.well-known/security.txt"),
        "Contact: mailto:security@example.org\n",
    )
    .unwrap();
    server.wait_for(".well-known/security.txt", "the new static file", |b| {
        b.contains("Contact: mailto:security@example.org")
    });
    // A hidden folder moved in whole counts too.
    let elsewhere = site.parent().unwrap().join("prepared");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("keys.txt"), "moved in whole\n").unwrap();
    std::fs::rename(&elsewhere, site.join("static/.keys")).unwrap();
    server.wait_for(".keys/keys.txt", "the moved-in folder", |b| {
        b.contains("moved in whole")
    });
}

#[test]
fn without_watch_pages_are_exactly_the_built_bytes() {
    let (tmp, site) = site_copy("example-site");
    let out = tmp.path().join("public");
    build(&site, &out);
    let server = Server::start_with(&site, &["--port", "0"]);
    let (status, body) = server.get("index.html");
    assert_eq!(status, 200);
    assert_eq!(
        body,
        std::fs::read_to_string(out.join("index.html")).unwrap()
    );
    let (status, _) = server.raw(&format!(
        "GET /__stratsite/live HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert_eq!(status, 404, "no live reload without --watch");
}

#[test]
fn a_taken_port_moves_to_the_next_free_one_and_says_so() {
    let (_tmp, site) = site_copy("example-site");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = Server::start_on(&site, port);
    let used: u16 = server.addr.rsplit(':').next().unwrap().parse().unwrap();
    assert!(
        used > port && used <= port.saturating_add(20),
        "{port} -> {used}"
    );
    assert_eq!(server.get("index.html").0, 200);
    let said = format!("port {port} is in use; using {used} instead");
    let start = Instant::now();
    while !server.stderr.lock().unwrap().contains(&said) {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{}",
            server.stderr.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(taken);
}

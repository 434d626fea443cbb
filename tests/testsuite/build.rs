//! `stratsite build` end to end: the example site and fixture sites built into temporary
//! folders, asserting on what a reader gets.

use crate::common;

use std::path::Path;

use crate::site_test::{SiteTest, command, run, stratsite};
use common::{attr_values, build, read_tree, resolve, site_copy};

fn built_example() -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(Path::new("example-site"), &out);
    let tree = read_tree(&out);
    (tmp, tree)
}

fn text(tree: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        tree.get(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .clone(),
    )
    .unwrap()
}

#[test]
fn example_site_has_every_page_and_file() {
    let (_tmp, tree) = built_example();
    let checked = stratsite::check(Path::new("example-site"), jiff::civil::date(2026, 11, 21));
    let s = checked.strategy.unwrap();
    for f in [
        "index.html",
        "print.html",
        "404.html",
        "commitments.html",
        "ideas.html",
        "non-goals.html",
        "assumptions.html",
        "signals.html",
        "changes.html",
        "feed.xml",
        "sitemap.xml",
        "strategy.json",
        ".nojekyll",
        "assets/style.css",
        "assets/syntax.css",
    ] {
        assert!(tree.contains_key(f), "{f} missing from {:?}", tree.keys());
    }
    for o in &s.objectives {
        assert!(tree.contains_key(&format!("objectives/{}.html", o.id.get_ref())));
    }
    for t in &s.themes {
        assert!(tree.contains_key(&format!("themes/{}.html", t.id.get_ref())));
    }
    for c in &s.commitments {
        let page = text(&tree, &format!("commitments/{}.html", c.id.get_ref()));
        assert!(page.contains("<h1"), "commitment page has a heading");
        // The title's plain text (its code spans read) is the page's `<title>`.
        let plain = c.title.get_ref().replace('`', "");
        assert!(
            page.contains(&format!("<title>{plain} · "))
                || page.contains(&format!("<title>{} · ", html_escape(&plain))),
            "{plain}"
        );
    }
    assert!(!tree.contains_key("CNAME"), "no CNAME unless configured");
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn commitment_page_shows_its_why_chain() {
    let (_tmp, tree) = built_example();
    let checked = stratsite::check(Path::new("example-site"), jiff::civil::date(2026, 11, 21));
    let s = checked.strategy.unwrap();
    let c = &s.commitments[0];
    let theme = s
        .themes
        .iter()
        .find(|t| t.id.get_ref() == c.theme.main().get_ref())
        .unwrap();
    let page = text(&tree, &format!("commitments/{}.html", c.id.get_ref()));
    assert!(
        page.contains(&format!("../themes/{}.html", theme.id.get_ref())),
        "links its theme"
    );
    for o in &theme.serves {
        assert!(
            page.contains(&format!("../objectives/{}.html", o.get_ref())),
            "links objective {}",
            o.get_ref()
        );
    }
}

#[test]
fn every_internal_link_and_anchor_resolves_and_is_relative() {
    let (_tmp, tree) = built_example();
    let mut checked = 0;
    for (path, bytes) in &tree {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for href in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            let href = href.replace("&amp;", "&");
            if href.starts_with("https://")
                || href.starts_with("http://")
                || href.starts_with("mailto:")
            {
                continue;
            }
            assert!(
                !href.starts_with('/'),
                "{path}: root-absolute link {href} breaks under a subpath"
            );
            let (target, frag) = resolve(path, &href);
            let body = tree
                .get(&target)
                .unwrap_or_else(|| panic!("{path}: {href} -> {target} does not exist"));
            if let Some(f) = frag {
                let target_html = String::from_utf8_lossy(body);
                assert!(
                    attr_values(&target_html, "id").contains(&f.as_str()),
                    "{path}: {href}: no id `{f}` on {target}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "checked only {checked} links");
}

#[test]
fn ids_are_unique_on_every_page() {
    let (_tmp, tree) = built_example();
    for (path, bytes) in &tree {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            let mut ids = attr_values(&html, "id");
            ids.sort();
            let before = ids.len();
            ids.dedup();
            assert_eq!(before, ids.len(), "{path} repeats an id");
        }
    }
}

#[test]
fn builds_are_byte_identical() {
    let (_a, first) = built_example();
    let (_b, second) = built_example();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (k, v) in &first {
        assert!(second[k] == *v, "{k} differs between two builds");
    }
}

#[test]
fn strategy_json_resolves_references() {
    let (_tmp, tree) = built_example();
    let json: serde_json::Value = serde_json::from_slice(&tree["strategy.json"]).unwrap();
    assert_eq!(json["format_version"], 1);
    let c = &json["commitments"][0];
    assert!(c["theme"]["id"].is_string());
    assert_eq!(c["theme"]["kind"], "theme");
    assert!(c["theme"]["url"].as_str().unwrap().starts_with("https://"));
    assert!(c["url"].as_str().unwrap().ends_with(".html"));
}

#[test]
fn feed_and_sitemap_are_well_formed_xml_with_absolute_urls() {
    let (_tmp, tree) = built_example();
    let checked = stratsite::check(Path::new("example-site"), jiff::civil::date(2026, 11, 21));
    let s = checked.strategy.unwrap();
    let feed = text(&tree, "feed.xml");
    let doc = roxmltree::Document::parse(&feed).expect("feed.xml is XML");
    let entries = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .count();
    assert_eq!(entries, s.changes.len());
    assert_eq!(
        doc.root_element().tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let sitemap = text(&tree, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.iter().all(|l| {
        l.starts_with(
            s.site
                .base_url
                .as_ref()
                .unwrap()
                .get_ref()
                .trim_end_matches('/'),
        )
    }));
    assert_eq!(
        locs.len(),
        tree.keys()
            .filter(|k| k.ends_with(".html") && *k != "404.html")
            .count()
    );
}

#[test]
fn canonical_and_open_graph_use_the_base_url() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = stratsite(&[
        "build",
        "example-site",
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-21",
        "--base-url",
        "https://strategy.example.org/sub",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(
        out.join("themes")
            .read_dir()
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
    )
    .unwrap();
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://strategy.example.org/sub/themes/"),
        "{page}"
    );
    assert!(page.contains("property=\"og:title\""));
    assert!(page.contains("property=\"og:description\""));
    let not_found = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(
        not_found.contains("href=\"/sub/assets/style.css\""),
        "404 keeps its CSS at any depth"
    );
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = SiteTest::from_fixture("example-site");
    let out = site.tmp().join("public");
    let o = out.to_str().unwrap();
    site.run(&["build", ".", "--output", o]).success();
    let before = read_tree(&out);
    site.change_file("stratsite.toml", "[site]", "[site\n");
    site.run(&["build", ".", "--output", o])
        .failure()
        .stderr_has("stratsite.toml:9:6")
        .stderr_has("nothing was written");
    assert_eq!(before, read_tree(&out), "previous output changed");
    assert_eq!(
        leftovers(site.tmp()),
        ["public", "site"],
        "no staging folders"
    );
}

#[cfg(unix)]
#[test]
fn linked_files_are_followed_but_prose_may_not_leave_the_site() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let shared = tmp.path().join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(
        shared.join("more.toml"),
        "[[theme]]\nid = \"linked-theme\"\ntitle = \"A theme from a linked file\"\nserves = [\"find-faster\"]\nnarrative = \"Shared.\"\n",
    )
    .unwrap();
    std::fs::write(
        shared.join("logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    std::fs::create_dir_all(site.join("strategy")).unwrap();
    std::fs::create_dir_all(site.join("static/img")).unwrap();
    // Outside the site folder: allowed by naming the folder.
    let toml = site.join("stratsite.toml");
    let with = std::fs::read_to_string(&toml).unwrap().replacen(
        "[site]\n",
        "[site]\nlinked_folders = [\"../shared\"]\n",
        1,
    );
    std::fs::write(&toml, with).unwrap();
    std::os::unix::fs::symlink(shared.join("more.toml"), site.join("strategy/more.toml")).unwrap();
    std::os::unix::fs::symlink(shared.join("logo.svg"), site.join("static/img/logo.svg")).unwrap();
    let out = tmp.path().join("public");
    build(&site, &out);
    assert!(out.join("themes/linked-theme.html").is_file());
    assert!(out.join("img/logo.svg").is_file());

    // Prose that is a link to a file outside the site is refused, where it is named.
    std::fs::write(tmp.path().join("secret.md"), "not for publishing").unwrap();
    std::fs::create_dir_all(site.join("prose")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.md"), site.join("prose/why.md")).unwrap();
    let toml = site.join("stratsite.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replacen(
        "why = \"Because.\"",
        "why = { file = \"prose/why.md\" }",
        1,
    );
    std::fs::write(&toml, text).unwrap();
    let stderr = failing_build(&site, &out);
    assert!(
        stderr.contains("a prose file must be inside the site folder"),
        "{stderr}"
    );
    assert!(stderr.contains("stratsite.toml:"), "{stderr}");
    assert!(
        !String::from_utf8_lossy(&std::fs::read(out.join("objectives/find-faster.html")).unwrap())
            .contains("not for publishing")
    );
}

#[test]
fn timings_name_every_step_in_order() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    let o = stratsite(&[
        "build",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--timings",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let line = stderr
        .lines()
        .find_map(|l| l.strip_prefix("timings: "))
        .unwrap_or_else(|| panic!("no timings in {stderr}"));
    let steps: Vec<&str> = line
        .split(", ")
        .map(|s| {
            let (step, took) = s.split_once(' ').unwrap();
            let ms: f64 = took.strip_suffix(" ms").unwrap().parse().unwrap();
            assert!(ms >= 0.0, "{s}");
            step
        })
        .collect();
    assert_eq!(
        steps,
        [
            "load",
            "validate",
            "lint",
            "history",
            "templates",
            "plan",
            "render",
            "swap"
        ]
    );
    // Without the flag, no timings.
    let o = stratsite(&[
        "build",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("timings:"));
}

#[cfg(unix)]
#[test]
fn replacing_an_output_removes_its_links_but_never_what_they_point_at() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    build(&site, &out);
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(outside.join("inner")).unwrap();
    std::fs::write(outside.join("keep.txt"), "keep").unwrap();
    std::fs::write(outside.join("inner/keep.txt"), "keep").unwrap();
    // The old output holds links to a folder and a file elsewhere, and folders of its own.
    std::os::unix::fs::symlink(&outside, out.join("linked-folder")).unwrap();
    std::os::unix::fs::symlink(outside.join("keep.txt"), out.join("linked-file")).unwrap();
    std::fs::create_dir_all(out.join("a/b/c")).unwrap();
    std::fs::write(out.join("a/b/c/old.html"), "old").unwrap();
    // Listed as written by stratsite (a build of an earlier strategy), so they are replaced.
    let mut manifest = std::fs::read_to_string(out.join(".stratsite-manifest")).unwrap();
    manifest.push_str("linked-folder\nlinked-file\na/b/c/old.html\n");
    std::fs::write(out.join(".stratsite-manifest"), manifest).unwrap();
    build(&site, &out);
    assert!(out.join("index.html").is_file());
    for gone in ["linked-folder", "linked-file", "a"] {
        assert!(
            std::fs::symlink_metadata(out.join(gone)).is_err(),
            "{gone} is still in the output"
        );
    }
    assert_eq!(
        std::fs::read_to_string(outside.join("keep.txt")).unwrap(),
        "keep"
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("inner/keep.txt")).unwrap(),
        "keep"
    );
    assert_eq!(leftovers(tmp.path()), ["outside", "public", "site"]);
}

#[test]
fn every_template_that_does_not_parse_is_reported_at_once() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/objective.html"),
        "{% extends \"base.html\" %}{% block content %}{{ entry.title }{% endblock content %}",
    )
    .unwrap();
    std::fs::write(
        site.join("templates/theme.html"),
        "{% extends \"base.html\" %}{% block content %}\n{% if %}{% endblock content %}",
    )
    .unwrap();
    // A sound override that includes other templates is not reported with them.
    std::fs::create_dir_all(site.join("templates/partials")).unwrap();
    std::fs::copy(
        "themes/default/templates/partials/index-now.html",
        site.join("templates/partials/index-now.html"),
    )
    .unwrap();
    let stderr = failing_build(&site, &out);
    assert!(
        stderr.contains("site/templates/objective.html:1:60"),
        "{stderr}"
    );
    assert!(stderr.contains("site/templates/theme.html:2:7"), "{stderr}");
    assert!(stderr.contains("2 errors"), "{stderr}");
    assert!(!stderr.contains("index-now"), "{stderr}");
    assert!(!out.exists());

    // A template that parses but extends one that does not exist is still reported.
    std::fs::remove_file(site.join("templates/theme.html")).unwrap();
    std::fs::write(
        site.join("templates/objective.html"),
        "{% extends \"no-such-base.html\" %}",
    )
    .unwrap();
    let stderr = failing_build(&site, &out);
    assert!(stderr.contains("no-such-base.html"), "{stderr}");
    assert!(stderr.contains("templates/objective.html"), "{stderr}");
}

#[test]
fn a_template_failing_while_rendering_names_it_and_keeps_output() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    build(&site, &out);
    let before = read_tree(&out);
    // It loads, and fails only when a page is rendered: after files were already staged.
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/objective.html"),
        "{% extends \"base.html\" %}{% block content %}{{ entry.no_such_field }}{% endblock content %}",
    )
    .unwrap();
    let stderr = failing_build(&site, &out);
    assert!(
        stderr.contains("site/templates/objective.html:1:54"),
        "{stderr}"
    );
    assert!(stderr.contains("no_such_field"), "{stderr}");
    assert_eq!(before, read_tree(&out), "previous output changed");
    assert_eq!(leftovers(tmp.path()), ["public", "site"]);
}

/// Runs a build of `site` into `out` that must fail, and returns what it printed.
fn failing_build(site: &Path, out: &Path) -> String {
    let o = stratsite(&[
        "build",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What is in `dir`, sorted: staging folders would show here.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn leftovers_of_a_killed_build_are_cleaned_up_and_a_stranded_output_put_back() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    build(&site, &out);
    let before = read_tree(&out);
    // A build killed between its two renames: the old output moved aside, no new one yet, and
    // a half-written staging folder. No process has these ids.
    let stranded = tmp.path().join(".public.stratsite-old-4194303");
    std::fs::rename(&out, &stranded).unwrap();
    let half = tmp.path().join(".public.stratsite-new-4194302-17");
    std::fs::create_dir_all(half.join("themes")).unwrap();
    std::fs::write(half.join(".stratsite-staging"), "").unwrap();
    // Look-alikes that are not stratsite's own are left alone: no marker, not a folder, a name
    // that does not end in a process id.
    let lookalikes = [
        ".public.stratsite-new-4194301",
        ".public.stratsite-new-+5",
        ".public.stratsite-old-x",
    ];
    for name in lookalikes {
        std::fs::create_dir_all(tmp.path().join(name)).unwrap();
        std::fs::write(tmp.path().join(name).join("mine.txt"), "keep").unwrap();
    }
    std::fs::write(tmp.path().join(".public.stratsite-new-4194300"), "a file").unwrap();
    // This build fails, so the output put back is exactly the old one.
    std::fs::write(site.join("stratsite.toml"), "[site\n").unwrap();
    let stderr = failing_build(&site, &out);
    assert!(stderr.contains("put back"), "{stderr}");
    assert!(
        stderr.contains("left by a build that was stopped"),
        "{stderr}"
    );
    assert_eq!(before, read_tree(&out));
    let mut expected: Vec<&str> = lookalikes.to_vec();
    expected.extend([".public.stratsite-new-4194300", "public", "site"]);
    expected.sort();
    assert_eq!(leftovers(tmp.path()), expected);
}

#[test]
fn a_folder_named_like_a_moved_aside_output_is_not_mistaken_for_one() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    // No index.html: not a build, so it is not "put back" as the output.
    let mine = tmp.path().join(".public.stratsite-old-4194303");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("a.txt"), "mine").unwrap();
    build(&site, &out);
    assert_eq!(std::fs::read_to_string(mine.join("a.txt")).unwrap(), "mine");
    assert!(out.join("index.html").is_file());
}

#[test]
fn builds_into_the_current_folder() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    build(&site, &out);
    run(command()
        .args(["build", "../site", "--output", ".", "--as-of", "2026-11-21"])
        .current_dir(&out))
    .success();
    assert!(out.join("index.html").is_file());
    assert_eq!(leftovers(tmp.path()), ["public", "site"]);
}

#[test]
fn site_overrides_and_static_files_are_used() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    std::fs::create_dir_all(site.join("static/assets")).unwrap();
    std::fs::create_dir_all(site.join("static/img")).unwrap();
    std::fs::write(
        site.join("static/assets/style.css"),
        "body { color: rebeccapurple }",
    )
    .unwrap();
    std::fs::write(
        site.join("static/img/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    std::fs::write(site.join("static/.hidden.swp"), "junk").unwrap();
    let out = tmp.path().join("public");
    build(&site, &out);
    assert_eq!(
        std::fs::read_to_string(out.join("assets/style.css")).unwrap(),
        "body { color: rebeccapurple }"
    );
    assert!(out.join("img/logo.svg").is_file());
    assert!(!out.join(".hidden.swp").exists());
    assert!(
        !out.join("assets/syntax.css").exists(),
        "no code, no syntax stylesheet"
    );
}

#[test]
fn static_files_may_not_replace_what_stratsite_makes() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    build(&site, &out);
    let before = read_tree(&out);
    std::fs::create_dir_all(site.join("static/themes")).unwrap();
    std::fs::write(site.join("static/index.html"), "<p>mine</p>").unwrap();
    std::fs::write(site.join("static/strategy.json"), "{}").unwrap();
    std::fs::write(site.join("static/themes/instant-search.html"), "x").unwrap();
    std::fs::write(site.join("static/Ideas.html"), "x").unwrap();
    let stderr = failing_build(&site, &out);
    assert!(
        stderr.contains("`static/Ideas.html` would replace the `ideas.html`"),
        "{stderr}"
    );
    for rel in ["index.html", "strategy.json", "themes/instant-search.html"] {
        assert!(
            stderr.contains(&format!(
                "`static/{rel}` would replace the `{rel}` that stratsite makes"
            )),
            "{rel}: {stderr}"
        );
    }
    assert!(stderr.contains("templates/"), "{stderr}");
    assert_eq!(before, read_tree(&out), "previous output changed");

    // A prose path that names a folder says so.
    let toml = site.join("stratsite.toml");
    std::fs::remove_dir_all(site.join("static")).unwrap();
    std::fs::create_dir_all(site.join("prose")).unwrap();
    let original = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        original.replacen("why = \"Because.\"", "why = { file = \"prose\" }", 1),
    )
    .unwrap();
    assert!(failing_build(&site, &out).contains("the prose file `prose` is a folder, not a file"));
    std::fs::write(&toml, original).unwrap();

    // Nor may the output go where a build would read it back.
    for inside in ["static/site", "templates/out"] {
        let o = stratsite(&[
            "build",
            site.to_str().unwrap(),
            "--output",
            site.join(inside).to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{inside}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("it is inside the site's"),
            "{inside}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn titles_and_prose_take_the_direction_of_their_own_script() {
    let site = SiteTest::from_fixture("check/valid-minimal");
    site.change_file("stratsite.toml", "[site]\n", "[site]\nlanguage = \"ar\"\n")
        .change_file(
            "stratsite.toml",
            "title = \"Shoppers find what they want faster\"",
            "title = \"يجد المتسوقون ما يريدون بسرعة\"",
        );
    site.build();
    let page = site.read("objectives/find-faster.html");
    assert!(page.contains("<html lang=\"ar\">"), "{page}");
    let main = site.main_of("objectives/find-faster.html");
    assert!(main.contains("<h1 dir=\"auto\">يجد المتسوقون"), "{main}");
    assert!(
        main.contains("<div dir=\"auto\" class=\"prose\">"),
        "{main}"
    );
}

#[test]
fn cname_is_written_when_configured() {
    let site = SiteTest::new()
        .file(
            "stratsite.toml",
            "[site]\ntitle = \"T\"\nbase_url = \"https://strategy.example.org/\"\nhorizon = \"6 weeks\"\ncname = \"strategy.example.org\"\n",
        );
    site.build();
    assert_eq!(site.read("CNAME"), "strategy.example.org\n");
    assert!(site.out().join("index.html").is_file());
    assert!(site.site().join("public").is_dir());
}

#[test]
fn refuses_dangerous_output_folders() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let s = site.to_str().unwrap();
    for (out, why) in [
        (s.to_owned(), "the site folder itself"),
        (
            tmp.path().to_str().unwrap().to_owned(),
            "contains the site folder",
        ),
        ("/".to_owned(), "root of the file system"),
    ] {
        let o = stratsite(&["build", s, "--output", &out]);
        assert_eq!(o.status.code(), Some(1), "{out}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.contains(why), "{out}: {stderr}");
    }
    let notes = tmp.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(notes.join("todo.txt"), "keep me").unwrap();
    let o = stratsite(&["build", s, "--output", notes.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(notes.join("todo.txt")).unwrap(),
        "keep me"
    );
    // Hand-written pages with an index.html (a docs/ folder for GitHub Pages) are not a build.
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(docs.join("important")).unwrap();
    std::fs::write(docs.join("index.html"), "<p>our docs</p>").unwrap();
    std::fs::write(docs.join("important/thesis.txt"), "keep me").unwrap();
    std::fs::write(docs.join("strategy.json"), "{\"mine\": true}").unwrap();
    let before = read_tree(&docs);
    let o = stratsite(&["build", s, "--output", docs.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("does not hold a previous stratsite build"),
        "{stderr}"
    );
    assert_eq!(before, read_tree(&docs), "the folder changed");
    // A previous build is replaced.
    let public = tmp.path().join("public");
    build(&site, &public);
    build(&site, &public);
    assert!(public.join("index.html").is_file());
}

#[test]
fn as_of_comes_from_source_date_epoch() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let build_on = |out: &Path, epoch: &str| {
        run(command()
            .args(["build", "example-site", "--output", out.to_str().unwrap()])
            .env("SOURCE_DATE_EPOCH", epoch))
    };
    build_on(&a, "1795219200").success();
    let index = std::fs::read_to_string(a.join("index.html")).unwrap();
    assert!(
        index.contains("2026-11-21"),
        "as-of date from SOURCE_DATE_EPOCH"
    );
    build_on(&b, "yesterday")
        .failure()
        .stderr_has("SOURCE_DATE_EPOCH");
}

#[test]
fn readme_workflow_builds_with_the_documented_command() {
    let workflow = std::fs::read_to_string("docs/github-pages.yml").unwrap();
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains(&format!("```yaml\n{workflow}```")),
        "README shows docs/github-pages.yml verbatim"
    );
    let docs = yaml_rust2::YamlLoader::load_from_str(&workflow).expect("valid YAML");
    let doc = &docs[0];
    let build_steps = doc["jobs"]["build"]["steps"].as_vec().expect("build steps");
    // The build runs in the repository's own action, which installs stratsite from source.
    assert!(
        build_steps.iter().any(|s| s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("stratsite/stratsite@"))
            && s["with"]["command"].as_str() == Some("build")),
        "{build_steps:?}"
    );
    let uses: Vec<&str> = build_steps
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .collect();
    assert!(
        uses.iter()
            .any(|u| u.starts_with("actions/upload-pages-artifact@"))
    );
    // The previous output is restored before the build, into the folder the build writes, so
    // the build can reuse its link previews.
    let step = |prefix: &str| {
        build_steps
            .iter()
            .position(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(prefix)))
            .unwrap_or_else(|| panic!("no {prefix} step in {build_steps:?}"))
    };
    let (cache, build) = (step("actions/cache@"), step("stratsite/stratsite@"));
    assert!(cache < build, "the cache is restored before the build");
    assert_eq!(
        build_steps[cache]["with"]["path"].as_str(),
        build_steps[build]["with"]["output"].as_str()
    );
    let deploy = doc["jobs"]["deploy"]["steps"]
        .as_vec()
        .expect("deploy steps");
    assert!(deploy.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/deploy-pages@"))
    }));
    assert_eq!(doc["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(doc["permissions"]["id-token"].as_str(), Some("write"));
}

#[test]
fn syntax_stylesheet_is_linked_where_there_is_code_and_not_on_summaries() {
    let (_tmp, tree) = built_example();
    let linked = |path: &str| text(&tree, path).contains("assets/syntax.css\"");
    for (path, bytes) in &tree {
        let page = String::from_utf8_lossy(bytes);
        if path.ends_with(".html") && page.contains("<span class=\"hl-") {
            assert!(linked(path), "{path} has code but no syntax stylesheet");
        }
    }
    // The example's code is in one objective's why and one commitment's done-when; pages that
    // show neither, such as the list of commitments (summaries only), load no stylesheet.
    let with_code = "commitments/real-user-monitoring.html";
    assert!(text(&tree, with_code).contains("<span class=\"hl-"));
    assert!(linked(with_code));
    assert!(!linked("commitments.html"));
    assert!(!linked("commitments/checkout-bundle-diet.html"));
    assert!(!linked("non-goals.html"));
}

#[test]
fn lists_show_a_plain_summary_and_the_page_the_whole_prose() {
    let (_tmp, tree) = built_example();
    let id = "real-user-monitoring";
    let page = text(&tree, &format!("commitments/{id}.html"));
    assert!(
        page.contains("<pre"),
        "the page shows the done-when code block"
    );
    assert!(page.contains("We argued about speed from lab numbers"));
    let list = text(&tree, "commitments.html");
    let card_start = list
        .find(&format!("id=\"{id}\""))
        .expect("the card has the commitment's anchor");
    let card = &list[card_start..card_start + list[card_start..].find("</article>").unwrap()];
    assert!(
        card.contains("<p class=\"card-why\">We argued about speed from lab numbers"),
        "{card}"
    );
    assert!(!card.contains("<pre"), "a card holds no code block: {card}");
    assert!(
        card.len() < 2_000,
        "a card stays compact ({} bytes)",
        card.len()
    );
}

#[test]
fn long_lists_stay_short_on_the_front_page_and_in_print() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let mut toml = std::fs::read_to_string(site.join("stratsite.toml")).unwrap();
    for i in 0..50 {
        let status = if i % 2 == 0 { "in-progress" } else { "planned" };
        toml.push_str(&format!(
            "\n[[commitment]]\nid = \"work-{i}\"\ntitle = \"Work number {i}\"\ntheme = \"instant-search\"\nstatus = \"{status}\"\ndue = 2026-12-01\nwhy = \"Reason {i}.\"\n"
        ));
    }
    std::fs::write(site.join("stratsite.toml"), toml).unwrap();
    let out = tmp.path().join("public");
    build(&site, &out);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    // The front page counts the work and lists the first three of the chapter.
    let now = &index[index.find("id=\"doing_now\"").unwrap()..];
    assert!(now.contains("<strong>25</strong> in progress"), "{now}");
    assert!(now.contains("<strong>25</strong> planned"), "{now}");
    assert_eq!(index.matches("<article class=\"card").count(), 0);
    assert_eq!(index.matches("<li class=\"row ").count(), 3);
    assert!(
        index
            .contains("And 47 more<span class=\"visually-hidden\"> in Search that answers at once"),
        "3 of 50 items"
    );
    let print = std::fs::read_to_string(out.join("print.html")).unwrap();
    assert_eq!(print.matches("<tr id=\"work-").count(), 10);
    assert!(
        print.contains(
            "The other 40 live ones and the rest: https://example.org/strategy/commitments.html"
        ),
        "{print}"
    );
    // The full lists keep everything.
    let all = std::fs::read_to_string(out.join("commitments.html")).unwrap();
    assert_eq!(all.matches("<article class=\"card").count(), 50);
    let theme = std::fs::read_to_string(out.join("themes/instant-search.html")).unwrap();
    assert_eq!(theme.matches("<article class=\"card").count(), 50);
}

#[test]
fn two_builds_at_once_into_one_folder_both_finish() {
    let (tmp, site) = site_copy("example-site");
    let out = tmp.path().join("public");
    let start = || {
        command()
            .args(["build", site.to_str().unwrap(), "--output"])
            .arg(&out)
            .args(["--as-of", "2026-11-21"])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    // Neither removes the other's staging folder (its marker is locked): both complete.
    let (a, b) = (start(), start());
    for child in [a, b] {
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert!(out.join("index.html").is_file());
    assert_eq!(leftovers(tmp.path()), ["public", "site"]);
}

#[test]
fn builds_into_a_folder_whose_parents_do_not_exist_yet() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("deep/er/public");
    build(&site, &out);
    assert!(out.join("index.html").is_file());
    assert_eq!(leftovers(&tmp.path().join("deep/er")), ["public"]);
    // A build that fails writes nothing, not even the folders above its output.
    std::fs::write(site.join("stratsite.toml"), "[site\n").unwrap();
    let elsewhere = tmp.path().join("other/public");
    failing_build(&site, &elsewhere);
    assert!(!tmp.path().join("other").exists());
}

/// 2026-11-21 as a Unix timestamp.
const NOV_21: &str = crate::site_test::AS_OF_EPOCH;

#[test]
fn a_site_pins_its_own_as_of_and_the_footer_names_the_day_of_the_build_beside_it() {
    let site =
        SiteTest::from_fixture("lints/stale-commitment").env("SOURCE_DATE_EPOCH", Some(NOV_21));
    site.change_file(
        "stratsite.toml",
        "horizon = \"6 weeks\"\n",
        "horizon = \"6 weeks\"\nas_of = \"2026-11-01\"\n",
    );
    // On 1 November the commitment due on 6 November is not stale yet.
    let out = site.run(&["check"]).success().stderr();
    assert!(!out.contains("stale-commitment"), "{out}");
    site.build();
    let index = site.read("index.html");
    assert!(
        index.contains(
            "<p class=\"as-of\">The content is as of 2026-11-01; the site was built on 2026-11-21."
        ),
        "{index}"
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("strategy.json")).unwrap();
    assert_eq!(json["as_of"], "2026-11-01");
    // The same SOURCE_DATE_EPOCH builds the same bytes.
    let first = read_tree(&site.out());
    site.build();
    assert_eq!(first, read_tree(&site.out()));
    // `--as-of` wins over the pin.
    site.run(&["check", "--as-of", "2026-11-21"])
        .success()
        .stderr_has("warning[stale-commitment]");
    site.run(&["build", "--as-of", "2026-11-21"]).success();
    let index = site.read("index.html");
    assert!(
        index.contains("<p class=\"as-of\">As of 2026-11-21."),
        "{index}"
    );
    // A pin must be a day.
    site.change_file(
        "stratsite.toml",
        "as_of = \"2026-11-01\"",
        "as_of = \"2026-Q4\"",
    );
    site.run(&["check"])
        .failure()
        .stderr_has("stratsite.toml:5:9");
}

#[test]
fn without_a_pin_the_footer_gives_one_date() {
    let site =
        SiteTest::from_fixture("lints/stale-commitment").env("SOURCE_DATE_EPOCH", Some(NOV_21));
    site.build();
    let index = site.read("index.html");
    assert!(
        index.contains("<p class=\"as-of\">As of 2026-11-21."),
        "{index}"
    );
    assert!(!index.contains("was built on"), "{index}");
}

#[test]
fn sections_without_entries_have_no_page_no_menu_item_and_no_link() {
    // An objective, a theme and an idea: no commitments, non-goals, assumptions, risks,
    // constraints, signals or changes.
    let site = SiteTest::from_fixture("check/valid-minimal");
    site.build();
    let absent = [
        "commitments.html",
        "non-goals.html",
        "assumptions.html",
        "signals.html",
        "changes.html",
    ];
    let tree = common::read_tree(&site.out());
    for page in absent {
        assert!(!tree.contains_key(page), "{page} was made");
    }
    assert!(tree.contains_key("ideas.html"), "the ideas page is missing");
    // Nothing names them: no menu item, no page's link, not the sitemap, the feed, the search
    // index or strategy.json.
    for (path, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        for page in absent {
            assert!(!text.contains(page), "{path} names {page}");
        }
    }
    let index = site.read("index.html");
    let menu = &index[index.find("<nav class=\"site-nav\"").unwrap()..];
    let menu = &menu[..menu.find("</nav>").unwrap()];
    assert_eq!(
        common::attr_values(menu, "href"),
        ["index.html", "ideas.html"],
        "{menu}"
    );
}

#[test]
fn the_front_page_lists_each_commitment_once_in_its_main_themes_chapter_featured_first() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    crate::generated::write_site(&site);
    // One commitment of two themes: it is listed in its main theme's chapter only.
    let path = site.join("strategy/commitments.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "theme = \"friendly-first-hour\"\n",
        "theme = [\"friendly-first-hour\", \"faster-builds\"]\n",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let out = tmp.path().join("public");
    common::build(&site, &out);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let main = crate::site_test::main_element(&index).unwrap();
    let mut seen = std::collections::BTreeMap::new();
    for href in common::attr_values(main, "href") {
        if let Some(id) = href.strip_prefix("commitments/") {
            *seen.entry(id).or_insert(0) += 1;
        }
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "listed more than once: {twice:?}");
    // Each chapter lists at most three, and says how many more it has.
    assert_eq!(seen.len(), 27, "{seen:?}");
    assert!(
        main.contains("And 11 more<span class=\"visually-hidden\"> in A friendlier first hour"),
        "{main}"
    );
    // The featured commitment of the first theme leads its chapter, marked as such.
    let chapter = &main[main.find("id=\"friendly-first-hour\"").unwrap()..];
    let first = common::attr_values(chapter, "href")[1];
    assert!(first.starts_with("commitments/c00-"), "{chapter}");
    assert!(
        chapter[..chapter.find("</li>").unwrap()].contains("Featured"),
        "{chapter}"
    );
    // The first commitment is also of the third theme, whose chapter does not list it.
    let faster = &main[main.find("id=\"faster-builds\"").unwrap()..];
    let faster = &faster[..faster.find("</article>").unwrap()];
    assert!(!faster.contains("commitments/c00-"), "{faster}");
}

//! The structure of real plans, end to end: entries of several themes and owners, tracker links,
//! the author's order, and the messages a newcomer reads. Fixture sites live in
//! `tests/fixtures/structure/`.

use std::path::{Path, PathBuf};

use stratsite::render_plain;

use crate::common::{build, read_tree};

const FIXTURES: &str = "tests/fixtures/structure";

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// The diagnostics and summary of `stratsite check` on a fixture, as a terminal shows them.
fn diagnose(name: &str) -> String {
    let checked = stratsite::check(&fixture(name), jiff::civil::date(2026, 11, 21));
    let mut out = render_plain(&checked.files, &checked.diagnostics);
    out.push_str(&checked.summary());
    out.push('\n');
    out
}

/// Builds a fixture; returns its pages by path, as text.
fn built(
    name: &str,
) -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, String>,
) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&fixture(name), &out);
    let pages = read_tree(&out)
        .into_iter()
        .map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned()))
        .collect();
    (tmp, pages)
}

/// The text of the element that starts at the first `from` after `after` and ends at `to`.
fn between<'a>(page: &'a str, from: &str, to: &str) -> &'a str {
    let start = page
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in the page"));
    let rest = &page[start..];
    &rest[..rest.find(to).map_or(rest.len(), |e| e + to.len())]
}

#[test]
fn an_entry_of_two_themes_and_two_owners_shows_on_both_and_chains_through_the_first() {
    let (_tmp, pages) = built("real-plan");
    let page = &pages["commitments/maintainer-badge.html"];
    let chain = between(page, "<nav class=\"why-chain\"", "</nav>");
    assert!(chain.contains("Search that ranks maintenance"), "{chain}");
    assert!(chain.contains("Developers find a package"), "{chain}");
    assert!(!chain.contains("Signed releases"), "{chain}");
    assert!(page.contains("<dt>Themes</dt>"), "{page}");
    assert!(
        page.contains("<dt>Owners</dt><dd>@ana and @dee</dd>"),
        "{page}"
    );
    for theme in ["themes/search.html", "themes/signing.html"] {
        assert!(pages[theme].contains("id=\"maintainer-badge\""), "{theme}");
        assert!(
            pages[theme].contains("id=\"trust-score\"") || pages[theme].contains("trust-score"),
            "{theme}"
        );
    }
    // Each objective lists the work of every theme serving it.
    assert!(pages["objectives/publish-safely.html"].contains("maintainer-badge"));
    assert!(pages["objectives/find-and-trust.html"].contains("Owners: @ana and @bo"));
    let json: serde_json::Value = serde_json::from_str(&pages["strategy.json"]).unwrap();
    let ids = |v: &serde_json::Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let c = &json["commitments"][0];
    assert_eq!(c["theme"]["id"], "search");
    assert_eq!(ids(&c["themes"]), ["search", "signing"]);
    assert_eq!(c["owner"], "@ana and @dee");
    assert_eq!(c["owners"], serde_json::json!(["@ana", "@dee"]));
    assert_eq!(json["commitments"][1]["theme"]["id"], "signing");
    assert_eq!(ids(&json["commitments"][1]["themes"]), ["signing"]);
    assert_eq!(json["commitments"][1]["owner"], "@cy");
}

#[test]
fn lists_of_themes_are_checked_like_one() {
    insta::assert_snapshot!("theme-list-problems", diagnose("theme-list-problems"));
}

#[test]
fn tracker_links_show_on_cards_and_pages_named_from_their_address() {
    let (_tmp, pages) = built("real-plan");
    let list = &pages["commitments.html"];
    let card = between(list, "<article class=\"card", "</article>");
    assert!(
        card.contains(
            "<a class=\"tracker-link\" href=\"https://github.com/acme/registry/issues/12\">acme/registry#12<span class=\"visually-hidden\"> (GitHub issue)</span></a>"
        ),
        "{card}"
    );
    assert!(card.contains(">REG-341<"), "{card}");
    assert!(card.contains(">RFC 7</a>"), "{card}");
    // The card's summary keeps the text of both links: the entry's title for `[](@id)`.
    assert!(
        card.contains("it builds on Sign every release on publish. See the RFC."),
        "{card}"
    );
    let page = &pages["commitments/sign-on-publish.html"];
    assert!(page.contains(">acme/signing!9<"), "{page}");
    assert!(
        pages["ideas.html"].contains(">acme&amp;3<"),
        "{}",
        pages["ideas.html"]
    );
    let json: serde_json::Value = serde_json::from_str(&pages["strategy.json"]).unwrap();
    assert_eq!(
        json["commitments"][0]["links"][0],
        serde_json::json!({
            "url": "https://github.com/acme/registry/issues/12",
            "label": "acme/registry#12",
            "kind": "GitHub issue",
        })
    );
    assert_eq!(json["commitments"][0]["links"][2]["label"], "RFC 7");
}

#[test]
fn a_link_that_is_not_a_web_address_is_refused() {
    insta::assert_snapshot!("link-problems", diagnose("link-problems"));
}

/// The ids of the cards in a page's part from `from` to `to`, in order.
fn card_ids(page: &str) -> Vec<String> {
    crate::common::attr_values(page, "href")
        .into_iter()
        .filter_map(|h| h.strip_prefix("commitments/"))
        .filter_map(|h| h.strip_suffix(".html"))
        .fold(Vec::new(), |mut ids, id| {
            if !ids.iter().any(|i| i == id) {
                ids.push(id.to_owned());
            }
            ids
        })
}

#[test]
fn the_author_orders_files_and_features_what_leads() {
    let (_tmp, pages) = built("authors-order");
    let order = ["b-security-fix", "r-cache", "r-merge-queue", "b-cleanup"];
    // The front page's chapter lists its first three, in that order, and counts the rest.
    assert_eq!(card_ids(&pages["index.html"]), order[..3]);
    assert!(
        pages["index.html"].contains("And 1 more<"),
        "{}",
        pages["index.html"]
    );
    assert_eq!(card_ids(&pages["commitments.html"]), order);
    let json: serde_json::Value = serde_json::from_str(&pages["strategy.json"]).unwrap();
    let ids: Vec<&str> = json["commitments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, order);
    assert_eq!(json["commitments"][0]["featured"], true);
}

#[test]
fn files_must_name_files_in_strategy_once() {
    insta::assert_snapshot!("files-problems", diagnose("files-problems"));
}

#[test]
fn a_newcomer_gets_every_problem_of_an_entry_at_once_in_the_words_used_here() {
    let out = diagnose("newcomer");
    // Three broken keys in one entry: three diagnostics.
    for line in ["26 │ status", "27 │ due", "28 │ team"] {
        assert!(out.contains(line), "{line}: {out}");
    }
    assert!(!out.contains("non_goal"), "{out}");
    assert!(!out.contains("`theme`?"), "{out}");
    insta::assert_snapshot!("newcomer", out);
}

#[test]
fn a_failed_build_into_a_new_folder_does_not_call_it_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = crate::site_test::stratsite(&[
        "build",
        fixture("newcomer").to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("` was not created"), "{err}");
    assert!(!err.contains("unchanged"), "{err}");
    assert!(!out.exists());
}

#[test]
fn a_constraint_stands_beside_assumptions_and_risks_and_on_the_one_pager() {
    let (_tmp, pages) = built("real-plan");
    let page = &pages["assumptions.html"];
    let c = between(
        page,
        "<article class=\"entry constraint\" id=\"no-new-infrastructure\"",
        "</article>",
    );
    assert!(c.contains("No new infrastructure budget in 2027"), "{c}");
    assert!(c.contains("What it rules out"), "{c}");
    assert!(c.contains("A second registry region"), "{c}");
    assert!(c.contains("href=\"objectives/publish-safely.html\""), "{c}");
    let print = &pages["print.html"];
    assert!(
        print.contains("<h2 id=\"p_constraints\">What we work within</h2>"),
        "{print}"
    );
    // Its summary gives an entry link the entry's title.
    assert!(
        print.contains(
            "budget for 2027 is fixed; see Maintainers publish without fear of a hijack."
        ),
        "{print}"
    );
    // The front page counts it with the assumptions and risks, linking to them.
    let index = &pages["index.html"];
    let counted = between(index, "<p class=\"around-count\">", "</p>");
    assert!(counted.contains("href=\"assumptions.html\""), "{counted}");
    assert!(counted.contains(">1 constraint</a>"), "{counted}");
    let json: serde_json::Value = serde_json::from_str(&pages["strategy.json"]).unwrap();
    assert_eq!(json["constraints"][0]["affects"][0]["id"], "publish-safely");
    // Linkable from prose like any entry.
    let checked = stratsite::check(&fixture("real-plan"), jiff::civil::date(2026, 11, 21));
    assert!(
        checked.is_ok(),
        "{}",
        render_plain(&checked.files, &checked.diagnostics)
    );
}

#[test]
fn serve_as_of_and_base_url_shows_exactly_what_build_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let site = std::path::Path::new("example-site");
    crate::common::build_with(site, &out, &["--base-url", "https://example.org/snapshot/"]);
    let options = [
        "--watch",
        "--port",
        "0",
        "--as-of",
        "2026-11-21",
        "--base-url",
        "https://example.org/snapshot/",
    ];
    let server = crate::common::Server::start_with(site, &options);
    assert!(server.url.ends_with("/snapshot/"), "{}", server.url);
    for page in [
        "index.html",
        "commitments/retry-soft-declines.html",
        "assumptions.html",
        "print.html",
    ] {
        let (status, served) = server.get(page);
        assert_eq!(status, 200, "{page}");
        // Everything but the live-reload client is the built page, byte for byte.
        let start = served
            .find("<script id=\"stratsite-live\">")
            .expect("reload client");
        let end = start + served[start..].find("</script>").unwrap() + "</script>".len();
        let served = format!("{}{}", &served[..start], &served[end..]);
        let built = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(served == built, "{page} differs from the built one");
    }
    for file in ["feed.xml", "sitemap.xml"] {
        assert_eq!(
            server.get(file).1,
            std::fs::read_to_string(out.join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn a_second_site_in_a_repository_with_a_pages_workflow_is_added_without_one() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    let first = tmp.path().join("first");
    let second = tmp.path().join("second");
    let init = |args: &[&str]| crate::site_test::stratsite(args);
    assert!(init(&["init", first.to_str().unwrap()]).status.success());
    let workflow = tmp.path().join(".github/workflows/pages.yml");
    let before = std::fs::read(&workflow).unwrap();
    let o = init(&["init", second.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("already has a Pages workflow"), "{err}");
    assert!(err.contains("stratsite init --no-workflow"), "{err}");
    assert!(
        !second.join("stratsite.toml").exists(),
        "nothing was written"
    );
    let o = init(&["init", "--no-workflow", second.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("--output public/SECOND --base-url"), "{err}");
    assert!(second.join("stratsite.toml").is_file());
    assert_eq!(
        std::fs::read(&workflow).unwrap(),
        before,
        "the workflow is untouched"
    );
    let checked = stratsite::check(&second, jiff::civil::date(2026, 11, 21));
    assert!(
        checked.is_ok(),
        "{}",
        render_plain(&checked.files, &checked.diagnostics)
    );
}

#[test]
fn serve_honours_the_sites_own_as_of() {
    let (_tmp, site) = crate::common::site_copy("tests/fixtures/lints/stale-commitment");
    let toml = site.join("stratsite.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replacen(
            "horizon = \"6 weeks\"\n",
            "horizon = \"6 weeks\"\nas_of = \"2026-11-01\"\n",
            1,
        ),
    )
    .unwrap();
    let server = crate::common::Server::start(&site);
    let (status, index) = server.get("index.html");
    assert_eq!(status, 200);
    assert!(
        index.contains("The content is as of 2026-11-01; the site was built on 2026-11-21."),
        "{index}"
    );
    let server = crate::common::Server::start_with(
        &site,
        &["--watch", "--port", "0", "--as-of", "2026-11-21"],
    );
    assert!(
        server
            .get("index.html")
            .1
            .contains("<p class=\"as-of\">As of 2026-11-21.")
    );
}

#[test]
fn a_draft_without_base_url_builds_and_is_warned_about_until_published() {
    // The lint's own fixture, whose diagnostic tests/testsuite/lints.rs keeps as a snapshot.
    let draft = "../lints/missing-base-url";
    assert!(diagnose(draft).contains("warning[missing-base-url]"));
    let (_tmp, pages) = built(draft);
    let index = &pages["index.html"];
    assert!(
        index.contains("<link rel=\"canonical\" href=\"/\">"),
        "{index}"
    );
    assert!(pages["commitments/type-ahead.html"].contains("href=\"/commitments/type-ahead.html\""));
    // CI can deny it; an address on the command line answers it.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let site = fixture(draft);
    let run = |extra: &[&str]| {
        let mut args = vec![
            "build",
            site.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--as-of",
            "2026-11-21",
        ];
        args.extend_from_slice(extra);
        crate::site_test::stratsite(&args)
    };
    let denied = run(&["--deny", "warnings"]);
    assert!(!denied.status.success());
    assert!(String::from_utf8_lossy(&denied.stderr).contains("missing-base-url"));
    let given = run(&[
        "--deny",
        "warnings",
        "--base-url",
        "https://example.org/draft/",
    ]);
    assert!(
        given.status.success(),
        "{}",
        String::from_utf8_lossy(&given.stderr)
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<link rel=\"canonical\" href=\"https://example.org/draft/\">"));
}

#[test]
fn titles_and_summaries_read_inline_markdown_and_stay_plain_where_html_cannot_go() {
    let (_tmp, pages) = built("inline-titles");
    let page = &pages["commitments/cache-target.html"];
    assert!(
        page.contains("<h1 dir=\"auto\">Cache <code>target/</code> between CI runs</h1>"),
        "{page}"
    );
    for plain in [
        "<title>Cache target/ between CI runs · Build times</title>",
        "<meta property=\"og:title\" content=\"Cache target/ between CI runs\">",
    ] {
        assert!(page.contains(plain), "{plain}: {page}");
    }
    let objective = &pages["objectives/faster-builds.html"];
    assert!(
        objective.contains(
            "<p class=\"lede\">From <em>4 minutes</em> to 2, starting with Cache target/ between CI runs.</p>"
        ),
        "{objective}"
    );
    assert!(
        objective.contains(
            "<meta name=\"description\" content=\"From 4 minutes to 2, starting with Cache target/ between CI runs.\">"
        ),
        "{objective}"
    );
    assert!(pages["index.html"].contains("<code>target/</code>"));
    assert!(pages["ideas.html"].contains("Follow up on Cache target/ between CI runs"));
    assert!(
        pages["feed.xml"]
            .contains("<title>Moved the due date of Cache target/ between CI runs</title>")
    );
    // No backtick of a code span shows anywhere: not on a page, in the feed, the search index
    // or the strategy map's text.
    for (path, text) in &pages {
        if path.ends_with(".html") || path.ends_with(".xml") || path == "search-index.js" {
            assert!(!text.contains('`'), "{path} shows a backtick");
        }
    }
    assert!(pages["search-index.js"].contains("\"Cache target/ between CI runs\""));
    assert!(pages["map.html"].contains("Cache target/"));
    // Raw HTML in a title, and in a summary of a site without `allow_html`, is text.
    for (path, text) in &pages {
        if path.ends_with(".html") || path.ends_with(".xml") {
            assert!(!text.contains("<script>alert(1)"), "{path}");
        }
    }
    assert!(
        pages["commitments/escape-titles.html"].contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(
        pages["themes/shared-cache.html"]
            .contains("One cache for &lt;em&gt;every&lt;/em&gt; runner.")
    );
    // strategy.json has the title as written, as plain text and as HTML.
    let json: serde_json::Value = serde_json::from_str(&pages["strategy.json"]).unwrap();
    let c = &json["commitments"][0];
    assert_eq!(c["title"], "Cache `target/` between CI runs");
    assert_eq!(c["title_text"], "Cache target/ between CI runs");
    assert_eq!(
        c["title_html"],
        "Cache <code>target/</code> between CI runs"
    );
    let o = &json["objectives"][0];
    assert_eq!(
        o["summary_html"],
        "From <em>4 minutes</em> to 2, starting with Cache target/ between CI runs."
    );
    assert_eq!(
        o["summary_text"],
        "From 4 minutes to 2, starting with Cache target/ between CI runs."
    );
}

#[test]
fn a_summary_may_hold_html_where_the_site_allows_it_and_a_title_never() {
    let site = crate::site_test::SiteTest::from_fixture("structure/inline-titles");
    site.change_file(
        "stratsite.toml",
        "horizon = \"6 weeks\"\n",
        "horizon = \"6 weeks\"\nallow_html = true\n",
    );
    site.build();
    assert!(
        site.read("themes/shared-cache.html")
            .contains("One cache for <em>every</em> runner.")
    );
    assert!(
        !site
            .read("commitments/escape-titles.html")
            .contains("<script>alert(1)")
    );
}

#[test]
fn an_entry_link_in_a_title_must_name_an_entry() {
    let site = crate::site_test::SiteTest::from_fixture("structure/inline-titles");
    site.change_file(
        "stratsite.toml",
        "[](@cache-target)\"\ntheme",
        "[](@cache-targt)\"\ntheme",
    );
    site.run(&["check"])
        .failure()
        .stderr_has(
            "the title of `follow-up` links to an entry that does not exist: `@cache-targt`",
        )
        .stderr_has("did you mean `cache-target`?");
}

//! Workspaces: one site built from several strategy folders (an organisation and its teams),
//! each still a strategy that checks and builds alone; and the promise that a single-folder site
//! builds exactly as it did before workspaces existed.

use crate::common;

use std::collections::BTreeMap;

use crate::site_test::SiteTest;

/// FNV-1a, 64 bits: a digest of a file's bytes small enough to keep in a snapshot.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every file of a built tree with its size and digest, one a line.
fn digests(tree: &BTreeMap<String, Vec<u8>>) -> String {
    tree.iter()
        .map(|(path, bytes)| format!("{path} {} {:016x}\n", bytes.len(), fnv(bytes)))
        .collect()
}

/// The example site (a copy, so that no git history shows) built as of the fixtures' date and on
/// it (`SOURCE_DATE_EPOCH`, so the clock of the machine running the test never shows): every file
/// and its digest are kept as a snapshot, so a single-folder site is proven to build byte for
/// byte as it did.
#[test]
fn a_single_folder_site_builds_byte_for_byte_as_before_workspaces() {
    let site = SiteTest::from_fixture("example-site")
        .env("SOURCE_DATE_EPOCH", Some(crate::site_test::AS_OF_EPOCH));
    site.build();
    let tree = common::read_tree(&site.out());
    insta::assert_snapshot!(digests(&tree));
}

/// `stratsite check` run inside a workspace fixture, as its author would: what it printed.
fn check_fixture(dir: &str) -> (crate::site_test::Run, String) {
    let site = SiteTest::from_fixture(dir);
    let run = site.run(&["check"]);
    let out = run.stderr();
    (run, out)
}

macro_rules! broken_workspace {
    ($($name:ident => $dir:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            let (run, out) = check_fixture(concat!("workspace/", $dir));
            assert_eq!(run.code(), Some(1), "{out}");
            insta::assert_snapshot!($dir, out);
        }
    )*};
}

broken_workspace! {
    a_reference_to_another_members_objective_that_does_not_exist_names_the_nearest => "broken-reference",
    a_member_folder_that_does_not_exist_is_an_error_at_its_entry => "missing-member",
    teams_whose_parents_lead_back_to_them_are_an_error_at_a_parent => "team-cycle",
    a_pinned_parent_copy_that_is_not_json_is_an_error_at_its_place => "invalid-parent-json",
}

macro_rules! workspace_lint {
    ($($name:ident => $code:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            let (run, out) = check_fixture(concat!("lints/", $code));
            assert_eq!(run.code(), Some(0), "a lint alone must not fail the check:\n{out}");
            assert!(out.contains(concat!("warning[", $code, "]")), "{out}");
            assert!(out.contains("= help:"), "{out}");
            insta::assert_snapshot!($code, out);
        }
    )*};
}

workspace_lint! {
    an_organisation_objective_no_team_moves_is_linted => "objective-without-team",
    a_team_objective_aligned_to_nothing_is_linted_where_the_workspace_asks => "unaligned-objective",
    a_reference_to_a_team_that_is_not_there_is_linted => "unknown-member",
}

#[test]
fn a_valid_workspace_checks_clean_and_so_does_each_member_alone() {
    let site = SiteTest::from_fixture("workspace/valid");
    site.run(&["check"])
        .success()
        .stderr_has("checked workspace `.`: 3 members, 9 entries in 4 files, no problems");
    for member in ["org", "teams/search", "teams/payments"] {
        let dir = site.site().join(member);
        crate::site_test::run(
            crate::site_test::command()
                .args(["check", "--as-of", "2026-11-21"])
                .current_dir(&dir),
        )
        .success()
        .stderr_has("no problems");
    }
}

#[test]
fn a_member_built_alone_shows_its_alignment_as_written() {
    let site = SiteTest::from_fixture("workspace/valid");
    let dir = site.site().join("teams/search");
    crate::site_test::run(
        crate::site_test::command()
            .args(["build", "--as-of", "2026-11-21"])
            .current_dir(&dir),
    )
    .success();
    let page = std::fs::read_to_string(dir.join("public/objectives/find-faster.html")).unwrap();
    assert!(page.contains("org:finish-the-order"), "{page}");
    assert!(!page.contains("breadcrumbs"), "{page}");
}

#[test]
fn a_workspace_builds_each_member_under_its_folder_with_the_organisation_in_front() {
    let site = SiteTest::from_fixture("workspace/valid");
    site.build().stderr_has("built `.` into `./public`");
    let tree = common::read_tree(&site.out());
    for f in [
        "index.html",
        "strategy.json",
        "assets/style.css",
        "assets/workspace.css",
        "org/index.html",
        "org/objectives/finish-the-order.html",
        "org/strategy.json",
        "teams/search/index.html",
        "teams/search/objectives/find-faster.html",
        "teams/payments/index.html",
    ] {
        assert!(tree.contains_key(f), "{f} missing: {:?}", tree.keys());
    }
    // The front page: the north star, with each team objective that moves it and its own
    // progress (25% of the way for each: never added up into one number).
    let front = site.main_of("index.html");
    assert!(front.contains("Shoppers finish their order"), "{front}");
    assert!(
        front.contains(
            r#"<a href="teams/search/objectives/find-faster.html">Objective of search</a>"#
        ),
        "{front}"
    );
    assert!(front.contains("(25% of the way)"), "{front}");
    assert!(
        front.contains(r#"<a href="teams/payments/index.html">payments team</a>"#),
        "{front}"
    );
    // A team objective: breadcrumbs from the organisation, and the chain up.
    let page = site.read("teams/search/objectives/find-faster.html");
    assert!(
        page.contains(r#"<li><a href="../../../index.html">Acme</a></li>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="../../../org/objectives/finish-the-order.html">Shoppers finish their order</a>"#),
        "{page}"
    );
    // The organisation's objective lists the team objectives that move it.
    let org = site.main_of("org/objectives/finish-the-order.html");
    assert!(org.contains("Team objectives that move it"), "{org}");
    assert!(
        org.contains(r#"<a href="../../teams/payments/objectives/fewer-failures.html">Objective of payments</a>"#),
        "{org}"
    );
    // Each member is published at its folder under the workspace's address.
    let json: serde_json::Value =
        serde_json::from_str(&site.read("teams/search/strategy.json")).unwrap();
    assert_eq!(
        json["site"]["base_url"],
        "https://example.org/strategy/teams/search/"
    );
    assert_eq!(
        json["objectives"][0]["aligns_to"][0],
        "org:finish-the-order"
    );
    let ws: serde_json::Value = serde_json::from_str(&site.read("strategy.json")).unwrap();
    assert_eq!(ws["members"].as_array().unwrap().len(), 3);
    assert_eq!(ws["alignment"][0]["from"], "payments:fewer-failures");
    assert_eq!(ws["alignment"][0]["to"], "org:finish-the-order");
    assert_eq!(
        ws["alignment"][0]["from_url"],
        "https://example.org/strategy/teams/payments/objectives/fewer-failures.html"
    );
    assert_eq!(
        ws["alignment"][0]["to_url"],
        "https://example.org/strategy/org/objectives/finish-the-order.html"
    );
}

#[test]
fn a_workspace_with_errors_writes_nothing() {
    let site = SiteTest::from_fixture("workspace/broken-reference");
    site.run(&["build"]).failure();
    assert!(!site.out().exists());
}

#[test]
fn declared_owners_are_checked_like_ids() {
    let site = SiteTest::from_fixture("workspace/valid").file(
        "stratsite.toml",
        "[workspace]\ntitle = \"Acme\"\nmembers = [\"org\", \"teams/*\"]\nowners = \"declared\"\n\n[workspace.people]\nana = { name = \"Ana Ruiz\" }\n",
    );
    site.change_file(
        "teams/search/stratsite.toml",
        "aligns_to",
        "owner = \"anna\"\naligns_to",
    );
    // Free text in contacts stays as written; an id-like one must be declared.
    site.change_file(
        "org/stratsite.toml",
        "name = \"The organisation\"",
        "name = \"The organisation\"\ncontacts = [\"#org on chat\", \"ann\"]",
    );
    site.change_file(
        "org/stratsite.toml",
        "why = \"Because.\"",
        "owner = [\"search\", \"paymnts\"]\nwhy = \"Because.\"",
    );
    site.change_file(
        "teams/payments/stratsite.toml",
        "aligns_to",
        "sponsor = \"serch\"\naligns_to",
    );
    site.run(&["check"])
        .failure()
        .stderr_has("the owner `anna` is neither a declared person nor a team")
        .stderr_has("teams/search/stratsite.toml:14:9")
        .stderr_has("did you mean `ana`?")
        .stderr_has("the sponsor `serch` is neither a declared person nor a team")
        // A contact written like an id is checked too.
        .stderr_has("the contact `ann` is neither a declared person nor a team")
        // In a list, the caret is under the name itself.
        .stderr_has("the owner `paymnts` is neither a declared person nor a team")
        .stderr_has("org/stratsite.toml:14:20")
        .stderr_has("did you mean `payments`?")
        .stderr_has("teams/payments/stratsite.toml:14:11")
        .stderr_has("did you mean `search`?");
}

/// References that point the wrong way, or at a near miss, are errors with a place and a fix:
/// a typo in the team part (like a typo in the objective part), a folder where the team's id
/// belongs, an objective of a team below, and one of a team beside.
#[test]
fn alignment_that_cannot_be_right_is_an_error_at_its_reference() {
    let cases = [
        (
            "teams/search/stratsite.toml",
            "aligns_to = [\"org:finish-the-order\"]",
            "aligns_to = [\"orgg:finish-the-order\"]",
            &[
                "`orgg:finish-the-order` names `orgg`, which is no team or parent of this workspace",
                "teams/search/stratsite.toml:14:14",
                "did you mean `org:finish-the-order`?",
            ][..],
        ),
        (
            "teams/search/stratsite.toml",
            "aligns_to = [\"org:finish-the-order\"]",
            "aligns_to = [\"teams/payments:fewer-failures\"]",
            &[
                "`teams/payments:fewer-failures` names the folder `teams/payments`; the team there is `payments`",
                "`payments:fewer-failures`",
            ][..],
        ),
        (
            "org/stratsite.toml",
            "why = \"Because.\"",
            "aligns_to = [\"search:find-faster\"]\nwhy = \"Because.\"",
            &[
                "`finish-the-order` aligns to `search:find-faster`, but `search` is a team below `org`",
                "org/stratsite.toml:13:14",
                "write `aligns_to = [\"org:finish-the-order\"]` on `search`'s objective",
            ][..],
        ),
        (
            "teams/search/stratsite.toml",
            "aligns_to = [\"org:finish-the-order\"]",
            "aligns_to = [\"payments:fewer-failures\"]",
            &[
                "`find-faster` aligns to `payments:fewer-failures`, but `payments` is not a team above `search`",
                "names objectives of the teams above: `org`",
            ][..],
        ),
    ];
    for (file, from, to, said) in cases {
        let site = SiteTest::from_fixture("workspace/valid");
        site.change_file(file, from, to);
        let run = site.run(&["check"]).failure();
        for s in said {
            assert!(
                run.stderr().contains(s),
                "{to}: expected {s:?} in\n{}",
                run.stderr()
            );
        }
    }
}

/// Where the workspace asks for alignment, an objective whose every reference leads nowhere
/// (a team that is not there, and like no team's name) aligns to nothing: both are said.
#[test]
fn an_objective_whose_references_all_lead_nowhere_is_unaligned() {
    let site = SiteTest::from_fixture("workspace/valid").file(
        "stratsite.toml",
        "[workspace]\ntitle = \"Acme\"\nmembers = [\"org\", \"teams/*\"]\nrequire_alignment = true\n",
    );
    site.change_file(
        "teams/search/stratsite.toml",
        "aligns_to = [\"org:finish-the-order\"]",
        "aligns_to = [\"sales:more-leads\"]",
    );
    site.run(&["check"])
        .success()
        .stderr_has("warning[unknown-member]: `sales:more-leads` names `sales`, which is no team or parent of this workspace")
        .stderr_has("warning[unaligned-objective]: the objective `find-faster` aligns to nothing above it")
        .stderr_has("no `aligns_to` reference leads to an objective of this workspace");
}

/// A member published under the workspace's `base_url` needs none of its own: `check` says so
/// as `build` does, so that `--deny warnings` agrees between them.
#[test]
fn members_need_no_base_url_of_their_own_under_a_workspaces() {
    let site = SiteTest::from_fixture("workspace/valid");
    site.change_file(
        "org/stratsite.toml",
        "base_url = \"https://example.org/strategy/org/\"\n",
        "",
    );
    for command in ["check", "build"] {
        let run = site.run(&[command, "--deny", "warnings"]).success();
        assert!(
            !run.stderr().contains("missing-base-url"),
            "{}",
            run.stderr()
        );
    }
    // Without the workspace's address, the member's own is missing.
    site.change_file(
        "stratsite.toml",
        "base_url = \"https://example.org/strategy/\"\n",
        "",
    );
    site.run(&["check"])
        .success()
        .stderr_has("warning[missing-base-url]");
}

/// An organisation objective that team objectives move has its work in their strategies: in the
/// workspace it needs no theme of its own, and a theme that serves only such objectives needs
/// no commitments. Checked alone, the organisation's strategy still says both.
#[test]
fn objectives_teams_move_need_no_work_of_their_own() {
    // A theme whose only objective teams move, with no work of its own.
    let site = SiteTest::from_fixture("workspace/valid");
    site.change_file(
        "org/stratsite.toml",
        "[[idea]]\nid = \"one-page\"\ntitle = \"One page\"\ntheme = \"no-dead-ends\"",
        "",
    );
    let err = site.run(&["check"]).success().stderr();
    assert!(!err.contains("empty-theme"), "{err}");
    site.run(&["check", "org"])
        .success()
        .stderr_has("warning[empty-theme]: theme `no-dead-ends` has neither commitments nor ideas");

    // An objective teams move that no theme of its own serves, beside one nobody moves.
    let site = SiteTest::from_fixture("workspace/valid");
    site.change_file(
        "org/stratsite.toml",
        "[[objective]]\nid = \"finish-the-order\"",
        "[[objective]]\nid = \"more-grocers\"\ntitle = \"More grocers sell with us\"\nwhy = \"Because.\"\n\n[[objective]]\nid = \"finish-the-order\"",
    );
    site.change_file(
        "org/stratsite.toml",
        "serves = [\"finish-the-order\"]",
        "serves = [\"more-grocers\"]",
    );
    let err = site.run(&["check"]).success().stderr();
    assert!(
        !err.contains("no theme serves objective `finish-the-order`"),
        "{err}"
    );
    site.run(&["check", "org"])
        .success()
        .stderr_has("no theme serves objective `finish-the-order`");
}

/// A parent that is itself a workspace publishes its objectives member by member: pinning its
/// root `strategy.json` is an error that names the members' files to pin instead.
#[test]
fn a_pinned_parent_that_is_a_workspace_names_the_members_to_pin() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::build(std::path::Path::new("example-org"), &out);
    let root_json = std::fs::read_to_string(out.join("strategy.json")).unwrap();
    let site =
        SiteTest::from_fixture("workspace/valid/teams/search").file("vendor/org.json", &root_json);
    site.change_file(
        "stratsite.toml",
        "[[objective]]",
        "[workspace.parents]\norg = { strategy = \"vendor/org.json\", url = \"https://acme.example/strategy\" }\n\n[[objective]]",
    );
    site.run(&["check"])
        .failure()
        .stderr_has("the pinned copy of the parent `org` is a workspace's `strategy.json`, which holds no objectives of its own")
        .stderr_has("vendor/org.json:1:1")
        .stderr_has("`https://basketful.github.io/strategy/org/strategy.json`");
}

/// `check --format json` on a workspace lists the lints every member's entries allow, each at
/// its member's file, as it does for a single strategy.
#[test]
fn a_workspace_check_in_json_lists_every_members_allowances() {
    let site = SiteTest::from_fixture("workspace/valid");
    site.change_file(
        "teams/search/stratsite.toml",
        "title = \"Objective of search\"",
        "title = \"Launch instant search\"\nallow = { output-objective = \"Launch is the programme's name\" }",
    );
    let run = site.run(&["check", "--format", "json"]).success();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(
        doc["allowances"],
        serde_json::json!([{
            "file": "./teams/search/stratsite.toml",
            "line": 14,
            "column": 11,
            "entry": "find-faster",
            "lint": "output-objective",
            "reason": "Launch is the programme's name",
            "suppressed": 1,
        }]),
        "{doc:#}"
    );
    assert_eq!(doc["summary"]["warnings"], 0, "{doc:#}");
}

/// The organisation on one page: `print.html` at the workspace root leads with the north stars
/// and the team objectives that move each, then every team with its first three live
/// commitments, featured first, and the address of the rest.
#[test]
fn a_workspace_prints_the_organisation_on_one_page() {
    let site = SiteTest::from_fixture("example-org");
    let mut more = String::new();
    for i in 1..=4 {
        more.push_str(&format!(
            "\n[[commitment]]\nid = \"more-{i}\"\ntitle = \"More work {i}\"\ntheme = \"payments-that-just-work\"\nowner = \"amira\"\nwhy = \"Because.\"\ndue = 2026-12-31\n{}",
            if i == 4 { "featured = true\n" } else { "" }
        ));
    }
    let payments = site.site().join("teams/payments/stratsite.toml");
    let text = std::fs::read_to_string(&payments).unwrap();
    std::fs::write(&payments, text + &more).unwrap();
    site.build();
    let page = site.main_of("print.html");
    assert!(
        page.contains("Moved by Checkout: <a href=\"teams/checkout/objectives/"),
        "{page}"
    );
    // Payments: the featured one first, then the one in progress, then the first planned.
    let rows: Vec<&str> = page
        .split("<tr>")
        .filter(|r| r.contains("teams/payments/commitments/"))
        .collect();
    assert_eq!(rows.len(), 3, "{page}");
    assert!(
        rows[0].contains("★ <a href=\"teams/payments/commitments/more-4.html\">More work 4</a>"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].contains("Retry soft declines once, quietly"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].contains("More work 1") && rows[2].contains("<td>Amira Haddad</td>"),
        "{}",
        rows[2]
    );
    assert!(
        page.contains(
            "5 live; the other 2: https://basketful.github.io/strategy/teams/payments/index.html"
        ),
        "{page}"
    );
    assert!(
        site.read("index.html")
            .contains(r#"<a href="print.html">The organisation on one page</a>"#)
    );
}

/// Fifty teams on one front page: more than five team objectives under a north star fold away
/// behind their count by status, and more than eight teams are laid out as a compact list.
#[test]
fn a_front_page_of_many_teams_folds_long_lists_away() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("ws");
    let out = tmp.path().join("out");
    let write = |rel: &str, text: String| {
        let p = site.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "stratsite.toml",
        "[workspace]\ntitle = \"Many teams\"\nmembers = [\"org\", \"teams/*\"]\n".into(),
    );
    write(
        "org/stratsite.toml",
        "[site]\ntitle = \"Org\"\nhorizon = \"6 weeks\"\n\n[team]\nid = \"org\"\nname = \"The organisation\"\n\n[[objective]]\nid = \"grow\"\ntitle = \"Shoppers come back\"\nwhy = \"Because.\"\n".into(),
    );
    for t in 0..12 {
        write(
            &format!("teams/team-{t:02}/stratsite.toml"),
            format!(
                "[site]\ntitle = \"Team {t}\"\nhorizon = \"6 weeks\"\n\n[team]\nname = \"Team {t}\"\nparent = \"org\"\n\n[[objective]]\nid = \"o\"\ntitle = \"Team {t} outcome\"\naligns_to = [\"org:grow\"]\nwhy = \"Because.\"\nmetric = {{ name = \"m\", unit = \"%\", baseline = 10, current = {}, target = 50, since = 2026-01-01, by = 2027-06-30 }}\n",
                if t % 3 == 0 { 40 } else { 12 }
            ),
        );
    }
    common::build(&site, &out);
    let front = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        front.contains(r#"<ul class="team-list team-list-many">"#),
        "{front}"
    );
    let folded = front
        .matches(r#"<details class="contributors-many">"#)
        .count();
    assert!(folded >= 1, "{front}");
    assert!(
        front.contains("<summary>Moved by 12 team objectives: 4 on track, 8 behind pace</summary>"),
        "{front}"
    );
}

/// Three levels: the organisation's front page shows under each north star the group
/// objectives that move it, and under each of those the team objectives that move it, each with
/// its own progress; the team's objective page shows the chain up to the top.
#[test]
fn three_levels_read_from_the_front_page_down_and_from_a_team_up() {
    let site = SiteTest::from_fixture("workspace/valid")
        .file(
            "stratsite.toml",
            "[workspace]\ntitle = \"Acme\"\nmembers = [\"org\", \"teams/*\", \"groups/*\"]\n",
        )
        .file(
            "groups/shop/stratsite.toml",
            "[site]\ntitle = \"Shop group\"\nhorizon = \"6 weeks\"\n\n[team]\nname = \"Shop group\"\nparent = \"org\"\n\n[[objective]]\nid = \"smooth\"\ntitle = \"The shop runs smoothly\"\naligns_to = [\"org:finish-the-order\"]\nwhy = \"Because.\"\n",
        );
    site.change_file(
        "teams/payments/stratsite.toml",
        "parent = \"org\"",
        "parent = \"shop\"",
    );
    site.change_file(
        "teams/payments/stratsite.toml",
        "aligns_to = [\"org:finish-the-order\"]",
        "aligns_to = [\"shop:smooth\"]",
    );
    site.build();
    let front = site.main_of("index.html");
    let shop = front
        .find(r#"<a href="groups/shop/objectives/smooth.html">The shop runs smoothly</a>"#)
        .unwrap_or_else(|| panic!("{front}"));
    let below = &front[shop..];
    let nested = below
        .find(r#"<ul class="contributors contributors-below">"#)
        .unwrap();
    let payments = below
        .find(
            r#"<a href="teams/payments/objectives/fewer-failures.html">Objective of payments</a>"#,
        )
        .unwrap();
    assert!(nested < payments, "{below}");
    let page = site.main_of("teams/payments/objectives/fewer-failures.html");
    let chain = page.split(r#"<ol class="align-chain">"#).nth(1).unwrap();
    let (group, org) = (
        chain.find("The shop runs smoothly").unwrap(),
        chain.find("Shoppers finish their order").unwrap(),
    );
    // From the top down to this objective.
    assert!(org < group, "{chain}");
}

/// `build --timings` on a workspace sums each step over the members and then gives the
/// workspace's own steps, each once.
#[test]
fn a_workspace_build_with_timings_sums_the_members_steps() {
    let site = SiteTest::from_fixture("workspace/valid");
    let run = site.run(&["build", "--timings"]).success();
    let err = run.stderr();
    let line = err
        .lines()
        .find_map(|l| l.strip_prefix("timings: "))
        .unwrap_or_else(|| panic!("{err}"));
    let (members, own) = line
        .split_once(
            " (each summed over the 3 members, which are rendered in parallel); workspace: ",
        )
        .unwrap_or_else(|| panic!("{line}"));
    for step in ["load", "validate", "lint", "templates", "plan", "render"] {
        assert_eq!(
            members.matches(&format!("{step} ")).count(),
            1,
            "{step} once in {members}"
        );
    }
    for step in ["members", "workspace", "front", "swap"] {
        assert!(own.contains(&format!("{step} ")), "{step} in {own}");
    }
}

/// What `serve --watch` shows after each save is what `build` writes from the same files: the
/// example workspace served, saved in one team, in the organisation, in a team objective others
/// show, in the root (a person's name) and in a team's name, and after each save every page
/// served compared with a fresh build, byte for byte (but for the live-reload client).
#[test]
fn serve_after_each_save_shows_what_build_writes() {
    let site = SiteTest::from_fixture("example-org");
    let server = common::Server::start(site.site());
    let edits = [
        (
            "teams/payments/stratsite.toml",
            "Retry soft declines once, quietly",
            "Retry soft declines once",
        ),
        (
            "org/stratsite.toml",
            "Shoppers who start an order finish it",
            "Shoppers who start an order finish it, every time",
        ),
        (
            "teams/checkout/stratsite.toml",
            "Shoppers place their order on the first try",
            "Shoppers order on the first try",
        ),
        ("stratsite.toml", "Priya Raman", "Priya R. Raman"),
        (
            "teams/partners/stratsite.toml",
            "name = \"Partners\"",
            "name = \"Grocer partners\"",
        ),
    ];
    let builds = |e: &str| e.matches("built in ").count();
    server.wait_for_stderr("the first build", |e| builds(e) == 1);
    for (n, (file, from, to)) in edits.into_iter().enumerate() {
        site.change_file(file, from, to);
        server.wait_for_stderr("the rebuild", |e| builds(e) == n + 2);
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        common::build(site.site(), &out);
        let mut pages = 0;
        for (rel, bytes) in common::read_tree(&out) {
            if !rel.ends_with(".html") {
                continue;
            }
            let (status, body) = server.get(&rel);
            assert!(status == 200 || rel == "404.html", "{rel}: {status}");
            // The page as built: without the live-reload client the server adds.
            let at = body
                .find(r#"<script id="stratsite-live">"#)
                .unwrap_or_else(|| panic!("{rel} has no live-reload client"));
            let end = at + body[at..].find("</script>").unwrap() + "</script>".len();
            let served = format!("{}{}", &body[..at], &body[end..]);
            let built = String::from_utf8(bytes).unwrap();
            assert_eq!(
                served, built,
                "after saving {file} ({from} → {to}): {rel} differs"
            );
            pages += 1;
        }
        assert!(pages > 30, "{pages} pages compared");
    }
    // The saves took every way a rebuild has: a member kept whole, members drawn again only in
    // their objectives' pages, and every member drawn again.
    let said = server.stderr.lock().unwrap().clone();
    assert!(said.contains("(1 of 4 members drawn again)"), "{said}");
    assert!(
        said.contains("more only in their objectives' pages)"),
        "{said}"
    );
    assert!(
        said.matches("(4 of 4 members drawn again)").count() >= 2,
        "{said}"
    );
}

/// Owners and sponsors written as ids of declared people and teams are shown by name on the
/// workspace's pages, and as written when the member is built alone.
#[test]
fn declared_people_and_teams_are_shown_by_name() {
    let site = SiteTest::from_fixture("workspace/valid").file(
        "stratsite.toml",
        "[workspace]\ntitle = \"Acme\"\nmembers = [\"org\", \"teams/*\"]\nowners = \"declared\"\n\n[workspace.people]\nana = { name = \"Ana Ruiz\" }\n",
    );
    site.change_file(
        "org/stratsite.toml",
        "why = \"Because.\"",
        "owner = [\"search\", \"payments\"]\nsponsor = \"ana\"\nwhy = \"Because.\"",
    );
    site.build();
    let page = site.main_of("org/objectives/finish-the-order.html");
    assert!(
        page.contains(r#"<p class="byline">Owners: search team and payments team</p>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<p class="byline">Sponsor: Ana Ruiz</p>"#),
        "{page}"
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("org/strategy.json")).unwrap();
    assert_eq!(json["objectives"][0]["sponsor"], "ana");
    assert_eq!(
        json["objectives"][0]["sponsors"],
        serde_json::json!(["ana"])
    );

    let alone = SiteTest::from_fixture("workspace/valid/org");
    alone.change_file(
        "stratsite.toml",
        "why = \"Because.\"",
        "sponsor = \"ana\"\nwhy = \"Because.\"",
    );
    alone.build();
    assert!(
        alone
            .main_of("objectives/finish-the-order.html")
            .contains(r#"<p class="byline">Sponsor: ana</p>"#)
    );
}

#[test]
fn a_strategy_aligned_to_a_pinned_parent_checks_its_references_and_links_the_published_pages() {
    let site = SiteTest::from_fixture("workspace/valid/teams/search")
        .file(
            "vendor/org.json",
            r#"{ "format_version": 1, "site": { "title": "Acme" }, "objectives": [ { "id": "finish-the-order", "title": "Shoppers finish their order" } ] }"#,
        );
    site.change_file(
        "stratsite.toml",
        "[[objective]]",
        "[workspace.parents]\norg = { strategy = \"vendor/org.json\", url = \"https://acme.example/strategy\" }\n\n[[objective]]",
    );
    site.build();
    let page = site.main_of("objectives/find-faster.html");
    assert!(
        page.contains(r#"<a href="https://acme.example/strategy/objectives/finish-the-order.html">Shoppers finish their order</a>"#),
        "{page}"
    );
    assert!(site.read("assets/workspace.css").contains(".align-chain"));
    site.change_file(
        "stratsite.toml",
        "org:finish-the-order",
        "org:finish-the-ordr",
    );
    site.run(&["check"])
        .failure()
        .stderr_has("`org` has no objective `finish-the-ordr`")
        .stderr_has("did you mean `org:finish-the-order`?");
}

#[test]
fn a_site_with_members_and_a_site_table_is_told_where_members_belong() {
    let site = SiteTest::from_fixture("check/valid-minimal").file(
        "stratsite.toml",
        &format!(
            "{}\n[workspace]\nmembers = [\"teams/*\"]\n",
            std::fs::read_to_string("tests/fixtures/check/valid-minimal/stratsite.toml").unwrap()
        ),
    );
    site.run(&["check"])
        .failure()
        .stderr_has("`members` of `[workspace]` belongs in a workspace root, not beside `[site]`");
}

#[test]
fn init_starts_a_workspace_and_adds_teams_that_check_and_build_together() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    let run = |args: &[&str], at: &std::path::Path| {
        crate::site_test::run(crate::site_test::command().args(args).current_dir(at))
    };
    run(&["init", "--workspace", "acme"], tmp.path())
        .success()
        .stderr_has("created acme/org/stratsite.toml");
    run(&["init", "--team", "payments"], &dir)
        .success()
        .stderr_has("created ./teams/payments/stratsite.toml");
    run(&["init", "--team", "payments"], &dir)
        .failure()
        .stderr_has("already exists");
    run(&["init", "--team", "Payments Team"], &dir)
        .failure()
        .stderr_has("cannot be a team's id")
        .stderr_has("e.g. `stratsite init --team payments-team`");
    run(&["check", "--as-of", "2026-11-21"], &dir)
        .success()
        .stderr_has("checked workspace `.`: 2 members");
    let team = std::fs::read_to_string(dir.join("teams/payments/stratsite.toml")).unwrap();
    assert!(
        team.starts_with("#:schema ../../stratsite.schema.json\n"),
        "{team}"
    );
    assert!(team.contains("parent = \"org\""), "{team}");
    run(&["build", "--as-of", "2026-11-21"], &dir).success();
    let page =
        std::fs::read_to_string(dir.join("public/teams/payments/objectives/finish-the-order.html"))
            .unwrap();
    assert!(
        page.contains(r#"<a href="../../../org/objectives/finish-the-order.html">"#),
        "{page}"
    );
    // A team cannot be added to a folder that is not a workspace.
    run(&["init", "--team", "search"], &dir.join("org"))
        .failure()
        .stderr_has("is not a workspace root");
    // The new team names itself as the owner, which checks where owners must be declared.
    assert!(team.contains("title = \"payments: strategy\""), "{team}");
    assert!(team.contains("owner = \"payments\""), "{team}");
    let root = dir.join("stratsite.toml");
    let text = std::fs::read_to_string(&root).unwrap();
    std::fs::write(
        &root,
        text.replace(
            "members = [\"org\", \"teams/*\"]",
            "members = [\"org\", \"departments/*\"]\nowners = \"declared\"",
        ),
    )
    .unwrap();
    std::fs::create_dir(dir.join("departments")).unwrap();
    // It goes where the members look for teams...
    run(&["init", "--team", "health"], &dir)
        .success()
        .stderr_has("created ./departments/health/stratsite.toml")
        .stderr_has("edit ./departments/health/stratsite.toml");
    run(&["check", "--as-of", "2026-11-21"], &dir)
        .success()
        .stderr_has("checked workspace `.`: 2 members");
    // ...and where no entry would find it, the user is told what to add.
    std::fs::write(
        &root,
        text.replace("members = [\"org\", \"teams/*\"]", "members = [\"org\"]"),
    )
    .unwrap();
    run(&["init", "--team", "search"], &dir)
        .success()
        .stderr_has("warning: `teams/search` is not one of the workspace's members yet")
        .stderr_has("add \"teams/search\" to `members`");
}

#[test]
fn serve_builds_every_member_of_a_workspace() {
    let site = SiteTest::from_fixture("workspace/valid");
    let server = common::Server::start(site.site());
    let (status, front) = server.get("index.html");
    assert_eq!(status, 200);
    assert!(front.contains("Shoppers finish their order"), "{front}");
    let (status, page) = server.get("teams/search/objectives/find-faster.html");
    assert_eq!(status, 200);
    assert!(page.contains("breadcrumbs"), "{page}");
}

/// A save reads again only the member whose file it changed, and draws again only the members
/// whose pages can show it: an idea of one team touches that team alone; an organisation
/// objective's title shows on every team page that aligns to it, so those are drawn again too.
#[test]
fn serve_draws_again_only_the_members_a_save_can_change() {
    let site = SiteTest::from_fixture("workspace/valid");
    let server = common::Server::start(site.site());
    server.wait_for_stderr("the first build", |e| {
        e.contains("(3 of 3 members drawn again)")
    });
    let search = "teams/search/objectives/find-faster.html";
    // The page as built: the live-reload client it is served with names each build.
    let built = |page: &str| {
        let (_, body) = server.get(page);
        body.split(r#"<script id="stratsite-live">"#)
            .next()
            .unwrap()
            .to_owned()
    };
    let search_before = built(search);
    let search_ideas = built("teams/search/ideas.html");
    assert!(
        search_before.contains("Shoppers finish their order"),
        "{search_before}"
    );

    let payments = site.site().join("teams/payments/stratsite.toml");
    let text = std::fs::read_to_string(&payments).unwrap();
    std::fs::write(
        &payments,
        text.replace("An idea of payments", "An idea of payments, renamed"),
    )
    .unwrap();
    server.wait_for("teams/payments/ideas.html", "the renamed idea", |b| {
        b.contains("An idea of payments, renamed")
    });
    server.wait_for_stderr("one member drawn again", |e| {
        e.contains("(1 of 3 members drawn again)")
    });
    assert_eq!(built(search), search_before, "search was not touched");

    // A save that breaks a member, then one that mends it: the others stay as they were kept.
    std::fs::write(&payments, "[site\n").unwrap();
    server.wait_for_stderr("the failed build", |e| e.contains("the build failed"));
    std::fs::write(&payments, &text).unwrap();
    server.wait_for("teams/payments/ideas.html", "the idea's first title", |b| {
        b.contains("An idea of payments<")
    });
    assert_eq!(built(search), search_before);

    let org = site.site().join("org/stratsite.toml");
    let org_text = std::fs::read_to_string(&org).unwrap();
    std::fs::write(
        &org,
        org_text.replace("Shoppers finish their order", "Shoppers finish every order"),
    )
    .unwrap();
    let after = server.wait_for(search, "the organisation's new title", |b| {
        b.contains("Shoppers finish every order")
    });
    assert!(!after.contains("Shoppers finish their order"), "{after}");
    // The organisation is read and drawn again; the teams that align to the objective only in
    // the pages of their objectives that show its title.
    let said = server.wait_for_stderr("the teams' objective pages drawn again", |e| {
        e.contains("(1 of 3 members drawn again, 2 more only in their objectives' pages)")
    });
    assert!(!said.contains("panicked"), "{said}");
    // The rest of a team's pages are as they were.
    assert_eq!(built("teams/search/ideas.html"), search_ideas);
}

#[test]
fn the_workspace_example_checks_clean_as_a_whole_and_member_by_member() {
    crate::site_test::stratsite(&["check", "example-org", "--as-of", "2026-11-21"])
        .success()
        .stderr_has(
            "checked workspace `example-org`: 4 members, 17 entries in 6 files, no problems",
        );
    for member in ["org", "teams/checkout", "teams/payments", "teams/partners"] {
        crate::site_test::stratsite(&[
            "check",
            &format!("example-org/{member}"),
            "--as-of",
            "2026-11-21",
        ])
        .success()
        .stderr_has(", no problems");
    }
    // Alone, a team cannot see the teams its references name, and says so.
    crate::site_test::stratsite(&[
        "check",
        "example-org/teams/payments",
        "--as-of",
        "2026-11-21",
    ])
    .success()
    .stderr_has(
        "note: 1 `aligns_to` reference to other teams' objectives is checked when the workspace is",
    );
}

#[test]
fn the_workspace_example_front_page_shows_a_parent_published_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::build(std::path::Path::new("example-org"), &out);
    let front = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        front.contains(r#"<a href="https://group.basketful.example/strategy/objectives/grow-the-marketplace.html">Independent grocers sell more through Basketful</a>"#),
        "{front}"
    );
    // A north star's sponsor, declared once, by name.
    assert!(
        front.contains(r#"<p class="note">Sponsor: Priya Raman</p>"#),
        "{front}"
    );
    // Only the root has a 404 page: GitHub Pages serves no other.
    assert!(out.join("404.html").is_file());
    assert!(!out.join("teams/payments/404.html").exists());
}

#[test]
fn a_member_that_is_a_workspace_itself_is_an_error() {
    let site = SiteTest::from_fixture("workspace/valid").file(
        "teams/search/stratsite.toml",
        "[workspace]\ntitle = \"Nested\"\nmembers = [\"x\"]\n",
    );
    site.run(&["check"])
        .failure()
        .stderr_has("the member `teams/search` is a workspace itself; workspaces do not nest");
}

#[cfg(unix)]
#[test]
fn a_member_linked_from_outside_the_workspace_is_refused() {
    let site = SiteTest::from_fixture("workspace/valid");
    let outside = site.tmp().join("elsewhere");
    common::copy_dir(&site.site().join("teams/search"), &outside);
    std::fs::remove_dir_all(site.site().join("teams/search")).unwrap();
    std::os::unix::fs::symlink(&outside, site.site().join("teams/search")).unwrap();
    site.run(&["check"])
        .failure()
        .stderr_has("is a link to")
        .stderr_has("outside the workspace");
}

#[test]
fn a_workspace_builds_again_into_its_previous_output() {
    let site = SiteTest::from_fixture("workspace/valid");
    site.build();
    site.build();
    let json = site.read("strategy.json");
    assert!(
        json.starts_with("{\n  \"format_version\": 1,\n  \"generator\": \"stratsite"),
        "{json}"
    );
}

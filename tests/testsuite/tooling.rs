//! The authoring tools around the core: the JSON and GitHub Actions report formats (read back by
//! real parsers), `init`, the JSON Schema (used by a real validator), shell completions and the
//! manual page.

use crate::common;

use std::path::Path;

use crate::site_test::{SiteTest, command, run, stratsite};
use common::{read_tree, site_copy};
use serde_json::Value;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ---------------------------------------------------------------------------------------------
// --format json
// ---------------------------------------------------------------------------------------------

fn json_of(args: &[&str]) -> (Option<i32>, Value) {
    let o = stratsite(args);
    let doc: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", text(&o.stdout)));
    (o.status.code(), doc)
}

#[test]
fn json_report_has_the_documented_shape() {
    let (code, doc) = json_of(&[
        "check",
        "tests/fixtures/lints/stale-commitment",
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["command"], "check");
    assert_eq!(doc["site"], "tests/fixtures/lints/stale-commitment");
    assert_eq!(doc["summary"]["errors"], 0);
    assert_eq!(doc["summary"]["warnings"], 1);
    assert!(
        doc["summary"]["text"]
            .as_str()
            .unwrap()
            .ends_with("1 warning")
    );
    let d = &doc["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["code"], "stale-commitment");
    assert_eq!(
        d["file"],
        "tests/fixtures/lints/stale-commitment/stratsite.toml"
    );
    // `due = 2026-11-06` is on line 23; the date starts at column 7 and is 10 characters long.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(23), Some(7))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(23), Some(17))
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("was due on 2026-11-06")
    );
    assert!(d["help"].as_str().unwrap().contains("status = \"done\""));
    assert!(d["notes"].is_array() && d["related"].is_array());
    let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    for k in [
        "severity",
        "code",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "label",
        "help",
        "notes",
        "related",
    ] {
        assert!(keys.contains(&k), "missing `{k}` in {d}");
    }
}

#[test]
fn json_report_for_errors_outside_and_inside_files() {
    let (code, doc) = json_of(&["check", "tests/fixtures/no-such-site", "--format", "json"]);
    assert_eq!(code, Some(1));
    let d = &doc["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert!(d["file"].is_null() && d["line"].is_null() && d["code"].is_null());
    assert_eq!(doc["summary"]["errors"], 1);

    let (code, doc) = json_of(&[
        "check",
        "tests/fixtures/check/duplicate-id",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(1));
    let d = &doc["diagnostics"][0];
    assert!(d["file"].as_str().unwrap().ends_with(".toml"));
    let related = d["related"].as_array().unwrap();
    assert_eq!(related.len(), 1, "{d}");
    assert!(related[0]["line"].as_u64().unwrap() >= 1);
}

#[test]
fn json_report_from_build_and_deny() {
    let (tmp, site) = site_copy("tests/fixtures/lints/stale-commitment");
    let out = tmp.path().join("public");
    let (code, doc) = json_of(&[
        "build",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
        "--deny",
        "warnings",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(doc["command"], "build");
    assert_eq!(doc["diagnostics"][0]["severity"], "error");
    assert_eq!(doc["summary"]["errors"], 1);
    assert!(!out.exists());
}

// ---------------------------------------------------------------------------------------------
// --format github
// ---------------------------------------------------------------------------------------------

/// One workflow command, parsed.
#[derive(Debug)]
struct WorkflowCommand {
    command: String,
    properties: Vec<(String, String)>,
    message: String,
}

/// Undoes the escaping GitHub's runner undoes; any other `%` is malformed.
fn unescape(s: &str, property: bool) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i..i + 3).ok_or("truncated escape")?;
        let ch = match code {
            "%25" => '%',
            "%0D" => '\r',
            "%0A" => '\n',
            "%3A" if property => ':',
            "%2C" if property => ',',
            _ => return Err(format!("bad escape {code} in {s:?}")),
        };
        out.push(ch);
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Parses `::command key=value,key=value::message` following the documented grammar, strictly:
/// known commands and properties only, no raw separators inside values, only the documented
/// escapes.
fn parse_workflow_command(line: &str) -> Result<WorkflowCommand, String> {
    let body = line.strip_prefix("::").ok_or("does not start with ::")?;
    let (head, message) = body.split_once("::").ok_or("no :: before the message")?;
    let (command, props) = match head.split_once(' ') {
        Some((c, p)) => (c, Some(p)),
        None => (head, None),
    };
    if !["error", "warning", "notice"].contains(&command) {
        return Err(format!("unknown command {command:?}"));
    }
    if message.contains(['\r', '\n']) {
        return Err("raw line break in the message".into());
    }
    let mut properties = Vec::new();
    for prop in props.map(|p| p.split(',').collect()).unwrap_or(Vec::new()) {
        let (k, v) = prop.split_once('=').ok_or(format!("no = in {prop:?}"))?;
        if !["title", "file", "col", "endColumn", "line", "endLine"].contains(&k) {
            return Err(format!("unknown property {k:?}"));
        }
        if v.contains([':', ',', '\r', '\n']) {
            return Err(format!("unescaped separator in {k}={v:?}"));
        }
        let v = unescape(v, true)?;
        if k != "title" && k != "file" && v.parse::<u32>().map_or(true, |n| n == 0) {
            return Err(format!("{k} is not a positive number: {v:?}"));
        }
        properties.push((k.to_owned(), v));
    }
    Ok(WorkflowCommand {
        command: command.to_owned(),
        properties,
        message: unescape(message, false)?,
    })
}

impl WorkflowCommand {
    fn prop(&self, k: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }
}

fn github_lines(stdout: &[u8]) -> (Vec<WorkflowCommand>, Vec<String>) {
    let mut commands = Vec::new();
    let mut plain = Vec::new();
    for line in text(stdout).lines() {
        if line.starts_with("::") {
            commands.push(parse_workflow_command(line).unwrap_or_else(|e| panic!("{e}: {line}")));
        } else {
            plain.push(line.to_owned());
        }
    }
    (commands, plain)
}

#[test]
fn github_annotations_parse_and_point_at_the_source() {
    let o = stratsite(&[
        "check",
        "tests/fixtures/lints/review-overdue",
        "--as-of",
        "2026-11-21",
        "--format",
        "github",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let (commands, plain) = github_lines(&o.stdout);
    assert_eq!(commands.len(), 2, "{commands:?}");
    let a = &commands[0];
    assert_eq!(a.command, "warning");
    assert_eq!(a.prop("title"), Some("review-overdue"));
    assert_eq!(
        a.prop("file"),
        Some("tests/fixtures/lints/review-overdue/stratsite.toml")
    );
    assert!(a.prop("line").is_some() && a.prop("col").is_some());
    assert!(a.prop("endLine").is_some() && a.prop("endColumn").is_some());
    assert!(a.message.contains("\nhelp: review the assumption"), "{a:?}");
    assert_eq!(
        plain,
        vec!["checked `tests/fixtures/lints/review-overdue`: 5 entries in 1 file, 2 warnings"]
    );
}

#[test]
fn github_paths_are_relative_to_the_repository_root() {
    // In CI the workflow runs `stratsite build .` at the root of the repository.
    let o = SiteTest::from_fixture("lints/stale-commitment")
        .env("GITHUB_ACTIONS", Some("true"))
        .run(&["check", "."]);
    let (commands, _) = github_lines(&o.stdout);
    // The copy is not in a git repository, which a notice says (the goalpost guard is off).
    let (notices, commands): (Vec<_>, Vec<_>) =
        commands.into_iter().partition(|c| c.command == "notice");
    assert_eq!(notices.len(), 1, "{}", text(&o.stdout));
    assert!(notices[0].message.contains("is not in a git repository"));
    assert_eq!(commands.len(), 1, "{}", text(&o.stdout));
    assert_eq!(commands[0].prop("file"), Some("stratsite.toml"));
    assert_eq!(commands[0].prop("line"), Some("23"));
}

#[test]
fn github_format_is_chosen_in_github_actions_and_escapes_everything() {
    // A folder name and a lint name full of the characters the format must escape.
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let odd = tmp.path().join("odd,name: 100%");
    std::fs::rename(&site, &odd).unwrap();
    let toml = odd.join("stratsite.toml");
    let t = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        t.replacen(
            "[[objective]]",
            "[lints]\n\"50%,a:b\" = \"warn\"\n\n[[objective]]",
            1,
        ),
    )
    .unwrap();
    let o = run(command()
        .args(["check", odd.to_str().unwrap()])
        .env("GITHUB_ACTIONS", "true"));
    assert_eq!(o.status.code(), Some(1));
    let (commands, _) = github_lines(&o.stdout);
    assert_eq!(commands.len(), 1, "{}", text(&o.stdout));
    let c = &commands[0];
    assert_eq!(c.command, "error");
    assert_eq!(c.prop("file"), Some(toml.to_str().unwrap()));
    assert!(
        c.message.starts_with("unknown lint `50%,a:b` in `[lints]`"),
        "{c:?}"
    );
    assert!(c.message.contains('\n'));
    // Outside GitHub Actions the default stays human.
    let o = stratsite(&["check", odd.to_str().unwrap()]);
    assert!(o.stdout.is_empty());
    assert!(text(&o.stderr).contains("error: unknown lint"));
}

// ---------------------------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------------------------

#[test]
fn init_creates_a_site_that_checks_clean_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-strategy");
    let d = dir.to_str().unwrap();
    let o = stratsite(&["init", d]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    for f in [
        "stratsite.toml",
        "stratsite.schema.json",
        ".gitignore",
        ".github/workflows/pages.yml",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
        assert!(err.contains(f), "init does not say it wrote {f}:\n{err}");
    }
    assert!(err.contains("stratsite build"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join(".github/workflows/pages.yml")).unwrap(),
        std::fs::read_to_string("docs/github-pages.yml").unwrap()
    );
    assert!(
        std::fs::read_to_string(dir.join(".gitignore"))
            .unwrap()
            .lines()
            .any(|l| l == "public/")
    );
    let site_toml = std::fs::read_to_string(dir.join("stratsite.toml")).unwrap();
    assert!(site_toml.starts_with("#:schema ./stratsite.schema.json\n"));
    for kind in stratsite::Kind::ALL {
        assert!(
            site_toml.contains(&format!("[[{}]]", kind.key())),
            "no {kind:?} in the scaffold"
        );
    }

    let o = stratsite(&["check", d]);
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("no problems"), "{err}");

    let o = stratsite(&["build", d]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(dir.join("public/index.html").is_file());
    assert!(dir.join("public/commitments/fees-in-basket.html").is_file());
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let d = dir.to_str().unwrap();
    assert!(stratsite(&["init", d]).status.success());
    std::fs::write(dir.join("stratsite.toml"), "# mine\n").unwrap();
    let before = read_tree(dir);
    let o = stratsite(&["init", d]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("stratsite.toml"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(before, read_tree(dir), "files are unchanged");

    // One existing file is enough to write nothing at all, not even to `.gitignore`.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join(".gitignore"), "target/\n").unwrap();
    std::fs::create_dir_all(other.path().join(".github/workflows")).unwrap();
    std::fs::write(
        other.path().join(".github/workflows/pages.yml"),
        "on: push\n",
    )
    .unwrap();
    let before = read_tree(other.path());
    let o = stratsite(&["init", other.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("pages.yml"), "{}", text(&o.stderr));
    assert_eq!(before, read_tree(other.path()), "files are unchanged");
}

/// The site and output folder the stratsite action builds in a Pages workflow, and the
/// uploaded folder.
fn build_and_upload(workflow: &str) -> (String, String, String) {
    let docs = yaml_rust2::YamlLoader::load_from_str(workflow).expect("valid YAML");
    let steps = docs[0]["jobs"]["build"]["steps"].as_vec().unwrap().clone();
    let build = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("stratsite/stratsite@"))
        })
        .expect("a step using the stratsite action");
    assert_eq!(build["with"]["command"].as_str(), Some("build"));
    let with = |key: &str| build["with"][key].as_str().unwrap().to_owned();
    let path = steps
        .iter()
        .find_map(|s| s["with"]["path"].as_str())
        .unwrap()
        .to_owned();
    (with("site"), with("output"), path)
}

#[test]
fn init_in_a_folder_of_a_repository_puts_the_workflow_at_its_root() {
    for site in ["strategy", "docs/our strategy", "o'brien", "a: b #c"] {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        let dir = repo.join(site);
        let o = stratsite(&["init", dir.to_str().unwrap()]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains("at the root of the repository"),
            "{}",
            text(&o.stderr)
        );
        assert!(!dir.join(".github").exists());
        let workflow = std::fs::read_to_string(repo.join(".github/workflows/pages.yml")).unwrap();
        let (built, output, path) = build_and_upload(&workflow);
        let out = format!("{site}/public");
        assert_eq!((built.as_str(), output.as_str()), (site, out.as_str()));
        assert_eq!(path, out);

        // What the action runs with those inputs builds the site from the repository's root.
        let o = crate::site_test::run(
            command()
                .args(["build", &built, "--output", &output])
                .current_dir(&repo),
        );
        assert!(o.status.success(), "{}", text(&o.stderr));
        assert!(repo.join(&path).join("index.html").is_file());

        // A second site's init does not replace the repository's workflow.
        let other = repo.join("other");
        let o = stratsite(&["init", other.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1));
        assert!(text(&o.stderr).contains("pages.yml"), "{}", text(&o.stderr));
        assert!(!other.join("stratsite.toml").exists());
    }
}

#[test]
fn init_in_a_repository_adds_what_its_gitignore_lacks() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join(".gitignore"), "target/\npublic/").unwrap();
    let o = stratsite(&["init", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("added `.public.stratsite-*/` to"), "{err}");
    assert!(err.contains("created"), "{err}");
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(
        ignore.starts_with("target/\npublic/\n\n# The built site"),
        "{ignore}"
    );
    assert!(ignore.ends_with("\n.public.stratsite-*/\n"), "{ignore}");
    assert_eq!(
        ignore.lines().filter(|l| *l == "public/").count(),
        1,
        "public/ was added again: {ignore}"
    );
    assert!(dir.join("stratsite.toml").is_file());

    // Lines that ignore the same folders another way count, and line endings are kept.
    let crlf = tempfile::tempdir().unwrap();
    std::fs::write(
        crlf.path().join(".gitignore"),
        "/public\r\nnode_modules\r\n",
    )
    .unwrap();
    let o = stratsite(&["init", crlf.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let ignore = std::fs::read_to_string(crlf.path().join(".gitignore")).unwrap();
    assert!(
        ignore.starts_with("/public\r\nnode_modules\r\n\r\n# The built site"),
        "{ignore:?}"
    );
    assert!(
        ignore.ends_with("\r\n.public.stratsite-*/\r\n"),
        "{ignore:?}"
    );
    assert!(!ignore.contains("\npublic/"), "{ignore:?}");
    assert!(!ignore.replace("\r\n", "").contains('\n'), "{ignore:?}");

    // A .gitignore that cannot be added to stops init before it writes anything.
    let odd = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(odd.path().join(".gitignore")).unwrap();
    let o = stratsite(&["init", odd.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("is not a file"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!odd.path().join("stratsite.toml").exists());

    // A .gitignore that has every line is left as it is.
    let again = tempfile::tempdir().unwrap();
    let complete = "# mine\npublic/\n.public.stratsite-*/\n";
    std::fs::write(again.path().join(".gitignore"), complete).unwrap();
    let o = stratsite(&["init", again.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        !text(&o.stderr).contains(".gitignore"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(again.path().join(".gitignore")).unwrap(),
        complete
    );
}

// ---------------------------------------------------------------------------------------------
// schema
// ---------------------------------------------------------------------------------------------

/// A TOML document as the JSON a TOML language server validates: dates become strings.
fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&stratsite::schema())
        .expect("the schema is a valid JSON Schema")
}

fn errors(v: &jsonschema::Validator, toml_text: &str) -> Vec<String> {
    let doc = toml_to_json(
        toml_text
            .parse::<toml::Table>()
            .map(toml::Value::Table)
            .unwrap(),
    );
    v.iter_errors(&doc).map(|e| e.to_string()).collect()
}

#[test]
fn schema_printed_equals_the_committed_files() {
    let o = stratsite(&["schema"]);
    assert!(o.status.success());
    let printed = text(&o.stdout);
    assert_eq!(printed, stratsite::schema_json());
    assert_eq!(
        printed,
        std::fs::read_to_string("example-site/stratsite.schema.json").unwrap(),
        "example-site/stratsite.schema.json is stale: regenerate it with `stratsite schema`"
    );
}

#[test]
fn example_site_and_scaffold_validate_against_the_schema() {
    let v = validator();
    let mut checked = 0;
    for (rel, bytes) in read_tree(Path::new("example-site")) {
        if !rel.ends_with(".toml") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let errs = errors(&v, &text);
        assert!(errs.is_empty(), "{rel}: {errs:?}");
        let directive = if rel.contains('/') {
            "#:schema ../stratsite.schema.json"
        } else {
            "#:schema ./stratsite.schema.json"
        };
        assert!(text.starts_with(directive), "{rel} lacks `{directive}`");
        checked += 1;
    }
    assert!(checked >= 5);
    // The workspace example: its root and every member.
    let mut members = 0;
    for (rel, bytes) in read_tree(Path::new("example-org")) {
        if rel.ends_with(".toml") {
            let errs = errors(&v, &String::from_utf8(bytes).unwrap());
            assert!(errs.is_empty(), "example-org/{rel}: {errs:?}");
            members += 1;
        }
    }
    assert_eq!(members, 5);
    for (rel, text) in stratsite::scaffold_files(jiff::civil::date(2026, 11, 21)) {
        if rel.ends_with(".toml") {
            assert!(errors(&v, &text).is_empty(), "{rel}");
        }
    }
}

#[test]
fn schema_rejects_broken_strategies() {
    let v = validator();
    let base =
        std::fs::read_to_string("tests/fixtures/lints/stale-commitment/stratsite.toml").unwrap();
    assert!(errors(&v, &base).is_empty());
    for (what, from, to) in [
        (
            "unknown key",
            "status = \"in-progress\"",
            "stauts = \"in-progress\"",
        ),
        (
            "unknown value",
            "status = \"in-progress\"",
            "status = \"ongoing\"",
        ),
        ("wrong type", "due = 2026-11-06", "due = 6"),
        ("not a date", "due = 2026-11-06", "due = \"next week\""),
        (
            "quarter spelt another way",
            "due = 2026-11-06",
            "due = \"Q1 2027\"",
        ),
        (
            "wrong list type",
            "serves = [\"find-faster\"]",
            "serves = \"find-faster\"",
        ),
        ("unknown table", "[[theme]]", "[[themes]]"),
        (
            "missing key",
            "narrative = \"Results appear as the shopper types.\"",
            "",
        ),
        (
            "prose file table",
            "why = \"Half of all searches end without a click.\"",
            "why = { path = \"why.md\" }",
        ),
        (
            "unknown lint",
            "[site]",
            "[lints]\nstale-comitment = \"deny\"\n\n[site]",
        ),
        (
            "wrong level",
            "[site]",
            "[lints]\nstale-commitment = \"error\"\n\n[site]",
        ),
    ] {
        assert!(base.contains(from), "{what}");
        let broken = base.replacen(from, to, 1);
        assert!(
            !errors(&v, &broken).is_empty(),
            "the schema accepts a {what}"
        );
    }
    // Prose may live in a file.
    let with_file = base.replacen(
        "why = \"Half of all searches end without a click.\"",
        "why = { file = \"why.md\" }",
        1,
    );
    assert!(errors(&v, &with_file).is_empty());
    // A date may be a period.
    for period in [
        "\"2027-Q1\"",
        "\"2027-H2\"",
        "\"2027-03\"",
        "2027",
        "\"2027\"",
    ] {
        let with_period = base.replacen("due = 2026-11-06", &format!("due = {period}"), 1);
        assert!(errors(&v, &with_period).is_empty(), "{period}");
    }
}

#[test]
fn schema_carries_the_doc_comments() {
    let s = stratsite::schema();
    let defs = &s["definitions"];
    let desc = |v: &Value| v["description"].as_str().unwrap_or_default().to_owned();
    assert!(desc(&defs["Commitment"]).contains("committed work"));
    assert!(desc(&defs["Commitment"]["properties"]["why"]).contains("Why this work"));
    assert!(desc(&defs["SiteConfig"]["properties"]["horizon"]).contains("How far ahead"));
    assert!(desc(&s["properties"]["lints"]["properties"]["stale-commitment"]).contains("due date"));
    for def in defs.as_object().unwrap().values() {
        for (key, prop) in def["properties"].as_object().into_iter().flatten() {
            assert!(!desc(prop).is_empty(), "`{key}` has no description");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// completions and man
// ---------------------------------------------------------------------------------------------

fn subcommands() -> Vec<String> {
    stratsite::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect()
}

#[test]
fn completions_cover_every_subcommand() {
    let names = subcommands();
    assert!(names.len() >= 6, "{names:?}");
    let o = stratsite(&["completions", "bash"]);
    assert!(o.status.success());
    let bash = text(&o.stdout);
    assert!(bash.contains("complete -F"), "{bash}");
    for n in &names {
        assert!(bash.contains(n.as_str()), "bash completions lack `{n}`");
    }
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let o = stratsite(&["completions", shell]);
        assert!(o.status.success() && !o.stdout.is_empty(), "{shell}");
    }
    assert_eq!(stratsite(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn man_page_is_roff_and_covers_every_subcommand() {
    let o = stratsite(&["man"]);
    assert!(o.status.success());
    let man = text(&o.stdout);
    // After roff's two-line preamble that defines the apostrophe, the page starts with `.TH`.
    let first = man
        .lines()
        .find(|l| !l.starts_with(".ie ") && !l.starts_with(".el "))
        .unwrap_or_default();
    assert!(first.starts_with(".TH stratsite "), "{man}");
    assert!(man.contains(".SH SUBCOMMANDS"), "{man}");
    for n in subcommands() {
        assert!(man.contains(&n), "man page lacks `{n}`");
    }
}

#[test]
fn bad_arguments_are_usage_errors() {
    for args in [
        &["check", "example-site", "--as-of", "yesterday"][..],
        &["build", "example-site", "--as-of", "2027-02-30"],
        &["build", "example-site", "--base-url", "https://"],
        &[
            "build",
            "example-site",
            "--base-url",
            "https://example.org/?x=1",
        ],
        &[
            "build",
            "example-site",
            "--base-url",
            "example.org/strategy/",
        ],
    ] {
        let o = stratsite(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        let err = text(&o.stderr);
        assert!(err.contains(args[3]), "{args:?}: {err}");
    }
}

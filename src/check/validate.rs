//! Checks that need the whole strategy: ids, references between entries, links in prose and the
//! site settings.

use std::collections::HashMap;

use std::ops::Range;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, closest, did_you_mean};
use crate::model::{Direction, Kind, Prose, ProseOrigin, Response};
use crate::model::{EntryView, Strategy};
use crate::source::{FileId, SourceMap};
use crate::util::text::{MAX_ID_LEN, is_slug, is_slug_shaped, slugify, suggest_id};

/// Where an id is defined.
#[derive(Clone, Debug)]
pub struct Definition {
    pub kind: Kind,
    pub file: FileId,
    pub span: Range<usize>,
}

/// Every id in the strategy, with the first place it is defined.
pub fn catalog(strategy: &Strategy) -> HashMap<String, Definition> {
    let mut map = HashMap::new();
    for e in strategy.entries() {
        map.entry(e.id.get_ref().clone()).or_insert(Definition {
            kind: e.kind,
            file: e.file,
            span: e.id.span(),
        });
    }
    map
}

/// Runs every check and returns the problems found.
pub fn validate(strategy: &Strategy, files: &SourceMap) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    check_site(strategy, &mut diags);
    let entries = strategy.entries();
    let ids = catalog(strategy);
    for e in &entries {
        check_id(e, &ids, &mut diags);
        check_refs(e, &ids, &mut diags);
    }
    // Finding links means parsing every piece of prose: the one costly check, so in parallel.
    let prose: Vec<(FileId, &Prose)> = entries
        .iter()
        .flat_map(|e| e.prose.iter().map(|(_, p)| (e.file, *p)))
        .chain(
            strategy
                .site
                .description
                .as_ref()
                .map(|d| (strategy.site_file, d)),
        )
        .collect();
    let link_diags: Vec<Vec<Diagnostic>> = prose
        .par_iter()
        .map(|(file, p)| {
            let mut d = Vec::new();
            check_prose_links(*file, p, files, &ids, &mut d);
            d
        })
        .collect();
    diags.extend(link_diags.into_iter().flatten());
    // A reference to an entry that exists but could not be read is an echo of that entry's own
    // error, and after a file could not be read at all any reference may be one.
    let u = &strategy.unreadable;
    diags.retain(|d| match &d.dangling {
        Some(id) => !(u.whole_file || u.ids.contains(id)),
        None => true,
    });
    dependency_cycles(strategy, &mut diags);
    for r in &strategy.risks {
        if *r.response.get_ref() == Response::Mitigated && r.mitigation.is_none() {
            diags.push(
                Diagnostic::error(format!(
                    "risk `{}` is mitigated but says nothing about how",
                    r.id.get_ref()
                ))
                .at(r.file, r.response.span(), "`response = \"mitigated\"` here")
                .help("add `mitigation = \"…\"`, or write `response = \"accepted\"` if the team lives with it"),
            );
        }
    }
    for o in &strategy.objectives {
        let m = &o.metric;
        let metric_span = o.spans.get("metric").cloned().unwrap_or(o.id.span());
        for (field, value) in [
            ("baseline", m.baseline),
            ("current", m.current),
            ("target", m.target),
        ] {
            if let Some(v) = value.filter(|v| !v.is_finite()) {
                let at = key_in_table(files.text(o.file), &metric_span, field)
                    .unwrap_or(metric_span.clone());
                diags.push(
                    Diagnostic::error(format!(
                        "`{field}` in the metric of objective `{}` is not a number (it is {v})",
                        o.id.get_ref()
                    ))
                    .at(o.file, at, "not a number")
                    .help(format!("write the measured value, e.g. `{field} = 71.4`, or leave `{field}` out until it is known")),
                );
            }
        }
        let at = |field: &str| {
            key_in_table(files.text(o.file), &metric_span, field).unwrap_or(metric_span.clone())
        };
        if let (Some(d), Some(b), Some(t)) = (m.direction, m.baseline, m.target) {
            let (wrong, way, side) = match d {
                Direction::Increase => (t < b, "increase", "below"),
                Direction::Decrease => (t > b, "decrease", "above"),
            };
            if wrong {
                diags.push(
                    Diagnostic::error(format!(
                        "the metric of objective `{}` should {way}, but its target ({t}) is {side} its baseline ({b})",
                        o.id.get_ref()
                    ))
                    .at(o.file, at("direction"), format!("`direction = \"{way}\"`"))
                    .help("fix the target or the baseline, or the direction: progress and \"target reached\" are judged by it"),
                );
            }
        }
        if let (Some(since), Some(by)) = (&m.since, &m.by)
            && since.get_ref().0 >= by.get_ref().0
        {
            diags.push(
                Diagnostic::error(format!(
                    "the metric of objective `{}` starts on {} but is due on {}, which is not later",
                    o.id.get_ref(),
                    since.get_ref(),
                    by.get_ref()
                ))
                .at(o.file, at("since"), "`since`: when measuring toward the target began")
                .help("`since` is the start of the effort and `by` its deadline: `since` must come first"),
            );
        }
        if m.direction.is_none() && m.baseline.is_some() && m.baseline == m.target {
            diags.push(
                Diagnostic::error(format!(
                    "objective `{}` has the same baseline and target, so the better direction is unknown",
                    o.id.get_ref()
                ))
                .at(o.file, o.id.span(), "in this objective")
                .help("set `direction = \"increase\"` or `direction = \"decrease\"` in its metric"),
            );
        }
    }
    diags
}

/// Where `key = …` is written in the table at `span`: an inline table, or a `[table]` header
/// and the lines up to the next header.
fn key_in_table(text: &str, span: &Range<usize>, key: &str) -> Option<Range<usize>> {
    let start = span.start;
    let inline = text.get(span.clone())?.trim_start().starts_with('{');
    let end = if inline {
        span.end
    } else {
        text[span.end..]
            .find("\n[")
            .map_or(text.len(), |i| span.end + i)
    };
    let region = text.get(start..end)?;
    let mut from = 0;
    while let Some(i) = region[from..].find(key) {
        let at = from + i;
        // A key starts a line, or follows `{` or `,` in an inline table; not in a comment or a
        // string.
        let line = &region[region[..at].rfind('\n').map_or(0, |i| i + 1)..at];
        let before = line.trim_end();
        let is_key = (before.is_empty() || before.ends_with('{') || before.ends_with(','))
            && !line.contains('#')
            && line.matches('"').count() % 2 == 0;
        let after = region[at + key.len()..].trim_start();
        if is_key && after.starts_with('=') {
            let value_at = region.len() - after.len() + 1;
            let value = region[value_at..].trim_start();
            let value_start = region.len() - value.len();
            let value_len = value.find([',', '}', '\n', '#']).unwrap_or(value.len());
            let len = value[..value_len].trim_end().len();
            return Some(start + value_start..start + value_start + len);
        }
        from = at + key.len();
    }
    None
}

fn check_site(strategy: &Strategy, diags: &mut Vec<Diagnostic>) {
    let site = &strategy.site;
    let file = strategy.site_file;
    let url = site.base_url.get_ref();
    if let Err(why) = base_url_problem(url) {
        diags.push(
            Diagnostic::error(format!("`{url}` is not the address of a site: {why}"))
                .at(file, site.base_url.span(), "expected http:// or https://, a host and a path")
                .help("write the address the site is published at, e.g. `https://acme.github.io/strategy/`"),
        );
    }
    if let Err(why) = language_problem(&site.language) {
        let at = strategy
            .site_spans
            .get("language")
            .cloned()
            .unwrap_or_else(|| site.horizon.span());
        diags.push(
            Diagnostic::error(format!("`{}` is not a language tag: {why}", site.language))
                .at(file, at, "expected a BCP 47 language tag")
                .help("write the language of the prose as a tag such as `en`, `de`, `fr-CA` or `pt-BR`"),
        );
    }
    if let Some(msg) = site.horizon.get_ref().problem() {
        diags.push(
            Diagnostic::error(msg)
                .at(file, site.horizon.span(), "not a span of time")
                .help("write it like \"6 weeks\", \"30 days\" or \"2 months\""),
        );
    }
    if let Some(c) = &site.cname {
        let host = c.get_ref();
        let valid = !host.is_empty()
            && host.contains('.')
            && host
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '-');
        if !valid {
            diags.push(
                Diagnostic::error(format!("`{host}` is not a domain name"))
                    .at(file, c.span(), "expected a bare host name")
                    .help("write only the host, e.g. `strategy.acme.com`, without `https://` or a path"),
            );
        }
    }
    if let Some(r) = &site.repository
        && !(r.get_ref().starts_with("https://") || r.get_ref().starts_with("http://"))
    {
        diags.push(
            Diagnostic::error(format!("`{}` is not a web address", r.get_ref()))
                .at(file, r.span(), "expected https://…")
                .help("write the repository's address, e.g. `https://github.com/acme/strategy`"),
        );
    }
}

/// Commitments that depend on each other, directly or through others: none of them could
/// start. Each cycle is reported once, at the `depends_on` that closes it.
fn dependency_cycles(strategy: &Strategy, diags: &mut Vec<Diagnostic>) {
    let by_id: HashMap<&str, usize> = strategy
        .commitments
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.get_ref().as_str(), i))
        .collect();
    // 0: not seen; 1: on the current path; 2: done.
    let mut state = vec![0u8; strategy.commitments.len()];
    let mut path: Vec<usize> = Vec::new();
    for start in 0..strategy.commitments.len() {
        if state[start] != 0 {
            continue;
        }
        // Depth first, without recursion: each frame is a commitment and its next dependency.
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        path.push(start);
        while let Some(&mut (at, ref mut next)) = stack.last_mut() {
            let deps = &strategy.commitments[at].depends_on;
            let Some(dep) = deps.get(*next) else {
                state[at] = 2;
                path.pop();
                stack.pop();
                continue;
            };
            *next += 1;
            // A dependency named twice is one dependency.
            if deps[..*next - 1]
                .iter()
                .any(|d| d.get_ref() == dep.get_ref())
            {
                continue;
            }
            let Some(&to) = by_id.get(dep.get_ref().as_str()) else {
                continue;
            };
            match state[to] {
                0 => {
                    state[to] = 1;
                    path.push(to);
                    stack.push((to, 0));
                }
                // An entry naming itself is reported as such already.
                1 if to != at => {
                    let from = path.iter().position(|&p| p == to).unwrap_or(0);
                    let name = |i: usize| format!("`{}`", strategy.commitments[i].id.get_ref());
                    let circle = &path[from..];
                    let mut ids: Vec<String> = circle.iter().take(5).map(|&i| name(i)).collect();
                    if circle.len() > 6 {
                        ids.push(format!("… ({} more)", circle.len() - 6));
                    }
                    if circle.len() > 5 {
                        ids.push(name(circle[circle.len() - 1]));
                    }
                    ids.push(name(to));
                    let c = &strategy.commitments[at];
                    diags.push(
                        Diagnostic::error(format!(
                            "commitments depend on each other in a circle: {}",
                            ids.join(" needs ")
                        ))
                        .at(c.file, dep.span(), "this closes the circle")
                        .help("none of them could start: remove the dependency that is not real"),
                    );
                }
                _ => {}
            }
        }
    }
}

/// What is wrong with an address to publish a site at, if anything: it needs `http://` or
/// `https://`, a host, and no spaces, query or fragment (page paths are added to it).
pub fn base_url_problem(url: &str) -> Result<(), &'static str> {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"]
        .into_iter()
        .find(|scheme| lower.starts_with(scheme))
        .map(|scheme| &url[scheme.len()..])
    else {
        return Err("it does not start with http:// or https://");
    };
    if url.contains(char::is_whitespace) {
        return Err("it has a space in it");
    }
    if url.contains(['?', '#']) {
        return Err("it has a query (`?`) or fragment (`#`), which page paths cannot follow");
    }
    let authority = rest.split('/').next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Err("it names no host");
    }
    Ok(())
}

/// What is wrong with a BCP 47 language tag, if anything (its shape, not the registry).
fn language_problem(tag: &str) -> Result<(), &'static str> {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    if !(2..=8).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err("it must start with a language of 2 to 8 letters");
    }
    if !parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric())) {
        return Err("the parts after the language are 1 to 8 letters or digits, joined by `-`");
    }
    Ok(())
}

/// Ids the pages already use as anchors.
pub const RESERVED_IDS: [&str; 1] = ["main"];

fn check_id(e: &EntryView<'_>, ids: &HashMap<String, Definition>, diags: &mut Vec<Diagnostic>) {
    let id = e.id.get_ref();
    if !is_slug(id) {
        let fixed = suggest_id(id);
        let help = if fixed.is_empty() {
            "use lowercase letters, digits and single hyphens, e.g. `find-faster`".to_owned()
        } else {
            format!("try `{fixed}`")
        };
        let label = if id.len() > MAX_ID_LEN && is_slug_shaped(id) {
            format!(
                "ids are at most {MAX_ID_LEN} characters; this one has {}",
                id.chars().count()
            )
        } else {
            "ids are lowercase words joined by hyphens".to_owned()
        };
        diags.push(
            Diagnostic::error(format!("`{id}` is not a valid id"))
                .at(e.file, e.id.span(), label)
                .help(help)
                .note("an id becomes the entry's permalink, so it must be safe in a URL"),
        );
    }
    if RESERVED_IDS.contains(&id.as_str()) {
        diags.push(
            Diagnostic::error(format!("the id `{id}` is reserved"))
                .at(e.file, e.id.span(), "pages already use this anchor")
                .help(format!(
                    "choose a more telling id, e.g. `{id}-{}`",
                    slugify(e.title.get_ref())
                        .split('-')
                        .next()
                        .filter(|w| !w.is_empty())
                        .unwrap_or("goal")
                ))
                .note("every entry's id is also an anchor on the pages that show it, and `#main` is where each page's content starts"),
        );
    }
    if let Some(first) = ids.get(id)
        && (first.file, &first.span) != (e.file, &e.id.span())
    {
        diags.push(
            Diagnostic::error(format!("the id `{id}` is used more than once"))
                .at(
                    e.file,
                    e.id.span(),
                    format!("used again here, by {}", e.kind.article()),
                )
                .also(
                    first.file,
                    first.span.clone(),
                    format!("first used here, by {}", first.kind.article()),
                )
                .help(
                    "ids are permalinks and must be unique across all entries; rename one of them",
                ),
        );
    }
}

fn check_refs(e: &EntryView<'_>, ids: &HashMap<String, Definition>, diags: &mut Vec<Diagnostic>) {
    for r in &e.refs {
        let target = r.target.get_ref();
        let expected = r.expects.map_or("an entry", Kind::article);
        match ids.get(target) {
            None => {
                let candidates = ids
                    .iter()
                    .filter(|(_, d)| r.expects.is_none_or(|k| k == d.kind))
                    .map(|(id, _)| id.as_str());
                diags.push(
                    Diagnostic::error(format!("`{}` names no entry: `{target}`", r.field))
                        .at(
                            e.file,
                            r.target.span(),
                            format!("expected the id of {expected}"),
                        )
                        .help(did_you_mean(&closest(target, candidates)).unwrap_or_else(|| {
                            format!(
                                "no id is close to it: write the id of {expected} that exists, or add that entry"
                            )
                        }))
                        .dangling(target),
                );
            }
            Some(def) if r.expects.is_some_and(|k| k != def.kind) => {
                diags.push(
                    Diagnostic::error(format!(
                        "`{}` must name {expected}, but `{target}` is {}",
                        r.field,
                        def.kind.article()
                    ))
                    .at(e.file, r.target.span(), format!("expected {expected}"))
                    .also(def.file, def.span.clone(), "defined here")
                    .help(format!(
                        "`{}` takes the id of {expected}; name one, or move the link into prose, where `[text](@{target})` may point at any entry",
                        r.field
                    )),
                );
            }
            Some(def) if def.file == e.file && def.span == e.id.span() => {
                diags.push(
                    Diagnostic::error(format!("`{target}` refers to itself"))
                        .at(e.file, r.target.span(), "an entry cannot name itself here")
                        .help(format!("remove `{target}` from `{}`", r.field)),
                );
            }
            Some(_) => {}
        }
    }
}

/// Checks `[text](@id)` links in a piece of prose.
fn check_prose_links(
    file: FileId,
    prose: &Prose,
    files: &SourceMap,
    ids: &HashMap<String, Definition>,
    diags: &mut Vec<Diagnostic>,
) {
    for link in prose.entry_links() {
        if ids.contains_key(&link.id) {
            continue;
        }
        let (file, span) = locate_in_prose(file, prose, files, &link.id, link.range.clone());
        diags.push(
            Diagnostic::error(format!(
                "link to an entry that does not exist: `@{}`",
                link.id
            ))
            .at(file, span, "no entry has this id")
            .maybe_help(did_you_mean(&closest(
                &link.id,
                ids.keys().map(String::as_str),
            )))
            .dangling(&link.id),
        );
    }
}

/// Maps a range inside prose text to a span in the file it was written in.
pub fn locate_in_prose(
    file: FileId,
    prose: &Prose,
    files: &SourceMap,
    id: &str,
    range: Range<usize>,
) -> (FileId, Range<usize>) {
    let needle = format!("@{id}");
    let find_in = |f: FileId, window: Range<usize>| -> Option<Range<usize>> {
        let text = files.text(f).get(window.clone())?;
        text.find(&needle)
            .map(|i| window.start + i..window.start + i + needle.len())
    };
    match &prose.origin {
        ProseOrigin::File {
            loaded: Some(md), ..
        } => {
            let span = find_in(*md, range.clone()).unwrap_or(range);
            (*md, span)
        }
        ProseOrigin::Inline { span } => {
            // Escapes in a TOML string shift offsets, so find the link text in the literal.
            let at = find_in(file, span.clone()).unwrap_or(span.clone());
            (file, at)
        }
        ProseOrigin::File { path, .. } => (file, path.span()),
        ProseOrigin::Absent => (file, 0..0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_addresses_need_a_scheme_and_a_host_and_take_no_query() {
        for ok in [
            "https://acme.github.io/strategy/",
            "http://localhost:8080/",
            "https://strategy.acme.com",
            "HTTPS://Example.org/",
        ] {
            assert_eq!(base_url_problem(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("acme.github.io/strategy/", "http"),
            ("https://", "no host"),
            ("https:///strategy/", "no host"),
            ("https://:8080/", "no host"),
            ("https://@/", "no host"),
            ("https://example.org/a b/", "space"),
            ("https://example.org/?x=1", "query"),
            ("https://example.org/#top", "fragment"),
        ] {
            let problem = base_url_problem(bad).unwrap_err();
            assert!(problem.contains(why), "{bad}: {problem}");
        }
    }

    #[test]
    fn suggested_ids_spell_other_scripts_in_ascii_and_fit_the_limit() {
        assert_eq!(suggest_id("Ünïcode Café"), "unicode-cafe");
        assert_eq!(suggest_id("Find Faster!"), "find-faster");
        let long = "word-".repeat(20);
        let suggested = suggest_id(&long);
        assert!(is_slug(&suggested), "{suggested}");
        assert!(
            suggested.len() <= MAX_ID_LEN && suggested.len() > 70,
            "{suggested}"
        );
        assert!(!is_slug(&"a".repeat(81)));
        assert!(is_slug(&"a".repeat(80)));
    }

    #[test]
    fn language_tags_are_checked_for_their_shape() {
        for ok in ["en", "de", "pt-BR", "zh-Hant-TW", "sr-Latn", "es-419"] {
            assert_eq!(language_problem(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "e",
            "english please",
            "en_US",
            "en-",
            "1a",
            "en-toolongsubtag",
        ] {
            assert!(language_problem(bad).is_err(), "{bad}");
        }
    }
}

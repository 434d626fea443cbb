//! Entry ids: each is a valid slug, not one the pages reserve, and used once.

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::model::{EntryView, Kind, Strategy};
use crate::source::FileId;
use crate::util::text::{MAX_ID_LEN, is_slug, is_slug_shaped, slugify, suggest_id};

/// Where an id is defined.
#[derive(Clone, Debug)]
pub(super) struct Definition {
    pub kind: Kind,
    pub file: FileId,
    pub span: Range<usize>,
}

/// Every id in the strategy, with the first place it is defined.
pub(super) fn catalog(strategy: &Strategy) -> HashMap<String, Definition> {
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

/// Ids the pages already use as anchors.
const RESERVED_IDS: [&str; 1] = ["main"];

/// The problems with the ids of `entries`, given the catalog of all ids.
pub(super) fn check(
    entries: &[EntryView<'_>],
    ids: &HashMap<String, Definition>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for e in entries {
        check_id(e, ids, &mut diags);
    }
    diags
}

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

#[cfg(test)]
mod tests {
    use crate::util::text::{MAX_ID_LEN, is_slug, suggest_id};

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
        for ok in ["libc-1.0", "rfc-9.2.1", "v2.0-migration"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in [".hidden", "a..b", "a.-b", "a-.b", "trailing.", "A.b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}

//! Lints an entry allows for itself (`allow = { output-objective = "why" }`): each code
//! checked against the registry, the findings each allowance suppresses counted, and an
//! allowance that suppresses nothing reported, so that none outlives its reason.

use std::ops::Range;

use super::{LINTS, Level, Levels, Lint};
use crate::diagnostics::{Diagnostic, closest, did_you_mean};
use crate::model::Strategy;
use crate::source::FileId;

/// One lint allowed for one entry, with the team's reason.
#[derive(Debug)]
pub struct Allowed {
    pub file: FileId,
    /// Where the lint's code is written.
    pub span: Range<usize>,
    pub entry: String,
    pub lint: &'static Lint,
    pub reason: String,
    /// How many findings it kept from being reported.
    pub suppressed: usize,
}

/// Every allowance of every entry whose code names a lint an entry can allow, and the errors
/// for those that do not.
pub fn allowances(s: &Strategy) -> (Vec<Allowed>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for e in s.entries() {
        for a in e.allow {
            let code = a.code.get_ref();
            let Some(lint) = LINTS.iter().copied().find(|l| l.code == code) else {
                let entry_lints = LINTS.iter().filter(|l| l.per_entry).map(|l| l.code);
                errors.push(
                    Diagnostic::error(format!("unknown lint `{code}` in `allow`"))
                        .at(e.file, a.code.span(), "no lint has this code")
                        .help(
                            did_you_mean(&closest(code, entry_lints)).unwrap_or_else(|| {
                                "the lints and their codes are listed in docs/lints.md".to_owned()
                            }),
                        ),
                );
                continue;
            };
            if !lint.per_entry {
                errors.push(
                    Diagnostic::error(format!(
                        "`{code}` is about the whole site and cannot be allowed for one entry"
                    ))
                    .at(e.file, a.code.span(), "a lint of the whole site")
                    .help(format!(
                        "remove it here; to turn it off, write `{code} = \"allow\"` in `[lints]` of stratsite.toml"
                    )),
                );
                continue;
            }
            out.push(Allowed {
                file: e.file,
                span: a.code.span(),
                entry: e.id.get_ref().clone(),
                lint,
                reason: a.reason.get_ref().clone(),
                suppressed: 0,
            });
        }
    }
    (out, errors)
}

/// Whether the entry `id` allows `lint`, counting the finding it suppresses.
pub fn suppresses(allowed: &mut [Allowed], id: &str, lint: &'static Lint) -> bool {
    match allowed
        .iter_mut()
        .find(|a| a.entry == id && std::ptr::eq(a.lint, lint))
    {
        Some(a) => {
            a.suppressed += 1;
            true
        }
        None => false,
    }
}

/// A warning for each allowance that suppressed nothing, once the lints in `ran` have run:
/// the entry no longer needs it, or the site turns the lint off anyway.
pub fn unused(
    allowed: &[Allowed],
    levels: &Levels,
    ran: impl Fn(&Lint) -> bool,
) -> Vec<Diagnostic> {
    allowed
        .iter()
        .filter(|a| a.suppressed == 0 && ran(a.lint))
        .map(|a| {
            let code = a.lint.code;
            let d = Diagnostic::warning(format!(
                "`{}` allows `{code}` but the lint finds nothing there",
                a.entry
            ));
            if levels.of(a.lint) == Level::Allow {
                d.at(a.file, a.span.clone(), "already off for the whole site")
                    .help(format!("remove this allowance: `[lints]` sets `{code} = \"allow\"`"))
            } else {
                d.at(a.file, a.span.clone(), "suppresses nothing")
                    .help("remove this allowance: the entry no longer needs it, and a stale one would hide the lint if the entry changed back")
            }
        })
        .collect()
}

//! Risks: one marked as mitigated says how.

use crate::diagnostics::Diagnostic;
use crate::model::Response;
use crate::model::Strategy;

/// The mitigated risks without a `mitigation`.
pub(super) fn check(strategy: &Strategy) -> Vec<Diagnostic> {
    strategy
        .risks
        .iter()
        .filter(|r| *r.response.get_ref() == Response::Mitigated && r.mitigation.is_none())
        .map(|r| {
            Diagnostic::error(format!(
                "risk `{}` is mitigated but says nothing about how",
                r.id.get_ref()
            ))
            .at(r.file, r.response.span(), "`response = \"mitigated\"` here")
            .help("add `mitigation = \"…\"`, or write `response = \"accepted\"` if the team lives with it")
        })
        .collect()
}

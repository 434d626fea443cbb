//! Lints an entry allows for itself (`allow = { output-objective = "why" }`), each with the
//! reason the team gave, so that reviewers see what is allowed and why.

use toml::Spanned;

/// One lint an entry allows for itself, as written: the lint's code and the reason.
#[derive(Clone, Debug)]
pub struct Allowance {
    pub code: Spanned<String>,
    pub reason: Spanned<String>,
}

//! Links to where the work is tracked: an issue, a pull or merge request, an epic, a Jira key,
//! or any page. `links = ["https://github.com/acme/shop/issues/12", { url = "…", label = "…" }]`.
//!
//! Real plans point every item at its tracker; without a field for it those links lived in prose
//! and vanished from cards. A link without a label is named from its address where the address
//! is well known (`acme/shop#12`, `PAY-341`), else by its host, so that a list of bare URLs
//! still reads.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A link to where an entry's work is tracked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackerLink {
    pub url: String,
    /// The label as written; see [`TrackerLink::label`] for the one shown.
    pub label: Option<String>,
}

/// `strategy.json` and templates get the label shown and what the link is, read once.
impl Serialize for TrackerLink {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let r = recognise(&self.url);
        let mut st = s.serialize_struct("TrackerLink", 3)?;
        st.serialize_field("url", &self.url)?;
        st.serialize_field("label", self.label.as_deref().unwrap_or(&r.label))?;
        st.serialize_field("kind", r.kind)?;
        st.end()
    }
}

/// What a link's address says it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recognised {
    /// "acme/shop#12", "PAY-341", "gitlab.com".
    pub label: String,
    /// "GitHub issue", "GitLab merge request", "Jira issue", "Link".
    pub kind: &'static str,
}

impl TrackerLink {
    /// The label to show: as written, else read from the address.
    pub fn label(&self) -> String {
        self.label
            .clone()
            .unwrap_or_else(|| recognise(&self.url).label)
    }

    /// What the address says the link is.
    pub fn kind(&self) -> &'static str {
        recognise(&self.url).kind
    }
}

/// Names a link from its address: GitHub and GitLab issues, pull and merge requests and epics,
/// Jira keys, else the host.
pub fn recognise(url: &str) -> Recognised {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let before_query = before_query.split('#').next().unwrap_or_default();
    let (host, path) = before_query.split_once('/').unwrap_or((before_query, ""));
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let found = |label: String, kind| Recognised { label, kind };
    if host == "github.com" || host == "www.github.com" {
        if let [owner, repo, what, n, ..] = segs.as_slice()
            && number(n)
        {
            let kind = match *what {
                "issues" => Some("GitHub issue"),
                "pull" => Some("GitHub pull request"),
                "discussions" => Some("GitHub discussion"),
                "milestone" => Some("GitHub milestone"),
                _ => None,
            };
            if let Some(kind) = kind {
                let sep = if *what == "milestone" {
                    " milestone "
                } else {
                    "#"
                };
                return found(format!("{owner}/{repo}{sep}{n}"), kind);
            }
        }
        if let ["orgs" | "users", owner, "projects", n, ..] = segs.as_slice()
            && number(n)
        {
            return found(format!("{owner} project {n}"), "GitHub project");
        }
    }
    // GitLab, on gitlab.com or a host of its own: `group/project/-/issues/5`.
    if let Some(dash) = segs.iter().position(|s| *s == "-")
        && let [what, n, ..] = &segs[dash + 1..]
        && number(n)
    {
        let (project, groups) = match segs[..dash] {
            ["groups", ref group @ ..] => (group.join("/"), true),
            ref project => (project.join("/"), false),
        };
        let shape = match (*what, groups) {
            ("issues" | "work_items", false) => Some(("#", "GitLab issue")),
            ("merge_requests", false) => Some(("!", "GitLab merge request")),
            ("epics", true) => Some(("&", "GitLab epic")),
            ("milestones", _) => Some(("%", "GitLab milestone")),
            _ => None,
        };
        // The `-` segment is GitLab's own, so self-hosted instances are recognised too.
        if let Some((sep, kind)) = shape
            && !project.is_empty()
        {
            return found(format!("{project}{sep}{n}"), kind);
        }
    }
    // Jira: `…/browse/PAY-341`, or a board with `selectedIssue=PAY-341`.
    let jira_key = segs
        .windows(2)
        .find(|w| w[0] == "browse")
        .map(|w| w[1])
        .or_else(|| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix("selectedIssue="))
        })
        .filter(|k| is_jira_key(k));
    if let Some(key) = jira_key {
        return found(key.to_owned(), "Jira issue");
    }
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    found(host, "Link")
}

/// `PAY-341`: a project key of capitals and digits starting with a letter, a hyphen, a number.
fn is_jira_key(s: &str) -> bool {
    let Some((project, n)) = s.split_once('-') else {
        return false;
    };
    project.starts_with(|c: char| c.is_ascii_uppercase())
        && project
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
}

/// Why `url` cannot be a link, if it cannot.
fn refuse(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Some(format!(
            "`{url}` is not a web address\nhelp: write the whole address, starting with `https://` (or `http://`)"
        ));
    };
    if rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .is_empty()
    {
        return Some(format!(
            "`{url}` names no host\nhelp: write the host after `://`, as in `https://github.com/…`"
        ));
    }
    if url.chars().any(char::is_whitespace) {
        return Some(format!(
            "`{url}` contains a space\nhelp: write a space in an address as `%20`; two links are two strings: `[\"https://…\", \"https://…\"]`"
        ));
    }
    None
}

impl<'de> Deserialize<'de> for TrackerLink {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TrackerLink;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an address, or a table `{ url = \"…\", label = \"…\" }`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TrackerLink, E> {
                checked(v.to_owned(), None)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TrackerLink, A::Error> {
                let mut url = None;
                let mut label = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "url" => url = Some(map.next_value::<String>()?),
                        "label" => label = Some(map.next_value::<String>()?),
                        other => return Err(de::Error::unknown_field(other, &["url", "label"])),
                    }
                }
                let url = url.ok_or_else(|| de::Error::missing_field("url"))?;
                checked(url, label.filter(|l| !l.trim().is_empty()))
            }
        }
        d.deserialize_any(V)
    }
}

fn checked<E: de::Error>(url: String, label: Option<String>) -> Result<TrackerLink, E> {
    match refuse(&url) {
        Some(why) => Err(E::custom(why)),
        None => Ok(TrackerLink { url, label }),
    }
}

impl JsonSchema for TrackerLink {
    fn schema_name() -> Cow<'static, str> {
        "TrackerLink".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A link to where the work is tracked: an address, or a table with the address and a label. Without a label, GitHub and GitLab issues, pull and merge requests, epics and Jira keys are named from the address, other links by their host.",
            "anyOf": [
                { "type": "string", "pattern": "^https?://" },
                {
                    "type": "object",
                    "properties": {
                        "url": { "type": "string", "pattern": "^https?://" },
                        "label": { "type": "string" }
                    },
                    "required": ["url"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(url: &str) -> (String, &'static str) {
        let r = recognise(url);
        (r.label, r.kind)
    }

    #[test]
    fn well_known_addresses_are_named() {
        for (url, want, kind) in [
            (
                "https://github.com/acme/shop/issues/12",
                "acme/shop#12",
                "GitHub issue",
            ),
            (
                "https://github.com/acme/shop/pull/34/files",
                "acme/shop#34",
                "GitHub pull request",
            ),
            (
                "https://github.com/orgs/acme/projects/7/views/1",
                "acme project 7",
                "GitHub project",
            ),
            (
                "https://gitlab.com/gitlab-org/gitlab/-/issues/5",
                "gitlab-org/gitlab#5",
                "GitLab issue",
            ),
            (
                "https://gitlab.com/a/b/c/-/merge_requests/9#note_1",
                "a/b/c!9",
                "GitLab merge request",
            ),
            (
                "https://gitlab.com/groups/gitlab-org/-/epics/3",
                "gitlab-org&3",
                "GitLab epic",
            ),
            (
                "https://code.gov.example/team/app/-/issues/40",
                "team/app#40",
                "GitLab issue",
            ),
            (
                "https://acme.atlassian.net/browse/PAY-341",
                "PAY-341",
                "Jira issue",
            ),
            (
                "https://jira.acme.com/secure/RapidBoard.jspa?rapidView=1&selectedIssue=OPS-7",
                "OPS-7",
                "Jira issue",
            ),
            ("https://www.example.org/roadmap?x=1", "example.org", "Link"),
            ("https://github.com/acme/shop", "github.com", "Link"),
            (
                "https://acme.atlassian.net/browse/not-a-key",
                "acme.atlassian.net",
                "Link",
            ),
        ] {
            assert_eq!(label(url), (want.to_owned(), kind), "{url}");
        }
    }

    #[test]
    fn only_web_addresses_are_links() {
        assert!(refuse("https://example.org/x").is_none());
        assert!(refuse("github.com/acme/shop/issues/1").is_some());
        assert!(refuse("https:///x").is_some());
        assert!(refuse("https://example.org/a b").is_some());
    }
}

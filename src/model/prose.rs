//! Markdown prose: inline in a TOML string or kept in a Markdown file, sharing the text of the
//! file it was read from, with its facts (links to entries, code) found once.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::source::FileId;

/// Markdown prose: written inline, or kept in a Markdown file of the site (`{ file = "why.md" }`).
#[derive(Clone, Debug, Default)]
pub struct Prose {
    /// The Markdown text (filled in from the file when the prose lives in one).
    text: ProseText,
    /// Where the text came from, for diagnostics that point inside it.
    pub origin: ProseOrigin,
    /// What the text holds (its links to entries, whether it has code), found on first use:
    /// checks, lints and pages share it.
    facts: std::sync::OnceLock<crate::markdown::Facts>,
}

/// The text of prose: its own string, or, when it reads exactly as written, a part of the
/// file it was written in (so a large strategy is not held in memory twice).
#[derive(Clone, Debug)]
enum ProseText {
    Owned(String),
    Shared {
        source: crate::source::Text,
        range: std::ops::Range<usize>,
    },
}

impl Default for ProseText {
    fn default() -> Self {
        ProseText::Owned(String::new())
    }
}

/// The place a piece of prose was written.
#[derive(Clone, Debug, Default)]
pub enum ProseOrigin {
    /// Inline in a TOML file: the byte span of the string value in that file.
    Inline { span: std::ops::Range<usize> },
    /// In a Markdown file: the span of the `file = "…"` value, and the loaded file once read.
    File {
        path: Spanned<String>,
        loaded: Option<FileId>,
    },
    /// Not written (an absent optional field).
    #[default]
    Absent,
}

impl Prose {
    /// True when the author wrote nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.text().trim().is_empty()
    }

    /// The Markdown text.
    pub fn text(&self) -> &str {
        match &self.text {
            ProseText::Owned(s) => s,
            ProseText::Shared { source, range } => &source[range.clone()],
        }
    }

    /// Takes the text from a whole Markdown file.
    pub(crate) fn set_file_text(&mut self, source: crate::source::Text) {
        let range = 0..source.len();
        self.text = ProseText::Shared { source, range };
        self.facts = Default::default();
    }

    /// Shares the text with `source`, the file it was written in, when the TOML string reads
    /// exactly as its decoded text (no escapes); otherwise keeps its own copy.
    pub(crate) fn share_inline(&mut self, source: &crate::source::Text) {
        let ProseOrigin::Inline { span } = &self.origin else {
            return;
        };
        let Some(raw) = source.get(span.clone()) else {
            return;
        };
        let (open, close) = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            // A newline right after the opening quotes is not part of the string.
            let after = &raw[3..];
            let newline = if after.starts_with("\r\n") {
                2
            } else {
                usize::from(after.starts_with('\n'))
            };
            (3 + newline, 3)
        } else if raw.starts_with('"') || raw.starts_with('\'') {
            (1, 1)
        } else {
            return;
        };
        if raw.len() < open + close {
            return;
        }
        let range = span.start + open..span.end - close;
        if source.get(range.clone()) == Some(self.text()) {
            self.text = ProseText::Shared {
                source: source.clone(),
                range,
            };
            self.facts = Default::default();
        }
    }

    /// What the text holds, parsed once.
    fn facts(&self) -> &crate::markdown::Facts {
        self.facts
            .get_or_init(|| crate::markdown::facts(self.text()))
    }

    /// The links to entries in the text.
    pub fn entry_links(&self) -> &[crate::markdown::EntryLink] {
        &self.facts().entry_links
    }

    /// Whether the text has a code block.
    pub fn has_code(&self) -> bool {
        self.facts().has_code
    }
}

impl Serialize for Prose {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.text())
    }
}

impl<'de> Deserialize<'de> for Prose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct FileRef {
            file: Spanned<String>,
        }
        struct ProseVisitor;
        impl<'de> Visitor<'de> for ProseVisitor {
            type Value = Prose;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("Markdown text, or a table `{ file = \"path/to/prose.md\" }`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Prose, E> {
                self.visit_string(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<Prose, E> {
                Ok(Prose {
                    text: ProseText::Owned(text),
                    origin: ProseOrigin::Absent,
                    facts: Default::default(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Prose, A::Error> {
                let r = FileRef::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Prose {
                    facts: Default::default(),
                    text: ProseText::default(),
                    origin: ProseOrigin::File {
                        path: r.file,
                        loaded: None,
                    },
                })
            }
        }
        d.deserialize_any(ProseVisitor)
    }
}

impl JsonSchema for Prose {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Prose".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Markdown text, or `{ file = \"prose/why.md\" }` to keep it in a Markdown file of the site.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": {
                        "file": {
                            "type": "string",
                            "description": "A Markdown file, relative to the site folder."
                        }
                    },
                    "required": ["file"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// Deserializes prose while remembering the span of an inline string.
pub fn spanned_prose<'de, D: Deserializer<'de>>(d: D) -> Result<Prose, D::Error> {
    let s: Spanned<Prose> = Spanned::deserialize(d)?;
    let span = s.span();
    let mut p = s.into_inner();
    if matches!(p.origin, ProseOrigin::Absent) {
        p.origin = ProseOrigin::Inline { span };
    }
    Ok(p)
}

/// Like [`spanned_prose`] for optional fields.
pub fn spanned_prose_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Prose>, D::Error> {
    spanned_prose(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct One {
        #[serde(deserialize_with = "spanned_prose")]
        why: Prose,
    }

    #[test]
    fn inline_prose_shares_its_file_only_where_it_reads_as_written() {
        let cases = [
            ("why = \"\"\"\nplain text\n\"\"\"\n", "plain text\n", true),
            ("why = \"\"\"same line\"\"\"\n", "same line", true),
            (
                "why = \"\"\"\r\nwindows\r\nlines\"\"\"\n",
                "windows\r\nlines",
                true,
            ),
            ("why = '''\nliteral \\n'''\n", "literal \\n", true),
            ("why = 'single'\n", "single", true),
            ("why = \"tab\\there\"\n", "tab\there", false),
            (
                "why = \"\"\"\nline \\\n   continued\n\"\"\"\n",
                "line continued\n",
                false,
            ),
            (
                "why = \"\"\"\n\\u00e9t\u{e9}\n\"\"\"\n",
                "\u{e9}t\u{e9}\n",
                false,
            ),
        ];
        for (toml_text, want, shared) in cases {
            let source = crate::source::Text::from(toml_text.to_owned());
            let mut p = toml::from_str::<One>(toml_text).unwrap().why;
            p.share_inline(&source);
            assert_eq!(p.text(), want, "{toml_text:?}");
            assert_eq!(
                matches!(p.text, ProseText::Shared { .. }),
                shared,
                "{toml_text:?}"
            );
        }
    }
}

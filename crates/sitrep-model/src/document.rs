use serde::{Deserialize, Serialize};

use crate::{Date, Span};

/// One news report, as read from a file, a JSON Lines record or a feed item.
///
/// `text` is the whole text the coder sees, decoded to UTF-8 but otherwise as
/// published (curly quotes, dashes and all): every span sitrep emits indexes
/// into it. For HTML it is the extracted article text, for a feed item its
/// title and description/content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The JSON Lines `id`, the feed item's id or link, or the file path.
    pub id: String,
    pub text: String,
    pub title: Option<String>,
    /// Publication date from metadata, `--published`, the text or the path.
    pub published: Option<Date>,
    pub url: Option<String>,
    /// The outlet ("Military Times", a feed's title), when known.
    pub source: Option<String>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            title: None,
            published: None,
            url: None,
            source: None,
        }
    }

    /// The text a span covers. Returns an empty string for a span that does
    /// not fit the text (which sitrep never produces) rather than panicking.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

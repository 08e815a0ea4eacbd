//! Telling what an input is: its format from the file extension or its first
//! bytes, and whether it is binary data that must not be coded at all.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// The input formats sitrep reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text (or Markdown): the whole input is one document.
    Text,
    /// An HTML page: the main article text is extracted.
    Html,
    /// JSON Lines: one document object per line.
    JsonLines,
    /// An RSS 0.9x/1.0/2.0 or Atom 1.0 feed: one document per item.
    Feed,
}

impl Format {
    pub const ALL: &'static [Format] =
        &[Format::Text, Format::Html, Format::JsonLines, Format::Feed];

    /// The name used on the command line (`--format jsonl`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::JsonLines => "jsonl",
            Format::Feed => "feed",
        }
    }

    /// The format a file extension promises, compared case-insensitively.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" | "text" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "rss" | "atom" | "xml" => Some(Format::Feed),
            _ => None,
        }
    }

    /// Guesses the format from the first bytes of an input (a kilobyte is
    /// plenty). UTF-16 input must be decoded before sniffing; the markers
    /// looked for are all ASCII, so any ASCII-compatible encoding works.
    pub fn sniff(head: &[u8]) -> Format {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let head = head.get(..SNIFF_BYTES).unwrap_or(head);
        let start = skip_ascii_whitespace(head);
        let lower = start.to_ascii_lowercase();
        if lower.starts_with(b"<?xml") {
            // XHTML pages carry an XML declaration too; look past it.
            if contains(&lower, b"<rss")
                || contains(&lower, b"<feed")
                || contains(&lower, b"<rdf:rdf")
            {
                return Format::Feed;
            }
            if contains(&lower, b"<!doctype html") || contains(&lower, b"<html") {
                return Format::Html;
            }
            return Format::Feed;
        }
        if lower.starts_with(b"<rss")
            || lower.starts_with(b"<feed")
            || lower.starts_with(b"<rdf:rdf")
        {
            return Format::Feed;
        }
        const HTML_STARTS: &[&[u8]] = &[b"<!doctype html", b"<html", b"<head", b"<body", b"<meta"];
        if HTML_STARTS.iter().any(|m| lower.starts_with(m)) {
            return Format::Html;
        }
        // A leading comment says nothing by itself: an HTML page behind it
        // still names its doctype or root element within the first KB.
        if lower.starts_with(b"<!--")
            && (contains(&lower, b"<!doctype html") || contains(&lower, b"<html"))
        {
            return Format::Html;
        }
        if start.first() == Some(&b'{') {
            return Format::JsonLines;
        }
        Format::Text
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "html" | "htm" => Ok(Format::Html),
            "jsonl" | "ndjson" | "jsonlines" => Ok(Format::JsonLines),
            "feed" | "rss" | "atom" => Ok(Format::Feed),
            _ => Err(format!(
                "unknown input format {s:?} (expected text, html, jsonl or feed)"
            )),
        }
    }
}

/// How much of an input format sniffing looks at.
pub(crate) const SNIFF_BYTES: usize = 1024;

/// How much of an input binary detection looks at.
pub(crate) const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// Why an input looks binary, for the problem message.
pub(crate) fn binary_kind(head: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1f\x8b", "gzip data"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"\x7fELF", "executable"),
        (b"BZh", "bzip2 data"),
        (b"\xfd7zXZ\x00", "xz data"),
        (b"\x28\xb5\x2f\xfd", "zstd data"),
        (b"SQLite format 3\x00", "SQLite database"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Some(kind);
    }
    // UTF-16 text is full of NUL bytes but is text all the same.
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        return None;
    }
    let head = head.get(..BINARY_SNIFF_BYTES).unwrap_or(head);
    if head.contains(&0) {
        return Some("contains NUL bytes");
    }
    // Text has tabs, line breaks and the odd form feed or escape, but hardly
    // any other C0 control bytes; a tenth of them means data, not prose.
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    if !head.is_empty() && controls * 10 > head.len() {
        return Some("mostly control bytes");
    }
    None
}

fn skip_ascii_whitespace(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    bytes.get(n..).unwrap_or(&[])
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        let table: &[(&str, Option<Format>)] = &[
            ("a/report.txt", Some(Format::Text)),
            ("README.md", Some(Format::Text)),
            ("x.TEXT", Some(Format::Text)),
            ("page.html", Some(Format::Html)),
            ("page.HTM", Some(Format::Html)),
            ("page.xhtml", Some(Format::Html)),
            ("docs.jsonl", Some(Format::JsonLines)),
            ("docs.ndjson", Some(Format::JsonLines)),
            ("news.rss", Some(Format::Feed)),
            ("news.atom", Some(Format::Feed)),
            ("news.xml", Some(Format::Feed)),
            ("data.json", None),
            ("noextension", None),
            (".hidden", None),
        ];
        for &(path, want) in table {
            assert_eq!(Format::from_extension(Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn format_from_first_bytes() {
        let table: &[(&str, Format)] = &[
            ("<?xml version=\"1.0\"?><rss version=\"2.0\">", Format::Feed),
            (
                "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">",
                Format::Feed,
            ),
            ("<?xml version=\"1.0\"?><rdf:RDF>", Format::Feed),
            ("<?xml version=\"1.0\"?><sitemap/>", Format::Feed),
            ("<?xml version=\"1.0\"?><!DOCTYPE html><html>", Format::Html),
            ("  \n<rss version=\"0.91\">", Format::Feed),
            ("<feed>", Format::Feed),
            ("<!DOCTYPE html>\n<html>", Format::Html),
            ("<!doctype HTML>", Format::Html),
            ("<html lang=en>", Format::Html),
            ("<!-- saved page -->\n<!DOCTYPE html>", Format::Html),
            ("\u{feff}<html>", Format::Html),
            ("{\"id\": 1, \"text\": \"x\"}\n", Format::JsonLines),
            ("\n\n{\"text\": \"x\"}", Format::JsonLines),
            ("Kabul, 3 May - Taliban fighters attacked", Format::Text),
            ("<b>not a page</b>", Format::Text),
            ("[1, 2]", Format::Text),
            ("", Format::Text),
        ];
        for &(head, want) in table {
            assert_eq!(Format::sniff(head.as_bytes()), want, "{head:?}");
        }
    }

    #[test]
    fn binary_detection() {
        let table: &[(&[u8], Option<&str>)] = &[
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Some("PNG image")),
            (b"%PDF-1.7\n", Some("PDF document")),
            (b"PK\x03\x04rest", Some("ZIP archive")),
            (b"\x1f\x8b\x08\x00", Some("gzip data")),
            (b"text with a \0 NUL", Some("contains NUL bytes")),
            (b"\x01\x02\x03\x04abc", Some("mostly control bytes")),
            (b"\xff\xfeK\0a\0b\0u\0l\0", None),
            (b"Plain text\twith tabs\r\nand lines\x0c", None),
            (b"caf\xe9 au lait", None),
            (b"", None),
        ];
        for &(head, want) in table {
            assert_eq!(binary_kind(head), want, "{head:?}");
        }
    }

    #[test]
    fn format_names_round_trip() {
        for &f in Format::ALL {
            assert_eq!(f.as_str().parse::<Format>(), Ok(f));
        }
        assert!("pdf".parse::<Format>().is_err());
    }
}

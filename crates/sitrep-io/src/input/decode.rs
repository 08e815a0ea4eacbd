//! Turning an input's bytes into UTF-8 text.
//!
//! UTF-8 is taken as it is (minus a byte-order mark), UTF-16 is decoded when
//! a byte-order mark says so, and anything else is decoded with the charset
//! the document declares or, failing that, the one `chardetng` (the detector
//! Firefox uses) guesses. Only the last two cases produce a warning: the
//! guess may be wrong, and the user should know which encoding was used.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::Format;

/// Decoded text and, when the input was not plain UTF-8, a note saying how
/// it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

/// Decodes a whole input. `format` lets HTML and XML inputs name their own
/// charset (`<meta charset>`, `<?xml encoding>`), which beats a guess.
pub(crate) fn decode(bytes: Vec<u8>, format: Format) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (text, had_errors) = UTF_8.decode_without_bom_handling(rest);
        let warning = had_errors.then(|| {
            "starts with a UTF-8 byte-order mark but is not valid UTF-8; invalid bytes replaced"
                .to_string()
        });
        return Decoded {
            text: text.into_owned(),
            warning,
        };
    }
    for (bom, encoding) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            let warning = had_errors
                .then(|| format!("malformed {}; invalid sequences replaced", encoding.name()));
            return Decoded {
                text: text.into_owned(),
                warning,
            };
        }
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            return Decoded {
                text,
                warning: None,
            };
        }
        Err(e) => e.into_bytes(),
    };
    let declared = match format {
        Format::Html | Format::Feed => declared_encoding(&bytes),
        Format::Text | Format::JsonLines => None,
    };
    let encoding = declared.unwrap_or_else(|| {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(&bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Allow)
    });
    let (text, _, _) = encoding.decode(&bytes);
    // A guess of UTF-8 for invalid UTF-8 means the bytes are mostly UTF-8
    // with a few broken sequences; say so rather than "decoded as UTF-8".
    let warning = if encoding == UTF_8 {
        "not valid UTF-8; invalid bytes replaced".to_string()
    } else {
        format!(
            "not valid UTF-8; decoded as {}",
            encoding.name().to_ascii_lowercase()
        )
    };
    Decoded {
        text: text.into_owned(),
        warning: Some(warning),
    }
}

/// The charset an HTML `<meta>` or an XML declaration names in the first
/// kilobyte, unless it claims a Unicode encoding the bytes already failed.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..1024).unwrap_or(bytes).to_ascii_lowercase();
    const KEYS: [&[u8]; 2] = [b"charset=", b"encoding="];
    let (key, at) = KEYS.into_iter().find_map(|key| {
        head.windows(key.len())
            .position(|w| w == key)
            .map(|at| (key, at))
    })?;
    let value = head.get(at + key.len()..)?;
    let value = value
        .strip_prefix(b"\"")
        .or_else(|| value.strip_prefix(b"'"))
        .unwrap_or(value);
    let end = value
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(value.len());
    let encoding = Encoding::for_label(value.get(..end)?)?;
    (encoding != UTF_8 && encoding != UTF_16LE && encoding != UTF_16BE).then_some(encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_table() {
        let table: &[(&[u8], Format, &str, Option<&str>)] = &[
            (b"plain ascii", Format::Text, "plain ascii", None),
            (b"\xEF\xBB\xBFwith BOM", Format::Text, "with BOM", None),
            ("caf\u{e9}".as_bytes(), Format::Text, "caf\u{e9}", None),
            (b"\xFF\xFEK\0a\0b\0u\0l\0", Format::Text, "Kabul", None),
            (b"\xFE\xFF\0K\0a\0b\0u\0l", Format::Text, "Kabul", None),
            (
                b"The \x93Islamic State\x94 claimed the attack \x96 officials said",
                Format::Text,
                "The \u{201c}Islamic State\u{201d} claimed the attack \u{2013} officials said",
                Some("not valid UTF-8; decoded as windows-1252"),
            ),
            (
                b"<meta charset=\"iso-8859-15\"><p>\xa4 5</p>",
                Format::Html,
                "<meta charset=\"iso-8859-15\"><p>\u{20ac} 5</p>",
                Some("not valid UTF-8; decoded as iso-8859-15"),
            ),
            (
                b"<?xml version='1.0' encoding='windows-1251'?><t>\xcf</t>",
                Format::Feed,
                "<?xml version='1.0' encoding='windows-1251'?><t>\u{41f}</t>",
                Some("not valid UTF-8; decoded as windows-1251"),
            ),
        ];
        for &(bytes, format, text, warning) in table {
            let got = decode(bytes.to_vec(), format);
            assert_eq!(got.text, text, "{bytes:?}");
            assert_eq!(got.warning.as_deref(), warning, "{bytes:?}");
        }
    }
}

//! Plain-text documents: the text is kept byte for byte; only the title is
//! guessed from its first line.

/// The longest first line still taken for a headline, in characters.
const MAX_HEADLINE_CHARS: usize = 200;

/// The first line of `text` when it looks like a headline: short, with a
/// letter in it, not ending like a sentence or a clause, and followed by a
/// blank line and then a body. Anything else is body text and gives no
/// title; a one-line file is all body.
pub fn headline_title(text: &str) -> Option<String> {
    let mut lines = text.split('\n');
    let first = lines.next()?.trim();
    let second = lines.next()?;
    if !second.trim().is_empty() || lines.all(|l| l.trim().is_empty()) {
        return None;
    }
    let looks_like_headline = !first.is_empty()
        && first.chars().count() <= MAX_HEADLINE_CHARS
        && first.chars().any(char::is_alphabetic)
        && !first.ends_with(['.', ',', ';', ':']);
    looks_like_headline.then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_titles() {
        let long = "word ".repeat(60);
        let long_headline = format!("{long}\n\nbody");
        let table: &[(&str, Option<&str>)] = &[
            (
                "Taliban attack checkpoint in Ghor\n\nBody text.",
                Some("Taliban attack checkpoint in Ghor"),
            ),
            ("Headline with CRLF\r\n\r\nBody", Some("Headline with CRLF")),
            (
                "Is ISIS-K losing ground?\n\nBody",
                Some("Is ISIS-K losing ground?"),
            ),
            ("  Padded headline  \n   \nBody", Some("Padded headline")),
            ("A sentence that ends with a period.\n\nBody", None),
            ("Dateline: KABUL,\n\nBody", None),
            ("Headline directly followed\nby more text", None),
            ("Only one line", None),
            ("One line and a newline\n", None),
            ("Headline and nothing after\n\n  \n", None),
            ("\n\nBody after a blank first line", None),
            ("12345\n\nNumbers are no headline", None),
            (long_headline.as_str(), None),
            ("", None),
        ];
        for &(text, want) in table {
            assert_eq!(headline_title(text).as_deref(), want, "{text:?}");
        }
    }
}

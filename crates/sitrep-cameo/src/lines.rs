//! Line handling shared by the dictionary readers: comments and bracketed
//! groups, the way TABARI and PETRARCH files write them.

/// The lines of a dictionary that carry content, 1-based, with comments
/// removed and trailing space trimmed.
///
/// Comments are `#` to the end of the line (outside `[...]`, so the code
/// `[###]` survives), `;` to the end of the line when `semicolon` is set
/// (old TABARI verb files: `RIP {RIPS} ;shan 7/11/93`), and XML-style
/// `<!-- ... -->` blocks, which may span lines. Lines left empty are not
/// returned.
pub(crate) fn content_lines(text: &str, semicolon: bool) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_xml_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = raw.trim_end_matches('\r');
        if in_xml_comment {
            match line.find("-->") {
                Some(end) => {
                    in_xml_comment = false;
                    line = line.get(end + 3..).unwrap_or("");
                }
                None => continue,
            }
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("<!") {
            // `<!-- ... -->` on one line, the opening of a longer block, or
            // the malformed `<! -- ... -->` some files have.
            if !trimmed.contains("-->") {
                in_xml_comment = true;
            }
            continue;
        }
        let content = strip_comment(line, semicolon).trim_end();
        if content.trim().is_empty() {
            continue;
        }
        out.push((i + 1, content.to_string()));
    }
    out
}

fn strip_comment(line: &str, semicolon: bool) -> &str {
    let mut depth = 0usize;
    for (i, c) in line.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '#' if depth == 0 => return line.get(..i).unwrap_or(""),
            ';' if semicolon && depth == 0 => return line.get(..i).unwrap_or(""),
            _ => {}
        }
    }
    line
}

/// A line split into its text outside brackets and the contents of its
/// `[...]` and `{...}` groups, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Split {
    pub text: String,
    pub brackets: Vec<String>,
    pub braces: Vec<String>,
    /// A group opened and never closed (or closed by the wrong bracket).
    pub unbalanced: bool,
}

pub(crate) fn split_groups(line: &str) -> Split {
    let mut s = Split::default();
    let mut current: Option<(char, String)> = None;
    for c in line.chars() {
        match (&mut current, c) {
            (None, '[') => current = Some(('[', String::new())),
            (None, '{') => current = Some(('{', String::new())),
            (None, ']' | '}') => s.unbalanced = true,
            (None, c) => s.text.push(c),
            (Some((open, buf)), c) => {
                let closes = matches!((*open, c), ('[', ']') | ('{', '}'));
                let wrong = matches!(
                    (*open, c),
                    ('[', '}') | ('{', ']') | ('[', '[') | ('{', '{')
                );
                if closes {
                    let body = std::mem::take(buf);
                    if *open == '[' {
                        s.brackets.push(body);
                    } else {
                        s.braces.push(body);
                    }
                    current = None;
                } else if wrong {
                    s.unbalanced = true;
                    let body = std::mem::take(buf);
                    if *open == '[' {
                        s.brackets.push(body);
                    } else {
                        s.braces.push(body);
                    }
                    current = None;
                } else {
                    buf.push(c);
                }
            }
        }
    }
    if let Some((open, buf)) = current {
        s.unbalanced = true;
        if open == '[' {
            s.brackets.push(buf);
        } else {
            s.braces.push(buf);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_removed() {
        let text = "A [X] # note\n\n<!-- one line -->\n<!--\nhidden\n-->\nB [###] ; old\n  # only\nC {D};tabari\n";
        let got = content_lines(text, true);
        let want = vec![
            (1, "A [X]".to_string()),
            (7, "B [###]".to_string()),
            (9, "C {D}".to_string()),
        ];
        assert_eq!(got, want);
        // Without the TABARI rule a semicolon is text.
        assert_eq!(
            content_lines("A ; b", false),
            vec![(1, "A ; b".to_string())]
        );
    }

    #[test]
    fn groups_are_split() {
        type Row<'a> = (&'a str, &'a str, &'a [&'a str], &'a [&'a str], bool);
        let table: &[Row<'_>] = &[
            ("ABANDON [345]", "ABANDON ", &["345"], &[], false),
            (
                "BAN {BANS BANNED} [191]",
                "BAN  ",
                &["191"],
                &["BANS BANNED"],
                false,
            ),
            ("X [~ENV}", "X ", &["~ENV"], &[], true),
            ("Y [A] [B 1-2]", "Y  ", &["A", "B 1-2"], &[], false),
            ("Z [OPEN", "Z ", &["OPEN"], &[], true),
        ];
        for (line, text, brackets, braces, unbalanced) in table {
            let s = split_groups(line);
            assert_eq!(
                (
                    s.text.as_str(),
                    s.brackets.iter().map(String::as_str).collect::<Vec<_>>(),
                    s.braces.iter().map(String::as_str).collect::<Vec<_>>(),
                    s.unbalanced
                ),
                (*text, brackets.to_vec(), braces.to_vec(), *unbalanced),
                "{line}"
            );
        }
    }
}

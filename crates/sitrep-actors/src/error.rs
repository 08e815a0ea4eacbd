use std::ops::Range;

/// Why an actor dictionary could not be built.
///
/// Every problem found in a file names the file, the 1-based line and the
/// 1-based column, because the dictionary is edited by analysts who need to
/// find the offending entry, not read a Rust backtrace.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActorsError {
    /// A file is not valid TOML, has an unknown key or a value that does not
    /// fit its field, or breaks one of the dictionary's rules.
    #[error("{file}:{line}:{column}: {message}")]
    Data {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Something the dictionary needs is missing from every file (a role
    /// that no `[[role]]` table defines, say).
    #[error("actor dictionary: {message}")]
    Incomplete { message: String },
    /// The matching automaton could not be built (too many patterns).
    #[error("actor dictionary: cannot build the matcher: {message}")]
    Matcher { message: String },
}

impl ActorsError {
    /// An error at a byte span of one source file.
    pub(crate) fn at(
        file: &str,
        content: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> ActorsError {
        let (line, column) = line_column(content, span.start);
        ActorsError::Data {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// The 1-based line and column (in characters) of a byte offset. Offsets past
/// the end or inside a character are clamped rather than trusted, so a bad
/// span from a parser can never make error reporting itself panic.
fn line_column(content: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(content.len());
    while !content.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = content.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::line_column;

    #[test]
    fn line_and_column_of_offsets() {
        let text = "ab\ncdé\nf";
        let table: &[(usize, (usize, usize))] = &[
            (0, (1, 1)),
            (1, (1, 2)),
            (3, (2, 1)),
            (5, (2, 3)),
            // Inside the two-byte "é": clamped back to its start.
            (6, (2, 3)),
            (8, (3, 1)),
            (99, (3, 2)),
        ];
        for &(offset, want) in table {
            assert_eq!(line_column(text, offset), want, "offset {offset}");
        }
    }
}

//! Problems found while loading a dictionary, each with its file and line.

use std::fmt;

use sitrep_model::Severity;

/// One line of a dictionary that could not be read as written. Loading
/// never stops for one: the line is skipped (an error) or read with a
/// guess (a warning), and the rest of the file is still used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionaryIssue {
    pub file: String,
    /// 1-based.
    pub line: usize,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for DictionaryIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}:{}: {level}: {}", self.file, self.line, self.message)
    }
}

/// Collects issues for one file.
pub(crate) struct Issues<'a> {
    pub file: &'a str,
    pub out: &'a mut Vec<DictionaryIssue>,
}

impl Issues<'_> {
    pub fn error(&mut self, line: usize, message: impl Into<String>) {
        self.push(line, Severity::Error, message.into());
    }

    pub fn warning(&mut self, line: usize, message: impl Into<String>) {
        self.push(line, Severity::Warning, message.into());
    }

    fn push(&mut self, line: usize, severity: Severity, message: String) {
        self.out.push(DictionaryIssue {
            file: self.file.to_string(),
            line,
            severity,
            message,
        });
    }
}

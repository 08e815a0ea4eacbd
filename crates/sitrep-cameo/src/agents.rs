//! Agent dictionaries (`Phoenix.agents.txt`, `PETR.Validate.agents.txt`).
//!
//! ```text
//! !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON   a substitution set
//! PRESIDENT [~GOV]              an agent: `~` stands for the actor's code,
//! MSF {}  [NGO~]                so `~GOV` is a suffix, `NGO~` a prefix
//! GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]    `{}` lists plurals; `{}` alone
//! CONGRESS!PERSON! [~LEG]       says there is none; otherwise the regular
//! !MINST!_OF_SILLY_WALKS [~GOV] plural is added, unless the name ends in
//!                               `_`; `!SET!` expands to each member
//! ```

use std::collections::HashMap;

use sitrep_lexicon::morphology::plural;

use crate::dictionaries::DictionarySource;
use crate::issue::{DictionaryIssue, Issues};
use crate::lines::{content_lines, split_groups};
use crate::text::{PhraseTok, phrase};

/// An agent's code and which side of the actor's code it goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AgentCode {
    pub code: String,
    /// `NGO~`: before the actor's code.
    pub prefix: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct AgentName {
    pub toks: Vec<PhraseTok>,
    pub agent: u32,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Agents {
    pub codes: Vec<AgentCode>,
    pub names: Vec<AgentName>,
    /// First token → names, longest first, then in file order.
    pub index: HashMap<String, Vec<u32>>,
}

pub(crate) fn load(sources: &[DictionarySource<'_>], out: &mut Vec<DictionaryIssue>) -> Agents {
    let mut agents = Agents::default();
    for src in sources {
        let mut issues = Issues {
            file: src.name,
            out: &mut *out,
        };
        read_file(src, &mut agents, &mut issues);
    }
    for (i, n) in agents.names.iter().enumerate() {
        if let Some(first) = n.toks.first() {
            agents
                .index
                .entry(first.up.clone())
                .or_default()
                .push(i as u32);
        }
    }
    let names = &agents.names;
    for list in agents.index.values_mut() {
        list.sort_by_key(|&i| (std::cmp::Reverse(names[i as usize].toks.len()), i));
    }
    agents
}

fn read_file(src: &DictionarySource<'_>, agents: &mut Agents, issues: &mut Issues<'_>) {
    let mut sets: Vec<(String, Vec<String>)> = Vec::new();
    for (line_no, line) in content_lines(src.text, false) {
        let t = line.trim();
        if t.starts_with('!')
            && let Some((name, members)) = t.split_once('=')
        {
            let name = name.trim().to_uppercase();
            if !(name.len() > 2 && name.ends_with('!')) {
                issues.error(
                    line_no,
                    format!("substitution set name {name:?} is not !NAME!; skipped"),
                );
                continue;
            }
            let members: Vec<String> = members
                .split(',')
                .map(|m| m.trim().to_uppercase())
                .filter(|m| !m.is_empty())
                .collect();
            if members.is_empty() {
                issues.error(
                    line_no,
                    format!("substitution set {name} is empty; skipped"),
                );
                continue;
            }
            sets.retain(|(n, _)| *n != name);
            sets.push((name, members));
            continue;
        }
        let split = split_groups(t);
        if split.unbalanced {
            issues.error(line_no, "unbalanced brackets; agent skipped");
            continue;
        }
        let Some(code) = split.brackets.first() else {
            issues.error(line_no, "agent without a code; skipped");
            continue;
        };
        let code: String = code.split_whitespace().collect::<String>().to_uppercase();
        let (code, prefix) = if let Some(c) = code.strip_prefix('~') {
            (c.to_string(), false)
        } else if let Some(c) = code.strip_suffix('~') {
            (c.to_string(), true)
        } else {
            issues.warning(
                line_no,
                format!("agent code [{code}] has no `~`; read as a suffix"),
            );
            (code, false)
        };
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            issues.error(
                line_no,
                format!("agent code {code:?} is not letters and digits; skipped"),
            );
            continue;
        }
        let name = split.text.trim();
        let Some(names) = expand(name, &sets, line_no, issues) else {
            continue;
        };
        if names.is_empty() {
            issues.error(line_no, "agent without a name; skipped");
            continue;
        }
        agents.codes.push(AgentCode { code, prefix });
        let agent = (agents.codes.len() - 1) as u32;
        let mut add = |toks: Vec<PhraseTok>| {
            if !toks.is_empty()
                && !agents
                    .names
                    .iter()
                    .rev()
                    .take(64)
                    .any(|n| n.agent == agent && n.toks == toks)
            {
                agents.names.push(AgentName { toks, agent });
            }
        };
        for n in &names {
            add(phrase(n));
        }
        match split.braces.first() {
            Some(listed) => {
                for p in listed.split_whitespace() {
                    for e in expand(p, &sets, line_no, issues).unwrap_or_default() {
                        add(phrase(&e));
                    }
                }
            }
            None if !name.ends_with('_') => {
                for n in &names {
                    let mut toks = phrase(n);
                    if let Some(last) = toks.last_mut()
                        && last.up.chars().all(char::is_alphabetic)
                    {
                        last.up = plural(&last.up.to_lowercase()).to_uppercase();
                        add(toks);
                    }
                }
            }
            None => {}
        }
    }
}

/// Expands `!SET!` markers into every combination of members.
fn expand(
    name: &str,
    sets: &[(String, Vec<String>)],
    line: usize,
    issues: &mut Issues<'_>,
) -> Option<Vec<String>> {
    let mut out = vec![name.to_uppercase()];
    loop {
        let Some(first) = out.first() else {
            return Some(out);
        };
        let Some(start) = first.find('!') else {
            return Some(out);
        };
        let Some(len) = first.get(start + 1..).and_then(|rest| rest.find('!')) else {
            issues.error(line, format!("unclosed `!` in agent {name:?}; skipped"));
            return None;
        };
        let marker = first.get(start..start + len + 2).unwrap_or("").to_string();
        let Some((_, members)) = sets.iter().find(|(n, _)| *n == marker) else {
            issues.error(
                line,
                format!("unknown substitution set {marker} in agent {name:?}; skipped"),
            );
            return None;
        };
        out = out
            .iter()
            .flat_map(|n| members.iter().map(|m| n.replacen(marker.as_str(), m, 1)))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> (Agents, Vec<DictionaryIssue>) {
        let mut issues = Vec::new();
        let a = load(
            &[DictionarySource {
                name: "g.txt",
                text,
            }],
            &mut issues,
        );
        (a, issues)
    }

    fn lookup(a: &Agents, name: &str) -> Option<(String, bool)> {
        let toks = crate::text::words(name);
        let n = a
            .names
            .iter()
            .find(|n| n.toks.iter().map(|t| &t.up).eq(toks.iter()))?;
        let c = &a.codes[n.agent as usize];
        Some((c.code.clone(), c.prefix))
    }

    #[test]
    fn agent_forms_table() {
        let text = "!PERSON! = MAN, MEN\n!MINST! = MINISTER, MINISTRY\nPRESIDENT [~GOV]\nPOLICE {} [ ~COP]\nGOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]\nMSF {}  [NGO~]\nCONGRESS!PERSON! [~LEG]\n!MINST!_OF_SILLY_WALKS [~GOV]\nMINISTRY_ [~GOV]\nCONGRESS [~LEG]\n";
        let (a, issues) = load_str(text);
        assert!(issues.is_empty(), "{issues:?}");
        let table = [
            ("PRESIDENT", Some(("GOV", false))),
            ("PRESIDENTS", Some(("GOV", false))),
            ("POLICE", Some(("COP", false))),
            ("POLICES", None),
            ("GOLDEN GEESE", Some(("GGS", false))),
            ("GOLDEN GOOSES", None),
            ("MSF", Some(("NGO", true))),
            ("CONGRESSMAN", Some(("LEG", false))),
            ("CONGRESSMEN", Some(("LEG", false))),
            ("MINISTRY OF SILLY WALKS", Some(("GOV", false))),
            ("MINISTER OF SILLY WALKS", Some(("GOV", false))),
            ("MINISTRY", Some(("GOV", false))),
            ("MINISTRIES", None),
            ("CONGRESSES", Some(("LEG", false))),
        ];
        for (name, want) in table {
            let want = want.map(|(c, p)| (c.to_string(), p));
            assert_eq!(lookup(&a, name), want, "{name}");
        }
    }

    #[test]
    fn malformed_lines_are_reported_with_their_line() {
        let text = "DEPARMENT_OF_ENVIRONMENT [~ENV}\nNOCODE\n!BAD = X\n!UNKNOWN!_THING [~GOV]\nODD [GOV]\nWEIRD [~G-V]\nOK [~OK]\n";
        let (a, issues) = load_str(text);
        let got: Vec<(usize, String)> = issues
            .iter()
            .map(|i| (i.line, format!("{:?}", i.severity)))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "Error".to_string()),
                (2, "Error".to_string()),
                (3, "Error".to_string()),
                (4, "Error".to_string()),
                (5, "Warning".to_string()),
                (6, "Error".to_string()),
            ],
            "{issues:#?}"
        );
        assert_eq!(lookup(&a, "OK"), Some(("OK".to_string(), false)));
        assert_eq!(lookup(&a, "ODD"), Some(("GOV".to_string(), false)));
    }
}

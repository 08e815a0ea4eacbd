//! Actor name templates: "Military Forces of {the_country} ({regime})".
//!
//! A placeholder that cannot be filled takes its surroundings with it: the
//! parenthesised group around it is dropped ("Military Forces of Chile" when
//! Chile has no regime periods), and outside parentheses a dangling "of" or
//! "in" before it goes too ("Military Forces" when no country is known).
//! ACLED never writes empty parentheses, so neither do we.

/// The values a template may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placeholder {
    /// The regime label of the actor's country on the event date.
    Regime,
    /// The actor's country, ACLED's spelling.
    Country,
    /// The same, with "the" where English needs it after "of".
    TheCountry,
    /// The country of the report (named actors only).
    Focus,
}

impl Placeholder {
    fn parse(name: &str) -> Option<Placeholder> {
        match name {
            "regime" => Some(Placeholder::Regime),
            "country" => Some(Placeholder::Country),
            "the_country" => Some(Placeholder::TheCountry),
            "focus" => Some(Placeholder::Focus),
            _ => None,
        }
    }
}

/// Checks a template's syntax and that it only uses `allowed` placeholders;
/// returns the placeholders it uses.
pub(crate) fn check(template: &str, allowed: &[Placeholder]) -> Result<Vec<Placeholder>, String> {
    let mut used = Vec::new();
    let mut depth = 0usize;
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        match c {
            '{' => {
                let close = rest
                    .find('}')
                    .ok_or_else(|| format!("unclosed '{{' in name {template:?}"))?;
                let name = rest.get(1..close).unwrap_or("");
                let p = Placeholder::parse(name).ok_or_else(|| {
                    format!(
                        "unknown placeholder {{{name}}} in name {template:?} \
                         (known: {{regime}}, {{country}}, {{the_country}}, {{focus}})"
                    )
                })?;
                if !allowed.contains(&p) {
                    return Err(format!("placeholder {{{name}}} is not allowed here"));
                }
                used.push(p);
                rest = rest.get(close + 1..).unwrap_or("");
                continue;
            }
            '}' => return Err(format!("unmatched '}}' in name {template:?}")),
            '(' => depth += 1,
            ')' => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| format!("unmatched ')' in name {template:?}"))?;
            }
            _ => {}
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    if depth != 0 {
        return Err(format!("unclosed '(' in name {template:?}"));
    }
    if template.trim().is_empty() {
        return Err("empty name".to_string());
    }
    Ok(used)
}

/// Fills a template checked by [`check`]. Malformed templates never reach
/// here, but the function still degrades instead of panicking on one.
pub(crate) fn render(template: &str, fill: impl Fn(Placeholder) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    // For each open parenthesis: where the group starts in `out` and whether
    // one of its placeholders failed.
    let mut groups: Vec<(usize, bool)> = Vec::new();
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        match c {
            '{' => {
                let close = rest.find('}').unwrap_or(rest.len());
                let value = rest
                    .get(1..close)
                    .and_then(Placeholder::parse)
                    .and_then(&fill);
                match (value, groups.last_mut()) {
                    (Some(v), _) => out.push_str(&v),
                    (None, Some(group)) => group.1 = true,
                    (None, None) => drop_dangling_preposition(&mut out),
                }
                rest = rest.get(close + 1..).unwrap_or("");
                continue;
            }
            '(' => {
                groups.push((out.len(), false));
                out.push('(');
            }
            ')' => {
                out.push(')');
                if let Some((at, true)) = groups.pop() {
                    out.truncate(at);
                }
            }
            _ => out.push(c),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    let mut clean = String::with_capacity(out.len());
    for word in out.split_whitespace() {
        if !clean.is_empty() {
            clean.push(' ');
        }
        clean.push_str(word);
    }
    clean
}

/// Removes a trailing " of" / " in" (and spaces) left before a placeholder
/// that could not be filled.
fn drop_dangling_preposition(out: &mut String) {
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    for word in [" of", " in"] {
        if out.ends_with(word) {
            let len = out.len() - word.len();
            out.truncate(len);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_drops_what_cannot_be_filled() {
        // (template, regime, country, the_country, expected)
        type Row<'a> = (
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            &'a str,
        );
        let table: &[Row] = &[
            (
                "Military Forces of {the_country} ({regime})",
                Some("2004-2021"),
                Some("Afghanistan"),
                Some("Afghanistan"),
                "Military Forces of Afghanistan (2004-2021)",
            ),
            (
                "Military Forces of {the_country} ({regime})",
                None,
                Some("Chile"),
                Some("Chile"),
                "Military Forces of Chile",
            ),
            (
                "Military Forces of {the_country} ({regime})",
                None,
                None,
                None,
                "Military Forces",
            ),
            ("Civilians ({country})", None, None, None, "Civilians"),
            (
                "Civilians ({country})",
                None,
                Some("Pakistan"),
                None,
                "Civilians (Pakistan)",
            ),
        ];
        for &(template, regime, country, the_country, want) in table {
            let got = render(template, |p| {
                match p {
                    Placeholder::Regime => regime,
                    Placeholder::Country => country,
                    Placeholder::TheCountry => the_country,
                    Placeholder::Focus => None,
                }
                .map(str::to_string)
            });
            assert_eq!(got, want, "{template}");
        }
    }

    #[test]
    fn checks_syntax_and_placeholders() {
        let all = [
            Placeholder::Regime,
            Placeholder::Country,
            Placeholder::TheCountry,
            Placeholder::Focus,
        ];
        let table: &[(&str, &[Placeholder], bool)] = &[
            ("Taliban", &all, true),
            ("Military Forces of {the_country} ({regime})", &all, true),
            ("Islamic State ({focus})", &all, true),
            ("Islamic State ({focus})", &[Placeholder::Country], false),
            ("Civilians ({county})", &all, false),
            ("Civilians ({country}", &all, false),
            ("Civilians {country", &all, false),
            ("Civilians country}", &all, false),
            ("   ", &all, false),
        ];
        for &(template, allowed, ok) in table {
            assert_eq!(check(template, allowed).is_ok(), ok, "{template}");
        }
    }
}

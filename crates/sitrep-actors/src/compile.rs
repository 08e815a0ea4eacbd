//! Turning dictionary files into the runtime dictionary.
//!
//! Files are parsed first, then compiled in dependency order across all of
//! them: countries (which every other section refers to), regimes, roles and
//! the context lists, and finally named actors. Every rule broken names the
//! file and line of the offending value.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use sitrep_model::{ActorType, CountryCode, Date};
use toml::Spanned;

use crate::spec::{AliasSpec, CaseSpec, DateText, InheritSpec, SourceFile};
use crate::template::{self, Placeholder};
use crate::{
    ActorEntry, ActorId, ActorsError, Alias, Candidate, CaseRule, PhoenixActorCode, Role,
    SourceLocation, Stats,
};

/// A country the dictionary knows.
#[derive(Debug)]
pub(crate) struct Country {
    pub code: CountryCode,
    /// ACLED's spelling.
    pub name: String,
    /// Whether "the" goes before the name after "of".
    pub article: bool,
}

/// One government period of one country.
#[derive(Debug)]
pub(crate) struct Regime {
    pub country: CountryCode,
    pub label: String,
    pub from: Option<Date>,
    pub until: Option<Date>,
}

/// What a role becomes as an actor.
#[derive(Debug)]
pub(crate) struct RoleInfo {
    pub name: String,
    pub inter: ActorType,
}

/// The `[context]` word lists, lower-cased.
#[derive(Debug, Default)]
pub(crate) struct Context {
    pub actor_next: HashSet<String>,
    pub actor_previous: HashSet<String>,
    pub negating_prefixes: HashSet<String>,
    pub adjective_stopwords: HashSet<String>,
    /// Nouns a role noun right before them describes ("station" in "police
    /// station").
    pub modified_nouns: HashSet<String>,
}

/// What one string of the automaton means. A string can mean several things
/// at once: "government" is a role noun and a modifier.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Meaning {
    Named {
        candidate: Candidate,
        case: CaseRule,
        needs_context: bool,
    },
    Demonym {
        country: CountryCode,
    },
    Role {
        role: Role,
        plural: bool,
        needs_modifier: bool,
    },
    /// "government", "state": points at the focus country's state.
    Government,
}

/// One distinct string of the automaton.
#[derive(Debug)]
pub(crate) struct Pattern {
    pub text: String,
    /// Byte ranges of the pattern's all-capital words of two or more letters,
    /// which must match exactly under [`CaseRule::Acronyms`].
    pub acronyms: Vec<Range<usize>>,
    /// Whether the pattern starts / ends with a letter or digit, so the text
    /// around a match must not continue the word.
    pub alnum_start: bool,
    pub alnum_end: bool,
    pub meanings: Vec<Meaning>,
}

/// The compiled dictionary behind [`crate::ActorDictionary`].
#[derive(Debug)]
pub(crate) struct Compiled {
    pub entries: Vec<ActorEntry>,
    /// Sorted by code.
    pub countries: Vec<Country>,
    /// Sorted by country, then start date.
    pub regimes: Vec<Regime>,
    /// Indexed by `Role::slot`.
    pub roles: Vec<RoleInfo>,
    pub context: Context,
    pub patterns: Vec<Pattern>,
    pub automaton: AhoCorasick,
    pub stats: Stats,
}

impl Compiled {
    pub fn country(&self, code: CountryCode) -> Option<&Country> {
        self.countries
            .binary_search_by(|c| c.code.cmp(&code))
            .ok()
            .and_then(|i| self.countries.get(i))
    }
}

/// A parsed file with what error messages need.
struct Source<'a> {
    file: &'a str,
    content: &'a str,
    spec: SourceFile,
    /// Offsets of the content's line breaks, so that finding the line of an
    /// entry is a binary search rather than a count from the file's start
    /// (which made compiling quadratic in the file's size).
    line_breaks: Vec<usize>,
}

impl Source<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> ActorsError {
        ActorsError::at(self.file, self.content, span, message)
    }

    fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.content.len());
        self.line_breaks.partition_point(|&b| b < offset) + 1
    }
}

pub(crate) fn compile(sources: &[(&str, &str)]) -> Result<Compiled, ActorsError> {
    let mut parsed = Vec::with_capacity(sources.len());
    for &(file, content) in sources {
        let spec: SourceFile = toml::from_str(content).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            ActorsError::at(file, content, span, e.message().trim().to_string())
        })?;
        parsed.push(Source {
            file,
            content,
            spec,
            line_breaks: content.match_indices('\n').map(|(i, _)| i).collect(),
        });
    }

    let mut builder = Builder::default();
    for src in &parsed {
        builder.countries(src)?;
    }
    builder.countries.sort_by_key(|c| c.code);
    for (index, src) in parsed.iter().enumerate() {
        builder.regimes(index, src)?;
        builder.roles(src)?;
        builder.context(src)?;
    }
    builder.check_regimes(&parsed)?;
    let ids = actor_ids(&parsed)?;
    for src in &parsed {
        builder.actors(src, &parsed, &ids)?;
    }
    builder.finish()
}

#[derive(Default)]
struct Builder {
    entries: Vec<ActorEntry>,
    countries: Vec<Country>,
    /// Codes defined so far, for duplicate and reference checks.
    country_codes: HashSet<CountryCode>,
    /// Lower-cased demonym → its country, so one word never names two.
    demonyms: HashMap<String, CountryCode>,
    /// Regimes with the file index and span of their label for messages.
    regimes: Vec<(Regime, usize, Range<usize>)>,
    roles: Vec<Option<RoleInfo>>,
    /// Lower-cased role noun → its role, so one noun names one role.
    role_nouns: HashMap<String, Role>,
    context: Context,
    government_words: BTreeSet<String>,
    patterns: Vec<Pattern>,
    pattern_index: HashMap<String, usize>,
    demonym_forms: usize,
    role_noun_count: usize,
}

impl Builder {
    fn country_code(
        &self,
        src: &Source<'_>,
        code: &Spanned<String>,
    ) -> Result<CountryCode, ActorsError> {
        let parsed = CountryCode::new(code.get_ref())
            .filter(|c| c.as_str() == code.get_ref().trim())
            .ok_or_else(|| {
                src.error(
                    code.span(),
                    format!(
                        "country {:?} is not an upper-case ISO 3166-1 alpha-2 code",
                        code.get_ref()
                    ),
                )
            })?;
        if !self.country_codes.contains(&parsed) {
            return Err(src.error(
                code.span(),
                format!("country {parsed} has no [[country]] table (demonyms.toml)"),
            ));
        }
        Ok(parsed)
    }

    fn countries(&mut self, src: &Source<'_>) -> Result<(), ActorsError> {
        for spec in &src.spec.country {
            let code = CountryCode::new(spec.code.get_ref())
                .filter(|c| c.as_str() == spec.code.get_ref().trim())
                .ok_or_else(|| {
                    src.error(
                        spec.code.span(),
                        format!(
                            "country code {:?} is not an upper-case ISO 3166-1 alpha-2 code",
                            spec.code.get_ref()
                        ),
                    )
                })?;
            if !self.country_codes.insert(code) {
                return Err(src.error(spec.code.span(), format!("country {code} defined twice")));
            }
            if spec.name.trim().is_empty() {
                return Err(src.error(spec.code.span(), "country name is empty"));
            }
            self.countries.push(Country {
                code,
                name: spec.name.trim().to_string(),
                article: spec.article,
            });
            let mut forms: Vec<(String, Range<usize>)> = Vec::new();
            for name in &spec.names {
                forms.push((name.get_ref().clone(), name.span()));
                // Possessives are written so often before role nouns
                // ("Afghanistan's security forces") that listing them by hand
                // would only invite omissions.
                forms.push((format!("{}'s", name.get_ref()), name.span()));
                if name.get_ref().ends_with('s') {
                    forms.push((format!("{}'", name.get_ref()), name.span()));
                }
            }
            for word in spec.adjectives.iter().chain(&spec.nationals) {
                forms.push((word.get_ref().clone(), word.span()));
            }
            for (form, span) in forms {
                check_surface(src, &form, span.clone(), false)?;
                match self.demonyms.get(&form.to_ascii_lowercase()) {
                    Some(other) if *other == code => {
                        return Err(src.error(span, format!("{form:?} listed twice for {code}")));
                    }
                    Some(other) => {
                        return Err(src.error(
                            span,
                            format!(
                                "{form:?} already names country {other}; a word names one country"
                            ),
                        ));
                    }
                    None => {}
                }
                self.demonyms.insert(form.to_ascii_lowercase(), code);
                self.demonym_forms += 1;
                self.add_pattern(&form, Meaning::Demonym { country: code });
            }
        }
        Ok(())
    }

    fn regimes(&mut self, file: usize, src: &Source<'_>) -> Result<(), ActorsError> {
        for spec in &src.spec.regime {
            let country = self.country_code(src, &spec.country)?;
            let label = spec.label.get_ref().trim();
            if label.is_empty() || label.contains(['(', ')', '{', '}']) {
                return Err(src.error(
                    spec.label.span(),
                    format!("regime label {label:?} must be non-empty text without brackets"),
                ));
            }
            let from = parse_date(src, spec.from.as_ref())?;
            let until = parse_date(src, spec.until.as_ref())?;
            if let (Some(f), Some(u)) = (from, until)
                && f > u
            {
                return Err(src.error(
                    spec.label.span(),
                    format!("regime {label:?} ends ({u}) before it starts ({f})"),
                ));
            }
            self.regimes.push((
                Regime {
                    country,
                    label: label.to_string(),
                    from,
                    until,
                },
                file,
                spec.label.span(),
            ));
        }
        Ok(())
    }

    /// Periods of one country must not overlap, or an event date would have
    /// two names for the same forces.
    fn check_regimes(&mut self, parsed: &[Source<'_>]) -> Result<(), ActorsError> {
        self.regimes.sort_by_key(|r| (r.0.country, r.0.from));
        for pair in self.regimes.windows(2) {
            let [(a, _, _), (b, file, span)] = pair else {
                continue;
            };
            let a_until = a.until.unwrap_or(Date::MAX);
            if a.country == b.country && b.from.unwrap_or(Date::MIN) <= a_until {
                let message = format!(
                    "regime {:?} of {} overlaps regime {:?}",
                    b.label, b.country, a.label
                );
                return Err(match parsed.get(*file) {
                    Some(src) => src.error(span.clone(), message),
                    None => ActorsError::Incomplete { message },
                });
            }
        }
        Ok(())
    }

    fn roles(&mut self, src: &Source<'_>) -> Result<(), ActorsError> {
        if self.roles.is_empty() {
            self.roles = Role::ALL.iter().map(|_| None).collect();
        }
        for spec in &src.spec.role {
            let role = *spec.role.get_ref();
            let slot = role.slot();
            if self.roles.get(slot).is_some_and(Option::is_some) {
                return Err(src.error(spec.role.span(), format!("role {role} defined twice")));
            }
            template::check(
                spec.name.get_ref(),
                &[
                    Placeholder::Regime,
                    Placeholder::Country,
                    Placeholder::TheCountry,
                ],
            )
            .map_err(|m| src.error(spec.name.span(), m))?;
            let inter = inter(src, &spec.inter)?;
            if let Some(place) = self.roles.get_mut(slot) {
                *place = Some(RoleInfo {
                    name: spec.name.get_ref().trim().to_string(),
                    inter,
                });
            }
            let lists = [
                (&spec.plural, true, false),
                (&spec.singular, false, false),
                (&spec.plural_with_modifier, true, true),
                (&spec.singular_with_modifier, false, true),
            ];
            for (nouns, plural, needs_modifier) in lists {
                for noun in nouns {
                    check_surface(src, noun.get_ref(), noun.span(), false)?;
                    let key = noun.get_ref().to_ascii_lowercase();
                    if let Some(other) = self.role_nouns.insert(key, role) {
                        return Err(src.error(
                            noun.span(),
                            format!(
                                "role noun {:?} already belongs to role {other}",
                                noun.get_ref()
                            ),
                        ));
                    }
                    self.role_noun_count += 1;
                    self.add_pattern(
                        noun.get_ref(),
                        Meaning::Role {
                            role,
                            plural,
                            needs_modifier,
                        },
                    );
                }
            }
        }
        Ok(())
    }

    fn context(&mut self, src: &Source<'_>) -> Result<(), ActorsError> {
        if let Some(modifiers) = &src.spec.modifiers {
            for word in &modifiers.government {
                check_surface(src, word.get_ref(), word.span(), false)?;
                if self.government_words.insert(word.get_ref().clone()) {
                    self.add_pattern(word.get_ref(), Meaning::Government);
                }
            }
        }
        if let Some(context) = &src.spec.context {
            let lists = [
                (&context.actor_next, &mut self.context.actor_next),
                (&context.actor_previous, &mut self.context.actor_previous),
                (
                    &context.negating_prefixes,
                    &mut self.context.negating_prefixes,
                ),
                (
                    &context.adjective_stopwords,
                    &mut self.context.adjective_stopwords,
                ),
                (&context.modified_nouns, &mut self.context.modified_nouns),
            ];
            for (words, set) in lists {
                set.extend(words.iter().map(|w| w.trim().to_ascii_lowercase()));
            }
        }
        Ok(())
    }

    fn actors(
        &mut self,
        src: &Source<'_>,
        parsed: &[Source<'_>],
        ids: &HashMap<String, (usize, usize)>,
    ) -> Result<(), ActorsError> {
        for spec in &src.spec.actor {
            let id = ActorId(u32::try_from(self.entries.len()).map_err(|_| {
                ActorsError::Incomplete {
                    message: "more than 2^32 actors".to_string(),
                }
            })?);
            let country = spec
                .country
                .as_ref()
                .map(|c| self.country_code(src, c))
                .transpose()?;
            let used = template::check(
                spec.name.get_ref(),
                &[
                    Placeholder::Regime,
                    Placeholder::Country,
                    Placeholder::TheCountry,
                    Placeholder::Focus,
                ],
            )
            .map_err(|m| src.error(spec.name.span(), m))?;
            if country.is_none() && used.iter().any(|p| *p != Placeholder::Focus) {
                return Err(src.error(
                    spec.name.span(),
                    "this name uses the actor's country or regime but the actor has no `country`",
                ));
            }
            let inter = inter(src, &spec.inter)?;
            let valid_from = parse_date(src, spec.valid_from.as_ref())?;
            let valid_until = parse_date(src, spec.valid_until.as_ref())?;
            if let (Some(f), Some(u)) = (valid_from, valid_until)
                && f > u
            {
                return Err(src.error(
                    spec.name.span(),
                    format!("valid_until {u} is before valid_from {f}"),
                ));
            }
            let cameo = match &spec.cameo {
                None => None,
                Some(code) => Some(PhoenixActorCode::new(code.get_ref()).ok_or_else(|| {
                    src.error(
                        code.span(),
                        format!(
                            "cameo {:?} is not a Phoenix actor code like \"AFGREB\"",
                            code.get_ref()
                        ),
                    )
                })?),
            };
            if spec.aliases.is_empty() {
                return Err(src.error(spec.name.span(), "an actor needs at least one alias"));
            }
            let mut aliases = Vec::with_capacity(spec.aliases.len());
            let mut seen = HashSet::new();
            for alias_spec in &spec.aliases {
                let alias = self.alias(src, alias_spec)?;
                // Forms that differ only in case are the same alias unless
                // one of them must match exactly ("LeJ" and "LEJ").
                let key = match alias.case {
                    CaseRule::Exact => alias.text.clone(),
                    _ => alias.text.to_ascii_lowercase(),
                };
                if !seen.insert(key) {
                    return Err(src.error(
                        alias_spec.span(),
                        format!(
                            "alias {:?} listed twice for {:?}",
                            alias.text,
                            spec.name.get_ref()
                        ),
                    ));
                }
                aliases.push(alias);
            }
            if let Some(inherit) = &spec.inherit {
                for alias in self.inherited(src, inherit, parsed, ids)? {
                    // The entry's own spelling of an alias wins over the
                    // inherited one, whatever scope either has.
                    let key = match alias.case {
                        CaseRule::Exact => alias.text.clone(),
                        _ => alias.text.to_ascii_lowercase(),
                    };
                    if seen.insert(key) {
                        aliases.push(alias);
                    }
                }
            }
            for (i, alias) in aliases.iter().enumerate() {
                let candidate = Candidate {
                    actor: id,
                    alias: i as u32,
                };
                let meaning = Meaning::Named {
                    candidate,
                    case: alias.case,
                    needs_context: alias.needs_context,
                };
                self.add_pattern(&alias.text, meaning);
                if let Some(plain) = spelling_variants(&alias.text) {
                    self.add_pattern(&plain, meaning);
                }
            }
            self.entries.push(ActorEntry {
                name: spec.name.get_ref().trim().to_string(),
                inter,
                country,
                valid_from,
                valid_until,
                cameo,
                aliases,
                location: SourceLocation {
                    file: src.file.to_string(),
                    line: src.line(spec.name.span().start),
                },
            });
        }
        Ok(())
    }

    /// The aliases `inherit` takes from another entry, scoped to the
    /// inheriting entry's countries. A parent alias that has a scope of its
    /// own keeps only the countries both scopes share, and is left out when
    /// they share none.
    fn inherited(
        &self,
        src: &Source<'_>,
        inherit: &Spanned<InheritSpec>,
        parsed: &[Source<'_>],
        ids: &HashMap<String, (usize, usize)>,
    ) -> Result<Vec<Alias>, ActorsError> {
        let spec = inherit.get_ref();
        let span = inherit.span();
        let Some(&(file, index)) = ids.get(spec.from.trim()) else {
            return Err(src.error(
                span,
                format!("inherit: no [[actor]] has id {:?}", spec.from),
            ));
        };
        let (Some(parent_src), Some(parent)) = (
            parsed.get(file),
            parsed.get(file).and_then(|p| p.spec.actor.get(index)),
        ) else {
            return Err(src.error(span, "inherit: the parent entry vanished"));
        };
        if spec.scope.is_empty() {
            return Err(src.error(
                span,
                "inherit needs a `scope`: without one this entry would take the parent's \
                 names everywhere",
            ));
        }
        let mut scope = Vec::with_capacity(spec.scope.len());
        for code in &spec.scope {
            scope.push(self.country_code(src, &Spanned::new(span.clone(), code.clone()))?);
        }
        scope.sort();
        scope.dedup();
        let mut out = Vec::with_capacity(parent.aliases.len());
        for alias_spec in &parent.aliases {
            let mut alias = self.alias(parent_src, alias_spec)?;
            alias.scope = if alias.scope.is_empty() {
                scope.clone()
            } else {
                alias
                    .scope
                    .iter()
                    .copied()
                    .filter(|c| scope.contains(c))
                    .collect()
            };
            if !alias.scope.is_empty() {
                out.push(alias);
            }
        }
        Ok(out)
    }

    fn alias(&self, src: &Source<'_>, spec: &Spanned<AliasSpec>) -> Result<Alias, ActorsError> {
        let span = spec.span();
        let (text, scope, case, context, strict) = match spec.get_ref() {
            AliasSpec::Plain(text) => (text.as_str(), &[][..], None, None, false),
            AliasSpec::Table(t) => (t.text.as_str(), &t.scope[..], t.case, t.context, t.strict),
        };
        if strict && scope.is_empty() {
            return Err(src.error(
                span,
                format!("alias {text:?} is `strict` but has no `scope` to be strict about"),
            ));
        }
        check_surface(src, text, span.clone(), true)?;
        let mut codes = Vec::with_capacity(scope.len());
        for code in scope {
            let spanned = Spanned::new(span.clone(), code.clone());
            codes.push(self.country_code(src, &spanned)?);
        }
        codes.sort();
        codes.dedup();
        let short_acronym = text.len() <= 2 && text.bytes().all(|b| b.is_ascii_uppercase());
        if short_acronym && context.is_none() {
            return Err(src.error(
                span,
                format!(
                    "alias {text:?} is a one- or two-letter acronym: say `context = true` \
                     (matches only next to words listed in [context]) or `context = false`"
                ),
            ));
        }
        let case = match case {
            Some(CaseSpec::Exact) => CaseRule::Exact,
            Some(CaseSpec::Any) => CaseRule::Any,
            None => CaseRule::Acronyms,
        };
        // "LeT", "JeM": lower-cased they are English words, so a short
        // form with an inner capital must say how its case matches.
        let inner_capital = text.chars().skip(1).any(|c| c.is_ascii_uppercase())
            && text.chars().any(|c| c.is_ascii_lowercase());
        if !text.contains(' ') && text.len() <= 4 && inner_capital && spec_case(spec).is_none() {
            return Err(src.error(
                span,
                format!("short mixed-case alias {text:?} needs `case = \"exact\"` (or \"any\")"),
            ));
        }
        if text.chars().count() < 3 && !short_acronym && case != CaseRule::Exact {
            return Err(src.error(
                span,
                format!("alias {text:?} is too short to match without `case = \"exact\"`"),
            ));
        }
        Ok(Alias {
            text: text.to_string(),
            scope: codes,
            case,
            needs_context: context.unwrap_or(false),
            strict,
        })
    }

    /// Adds a surface form to the automaton. Forms are stored with their
    /// hyphens as spaces, as the matcher searches text (see
    /// [`fold_separators`]); forms that fold to the same string share one
    /// pattern.
    fn add_pattern(&mut self, text: &str, meaning: Meaning) {
        let folded = fold_separators(text);
        let text = folded.as_str();
        if let Some(&i) = self.pattern_index.get(text)
            && let Some(p) = self.patterns.get_mut(i)
        {
            p.meanings.push(meaning);
            return;
        }
        self.pattern_index
            .insert(text.to_string(), self.patterns.len());
        self.patterns.push(Pattern {
            text: text.to_string(),
            acronyms: acronym_ranges(text),
            alnum_start: text.chars().next().is_some_and(char::is_alphanumeric),
            alnum_end: text.chars().next_back().is_some_and(char::is_alphanumeric),
            meanings: vec![meaning],
        });
    }

    fn finish(self) -> Result<Compiled, ActorsError> {
        let mut roles = Vec::with_capacity(Role::ALL.len());
        for (role, info) in Role::ALL.iter().zip(self.roles) {
            roles.push(info.ok_or_else(|| ActorsError::Incomplete {
                message: format!(
                    "no [[role]] table defines role {role:?}",
                    role = role.as_str()
                ),
            })?);
        }
        if roles.len() != Role::ALL.len() {
            return Err(ActorsError::Incomplete {
                message: "no [[role]] tables (roles.toml missing?)".to_string(),
            });
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(self.patterns.iter().map(|p| p.text.as_str()))
            .map_err(|e| ActorsError::Matcher {
                message: e.to_string(),
            })?;
        let regimes: Vec<Regime> = self.regimes.into_iter().map(|(r, _, _)| r).collect();
        let regime_countries = regimes
            .iter()
            .map(|r| r.country)
            .collect::<BTreeSet<_>>()
            .len();
        let stats = Stats {
            named_actors: self.entries.len(),
            aliases: self.entries.iter().map(|e| e.aliases.len()).sum(),
            countries: self.countries.len(),
            demonym_forms: self.demonym_forms,
            regimes: regimes.len(),
            regime_countries,
            role_nouns: self.role_noun_count,
            patterns: self.patterns.len(),
        };
        Ok(Compiled {
            entries: self.entries,
            countries: self.countries,
            regimes,
            roles,
            context: self.context,
            patterns: self.patterns,
            automaton,
            stats,
        })
    }
}

fn spec_case(spec: &Spanned<AliasSpec>) -> Option<CaseSpec> {
    match spec.get_ref() {
        AliasSpec::Plain(_) => None,
        AliasSpec::Table(t) => t.case,
    }
}

/// A surface form must be non-empty, trimmed and on one line: the matcher
/// compares bytes, so stray spaces would silently never match.
fn check_surface(
    src: &Source<'_>,
    text: &str,
    span: Range<usize>,
    named: bool,
) -> Result<(), ActorsError> {
    let what = if named { "alias" } else { "word" };
    if text.trim().is_empty() {
        return Err(src.error(span, format!("empty {what}")));
    }
    if text.trim() != text || text.contains("  ") || text.contains(['\n', '\t', '\r']) {
        return Err(src.error(
            span,
            format!("{what} {text:?} has leading, trailing, doubled or non-space whitespace"),
        ));
    }
    if text.contains([
        '\u{2019}', '\u{2018}', '\u{201c}', '\u{201d}', '\u{2013}', '\u{2014}',
    ]) {
        return Err(src.error(
            span,
            format!("{what} {text:?} has typographic quotes or dashes; text is matched after they become ASCII"),
        ));
    }
    Ok(())
}

fn inter(src: &Source<'_>, value: &Spanned<u8>) -> Result<ActorType, ActorsError> {
    ActorType::from_code(*value.get_ref()).ok_or_else(|| {
        src.error(
            value.span(),
            format!("inter {} is not an ACLED actor type (1-8)", value.get_ref()),
        )
    })
}

fn parse_date(
    src: &Source<'_>,
    value: Option<&Spanned<DateText>>,
) -> Result<Option<Date>, ActorsError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let text = value.get_ref().0.trim();
    // jiff accepts more than a bare date (times, for one); a dictionary date
    // is a day, so anything else is a typo worth reporting.
    let ok_shape = text.len() == 10 && text.bytes().filter(|b| *b == b'-').count() == 2;
    match text.parse::<Date>() {
        Ok(date) if ok_shape => Ok(Some(date)),
        _ => Err(src.error(
            value.span(),
            format!("{text:?} is not a date like \"2021-08-15\""),
        )),
    }
}

/// Every `id` of every `[[actor]]`, as `(file index, actor index)`. Ids are
/// looked up before any entry is compiled, so an entry may inherit from one
/// written after it or in another file.
fn actor_ids(parsed: &[Source<'_>]) -> Result<HashMap<String, (usize, usize)>, ActorsError> {
    let mut ids = HashMap::new();
    for (file, src) in parsed.iter().enumerate() {
        for (index, spec) in src.spec.actor.iter().enumerate() {
            let Some(id) = &spec.id else { continue };
            let text = id.get_ref();
            let shape_ok = !text.is_empty()
                && text
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !shape_ok {
                return Err(src.error(
                    id.span(),
                    format!("id {text:?} must be lower-case letters, digits and hyphens"),
                ));
            }
            if ids.insert(text.clone(), (file, index)).is_some() {
                return Err(src.error(id.span(), format!("id {text:?} used twice")));
            }
        }
    }
    Ok(ids)
}

/// The other spelling an alias also matches as: the alias without its
/// Latin diacritics.
///
/// English reporting drops accents freely ("Seleka" for "Séléka",
/// "Ejercito" for "Ejército"), so an analyst who writes the accented name
/// gets the plain one too; the reverse cannot be derived and is listed by
/// hand where it is common. Hyphens need no variants: the matcher reads
/// them as spaces on both sides ([`fold_separators`]).
fn spelling_variants(text: &str) -> Option<String> {
    let plain = fold_diacritics(text);
    (plain != text).then_some(plain)
}

/// Latin letters with diacritics as their base letter ("Séléka" → "Seleka",
/// "Ñ" → "N", "ß" → "ss"); everything else is kept.
fn fold_diacritics(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let base = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
            'ç' | 'ć' | 'č' => "c",
            'Ç' | 'Ć' | 'Č' => "C",
            'ď' | 'đ' => "d",
            'Ď' | 'Đ' => "D",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
            'ğ' => "g",
            'Ğ' => "G",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
            'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "I",
            'ł' => "l",
            'Ł' => "L",
            'ñ' | 'ń' | 'ň' => "n",
            'Ñ' | 'Ń' | 'Ň' => "N",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
            'ř' => "r",
            'Ř' => "R",
            'ś' | 'š' | 'ş' => "s",
            'Ś' | 'Š' | 'Ş' => "S",
            'ß' => "ss",
            'ť' | 'ţ' => "t",
            'Ť' | 'Ţ' => "T",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
            'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => "U",
            'ý' | 'ÿ' => "y",
            'Ý' => "Y",
            'ź' | 'ż' | 'ž' => "z",
            'Ź' | 'Ż' | 'Ž' => "Z",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(base);
    }
    out
}

/// Text as the automaton sees it: every hyphen a space.
///
/// English reporting writes the same Arabic, Persian or Urdu name with
/// hyphens or spaces as it pleases ("Jaish al-Adl", "Jaish-al-Adl", "Jaish
/// al Adl"; "Hizbul Mujahideen", "Hizbul-Mujahideen"; "Tehreek-e-Taliban",
/// "Tehreek e Taliban"). Folding both the dictionary's forms and the searched
/// text makes every such spelling match without listing it. A hyphen and a
/// space are both one byte, so offsets in the folded text are offsets in the
/// original: the matcher checks word boundaries and negating prefixes
/// ("anti-Taliban") on the original text.
pub(crate) fn fold_separators(text: &str) -> String {
    text.replace('-', " ")
}

/// The byte ranges of all-capital words of two or more letters.
fn acronym_ranges(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            let start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                i += 1;
            }
            let word = bytes.get(start..i).unwrap_or(&[]);
            let letters = word.iter().filter(|b| b.is_ascii_alphabetic()).count();
            if letters >= 2 && !word.iter().any(u8::is_ascii_lowercase) {
                out.push(start..i);
            }
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::acronym_ranges;

    #[test]
    fn spellings() {
        let table: &[(&str, &str, Option<&str>)] = &[
            // (alias, as the automaton holds it, accent-free variant)
            ("Jaish al-Adl", "Jaish al Adl", None),
            ("Lashkar-e-Taiba", "Lashkar e Taiba", None),
            (
                "Islamic State - Khorasan Province",
                "Islamic State   Khorasan Province",
                None,
            ),
            ("Taliban", "Taliban", None),
            ("Séléka", "Séléka", Some("Seleka")),
            (
                "Ejército de Liberación Nacional",
                "Ejército de Liberación Nacional",
                Some("Ejercito de Liberacion Nacional"),
            ),
            ("UÇK", "UÇK", Some("UCK")),
        ];
        for &(alias, folded, plain) in table {
            assert_eq!(super::fold_separators(alias), folded, "{alias}");
            assert_eq!(super::spelling_variants(alias).as_deref(), plain, "{alias}");
        }
    }

    #[test]
    fn acronym_words() {
        let table: &[(&str, &[(usize, usize)])] = &[
            ("ANA", &[(0, 3)]),
            ("ISIS-K", &[(0, 4)]),
            ("IS-KP", &[(0, 2), (3, 5)]),
            ("al-Qaeda", &[]),
            ("U.S. forces", &[]),
            ("CPI-Maoist", &[(0, 3)]),
            ("M-19", &[]),
            ("17N", &[]),
        ];
        for (text, want) in table {
            let got: Vec<(usize, usize)> = acronym_ranges(text)
                .into_iter()
                .map(|r| (r.start, r.end))
                .collect();
            assert_eq!(got, *want, "{text}");
        }
    }
}

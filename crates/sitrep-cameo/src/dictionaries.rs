//! The compiled dictionaries as one immutable value.

use crate::actors::{self, Actors};
use crate::agents::{self, Agents};
use crate::discards::{self, Discards};
use crate::issue::DictionaryIssue;
use crate::verbs::{self, Verbs};

/// A dictionary file's name (used in messages only) and content.
#[derive(Debug, Clone, Copy)]
pub struct DictionarySource<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// The four kinds of PETRARCH dictionary, compiled: build it once, share
/// it (`Send + Sync`), pass it to [`crate::code_text`] and
/// [`crate::code_document`].
#[derive(Debug, Clone, Default)]
pub struct CameoDictionaries {
    pub(crate) verbs: Verbs,
    pub(crate) actors: Actors,
    pub(crate) agents: Agents,
    pub(crate) discards: Discards,
}

/// Sizes of the compiled dictionaries, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DictionaryStats {
    pub verb_blocks: usize,
    /// Surface forms, inflections included.
    pub verb_forms: usize,
    pub patterns: usize,
    pub synsets: usize,
    pub actor_entries: usize,
    pub actor_names: usize,
    pub agents: usize,
    /// Agent names, plurals and substitutions included.
    pub agent_names: usize,
    pub discards: usize,
}

/// The result of loading: the dictionaries and every line that could not
/// be read as written.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dictionaries: CameoDictionaries,
    pub issues: Vec<DictionaryIssue>,
}

impl CameoDictionaries {
    /// Compiles dictionary files. Nothing here fails: a line that cannot be
    /// read is skipped (or read with a guess) and reported with its file
    /// and line in [`Loaded::issues`]. Any list may be empty (no discards,
    /// say).
    pub fn load(
        verbs: &[DictionarySource<'_>],
        actors: &[DictionarySource<'_>],
        agents: &[DictionarySource<'_>],
        discards: &[DictionarySource<'_>],
    ) -> Loaded {
        let mut issues = Vec::new();
        let dictionaries = CameoDictionaries {
            verbs: verbs::load(verbs, &mut issues),
            actors: actors::load(actors, &mut issues),
            agents: agents::load(agents, &mut issues),
            discards: discards::load(discards, &mut issues),
        };
        Loaded {
            dictionaries,
            issues,
        }
    }

    pub fn stats(&self) -> DictionaryStats {
        DictionaryStats {
            verb_blocks: self.verbs.blocks.len(),
            verb_forms: self.verbs.forms.len(),
            patterns: self.verbs.blocks.iter().map(|b| b.patterns.len()).sum(),
            synsets: self.verbs.synsets.len(),
            actor_entries: self.actors.entries.len(),
            actor_names: self.actors.names.len(),
            agents: self.agents.codes.len(),
            agent_names: self.agents.names.len(),
            discards: self.discards.list.len(),
        }
    }
}

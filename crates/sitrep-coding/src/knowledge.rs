use sitrep_actors::ActorDictionary;
use sitrep_geo::Gazetteer;
use sitrep_lexicon::Lexicon;

/// Everything the coder knows before it reads a report: the actor
/// dictionary, the event lexicon and the gazetteer, compiled once.
///
/// Build it once per process ([`Knowledge::embedded`]) and share it by
/// reference or `Arc` across threads; it is immutable.
pub struct Knowledge {
    pub actors: ActorDictionary,
    pub lexicon: Lexicon,
    pub gazetteer: Gazetteer,
}

#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    #[error("actor dictionary: {0}")]
    Actors(#[from] sitrep_actors::ActorsError),
    #[error("event lexicon: {0}")]
    Lexicon(#[from] sitrep_lexicon::LexiconError),
    #[error("gazetteer: {0}")]
    Gazetteer(#[from] sitrep_geo::GeoError),
}

impl Knowledge {
    /// The dictionaries and gazetteer shipped inside the binary.
    pub fn embedded() -> Result<Knowledge, KnowledgeError> {
        Ok(Knowledge {
            actors: ActorDictionary::embedded()?,
            lexicon: Lexicon::embedded()?,
            gazetteer: Gazetteer::embedded()?,
        })
    }
}

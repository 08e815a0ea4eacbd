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
    ///
    /// The three are independent, and building them is most of a short
    /// run's start-up (compiling the actor automaton and the lexicon's
    /// patterns, loading the gazetteer image), so they are built on three
    /// threads: start-up takes the longest of the three rather than their
    /// sum when there are cores to spare.
    pub fn embedded() -> Result<Knowledge, KnowledgeError> {
        std::thread::scope(|scope| {
            let actors = scope.spawn(ActorDictionary::embedded);
            let gazetteer = scope.spawn(Gazetteer::embedded);
            let lexicon = Lexicon::embedded();
            Ok(Knowledge {
                actors: joined(actors.join())?,
                lexicon: lexicon?,
                gazetteer: joined(gazetteer.join())?,
            })
        })
    }
}

/// The value of a joined thread. A builder that panicked is a bug in it;
/// passing the panic on keeps its message.
fn joined<T>(result: std::thread::Result<T>) -> T {
    result.unwrap_or_else(|e| std::panic::resume_unwind(e))
}

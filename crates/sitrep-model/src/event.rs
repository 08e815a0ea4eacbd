use serde::{Deserialize, Serialize};

use crate::{
    ActorRef, ActorType, CameoCode, EventDate, EventType, Place, PloverCategory, PloverMode, Span,
    SubEventType,
};

/// One event coded the way ACLED codes it: one actor pair, one date window,
/// one place, one sub-event type.
///
/// ACLED's derived columns (`event_type`, `disorder_type`, `inter1`,
/// `interaction`, ...) are methods, so they can never disagree with the
/// fields they derive from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub doc_id: String,
    pub sub_event_type: SubEventType,
    /// The side that acted (the attacker, the protesters, the side that
    /// regained territory). ACLED always fills it; sitrep falls back to
    /// "Unidentified Armed Group (Country)" when the report names no one.
    pub actor1: ActorRef,
    pub assoc_actor_1: Vec<ActorRef>,
    /// The side acted upon, when there is one.
    pub actor2: Option<ActorRef>,
    pub assoc_actor_2: Vec<ActorRef>,
    /// Whether civilians were the target (ACLED's `civilian_targeting`).
    pub civilian_targeting: bool,
    /// `None` only when not even the country could be told.
    pub place: Option<Place>,
    pub date: EventDate,
    /// ACLED's rule: the most conservative credible figure; `None` when the
    /// report gives none (unknown is not zero).
    pub fatalities: Option<u32>,
    pub injured: Option<u32>,
    pub cameo: CameoCode,
    pub plover: PloverCategory,
    pub plover_mode: Option<PloverMode>,
    /// The report hedges the event ("purported", "reportedly", "according
    /// to"); `hedges` holds the words that did it.
    pub hedged: bool,
    pub hedges: Vec<String>,
    /// The sentences (or parts) the event was read from, in document order.
    pub evidence: Vec<Span>,
    /// ACLED's `notes`: a short description of the event.
    pub notes: String,
    pub source: Option<String>,
    pub source_scale: Option<String>,
    pub tags: Vec<String>,
}

impl Event {
    pub fn event_type(&self) -> EventType {
        self.sub_event_type.event_type()
    }

    pub fn inter1(&self) -> ActorType {
        self.actor1.inter
    }

    pub fn inter2(&self) -> Option<ActorType> {
        self.actor2.as_ref().map(|a| a.inter)
    }

    pub fn interaction(&self) -> Option<u8> {
        ActorType::interaction(Some(self.inter1()), self.inter2())
    }
}

use serde::{Deserialize, Serialize};

use crate::{ActorRef, Date, Place, Span};

/// How two actors stand to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Rivals, enemies, at war.
    Hostile,
    /// Allies, partners, fighting on the same side.
    Allied,
    /// `actor1` supports `actor2` (arms, air cover, funding, training).
    Supports,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Hostile => "hostile",
            Relation::Allied => "allied",
            Relation::Supports => "supports",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimType {
    Strength,
    Relation,
    Control,
}

impl ClaimType {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimType::Strength => "strength",
            ClaimType::Relation => "relation",
            ClaimType::Control => "control",
        }
    }
}

/// What a claim says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ClaimBody {
    /// How many fighters an actor has: "up to 60,000" is `high` 60000;
    /// "1,000-2,000" is `low` 1000 and `high` 2000.
    Strength {
        actor: ActorRef,
        low: Option<u64>,
        high: Option<u64>,
        as_of: Option<Date>,
    },
    Relation {
        actor1: ActorRef,
        actor2: ActorRef,
        relation: Relation,
    },
    /// An actor controls (or claims) territory.
    Control {
        actor: ActorRef,
        place: Option<Place>,
        /// The words naming the territory ("a few rural districts").
        territory: String,
        as_of: Option<Date>,
    },
}

/// A statement about actors that is not an event, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub doc_id: String,
    pub body: ClaimBody,
    pub hedged: bool,
    pub evidence: Vec<Span>,
}

impl Claim {
    pub fn claim_type(&self) -> ClaimType {
        match self.body {
            ClaimBody::Strength { .. } => ClaimType::Strength,
            ClaimBody::Relation { .. } => ClaimType::Relation,
            ClaimBody::Control { .. } => ClaimType::Control,
        }
    }
}

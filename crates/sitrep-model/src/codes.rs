//! The field's codes as types: ACLED's event taxonomy, actor types and
//! precision codes, CAMEO event codes and PLOVER categories.
//!
//! Each enum spells its values exactly as the public codebooks do (see
//! `as_str`), because those strings are what users' scripts filter on.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A code string that is not one of the codebook's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    pub kind: &'static str,
    pub value: String,
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} {:?}", self.kind, self.value)
    }
}

impl std::error::Error for UnknownCode {}

/// Implements `Display`, `FromStr`, `Serialize` and `Deserialize` for an enum
/// through its codebook spelling, and lists every value in `ALL`.
macro_rules! codebook_enum {
    ($(#[$meta:meta])* $name:ident, $kind:literal { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The codebook's spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownCode;
            fn from_str(s: &str) -> Result<$name, UnknownCode> {
                let t = s.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(t))
                    .ok_or_else(|| UnknownCode { kind: $kind, value: s.to_string() })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

codebook_enum! {
    /// ACLED's `disorder_type`.
    DisorderType, "disorder type" {
        PoliticalViolence => "Political violence",
        Demonstrations => "Demonstrations",
        PoliticalViolenceDemonstrations => "Political violence; Demonstrations",
        StrategicDevelopments => "Strategic developments",
    }
}

codebook_enum! {
    /// ACLED's six `event_type`s.
    EventType, "event type" {
        Battles => "Battles",
        ExplosionsRemoteViolence => "Explosions/Remote violence",
        ViolenceAgainstCivilians => "Violence against civilians",
        Protests => "Protests",
        Riots => "Riots",
        StrategicDevelopments => "Strategic developments",
    }
}

codebook_enum! {
    /// ACLED's 25 `sub_event_type`s. Each belongs to exactly one [`EventType`].
    SubEventType, "sub-event type" {
        ArmedClash => "Armed clash",
        GovernmentRegainsTerritory => "Government regains territory",
        NonStateActorOvertakesTerritory => "Non-state actor overtakes territory",
        ChemicalWeapon => "Chemical weapon",
        AirDroneStrike => "Air/drone strike",
        SuicideBomb => "Suicide bomb",
        ShellingArtilleryMissileAttack => "Shelling/artillery/missile attack",
        RemoteExplosiveLandmineIed => "Remote explosive/landmine/IED",
        Grenade => "Grenade",
        SexualViolence => "Sexual violence",
        Attack => "Attack",
        AbductionForcedDisappearance => "Abduction/forced disappearance",
        PeacefulProtest => "Peaceful protest",
        ProtestWithIntervention => "Protest with intervention",
        ExcessiveForceAgainstProtesters => "Excessive force against protesters",
        ViolentDemonstration => "Violent demonstration",
        MobViolence => "Mob violence",
        Agreement => "Agreement",
        Arrests => "Arrests",
        ChangeToGroupActivity => "Change to group/activity",
        DisruptedWeaponsUse => "Disrupted weapons use",
        HeadquartersOrBaseEstablished => "Headquarters or base established",
        LootingPropertyDestruction => "Looting/property destruction",
        NonViolentTransferOfTerritory => "Non-violent transfer of territory",
        Other => "Other",
    }
}

impl SubEventType {
    /// The event type this sub-event type belongs to.
    pub fn event_type(self) -> EventType {
        use SubEventType::*;
        match self {
            ArmedClash | GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => {
                EventType::Battles
            }
            ChemicalWeapon
            | AirDroneStrike
            | SuicideBomb
            | ShellingArtilleryMissileAttack
            | RemoteExplosiveLandmineIed
            | Grenade => EventType::ExplosionsRemoteViolence,
            SexualViolence | Attack | AbductionForcedDisappearance => {
                EventType::ViolenceAgainstCivilians
            }
            PeacefulProtest | ProtestWithIntervention | ExcessiveForceAgainstProtesters => {
                EventType::Protests
            }
            ViolentDemonstration | MobViolence => EventType::Riots,
            Agreement
            | Arrests
            | ChangeToGroupActivity
            | DisruptedWeaponsUse
            | HeadquartersOrBaseEstablished
            | LootingPropertyDestruction
            | NonViolentTransferOfTerritory
            | Other => EventType::StrategicDevelopments,
        }
    }

    /// The CASE 2021 shared task's label for this sub-event type
    /// (`ARMED_CLASH`, `SUIC_BOMB`, ...), spelled as the task's data spells
    /// them (`PROPERTY_DISTRUCT` included).
    pub fn case2021_label(self) -> &'static str {
        use SubEventType::*;
        match self {
            ArmedClash => "ARMED_CLASH",
            GovernmentRegainsTerritory => "GOV_REGAINS_TERIT",
            NonStateActorOvertakesTerritory => "NON_STATE_ACTOR_OVERTAKES_TER",
            ChemicalWeapon => "CHEM_WEAP",
            AirDroneStrike => "AIR_STRIKE",
            SuicideBomb => "SUIC_BOMB",
            ShellingArtilleryMissileAttack => "ART_MISS_ATTACK",
            RemoteExplosiveLandmineIed => "REM_EXPLOS",
            Grenade => "GRENADE",
            SexualViolence => "SEX_VIOL",
            Attack => "ATTACK",
            AbductionForcedDisappearance => "ABDUCT_DISSAP",
            PeacefulProtest => "PEACE_PROTEST",
            ProtestWithIntervention => "PROTEST_WITH_INTER",
            ExcessiveForceAgainstProtesters => "FORCE_AGAINST_PROTEST",
            ViolentDemonstration => "VIOL_DEMONSTR",
            MobViolence => "MOB_VIOL",
            Agreement => "AGREEMENT",
            Arrests => "ARREST",
            ChangeToGroupActivity => "CHANGE_TO_GROUP_ACT",
            DisruptedWeaponsUse => "DISR_WEAP",
            HeadquartersOrBaseEstablished => "HQ_ESTABLISHED",
            LootingPropertyDestruction => "PROPERTY_DISTRUCT",
            NonViolentTransferOfTerritory => "NON_VIOL_TERRIT_TRANSFER",
            Other => "OTHER",
        }
    }

    /// ACLED's `disorder_type` for an event of this sub-event type.
    pub fn disorder_type(self) -> DisorderType {
        match self.event_type() {
            EventType::Battles
            | EventType::ExplosionsRemoteViolence
            | EventType::ViolenceAgainstCivilians => DisorderType::PoliticalViolence,
            EventType::Protests => DisorderType::Demonstrations,
            // ACLED counts mob violence as political violence and violent
            // demonstrations as both.
            EventType::Riots => match self {
                SubEventType::MobViolence => DisorderType::PoliticalViolence,
                _ => DisorderType::PoliticalViolenceDemonstrations,
            },
            EventType::StrategicDevelopments => DisorderType::StrategicDevelopments,
        }
    }
}

codebook_enum! {
    /// ACLED's actor types, the `inter1`/`inter2` codes 1-8.
    ActorType, "actor type" {
        StateForces => "State forces",
        RebelGroups => "Rebel groups",
        PoliticalMilitias => "Political militias",
        IdentityMilitias => "Identity militias",
        Rioters => "Rioters",
        Protesters => "Protesters",
        Civilians => "Civilians",
        ExternalOtherForces => "External/Other forces",
    }
}

impl ActorType {
    /// The numeric `inter` code, 1-8.
    pub fn code(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_code(code: u8) -> Option<ActorType> {
        ActorType::ALL
            .get(usize::from(code).checked_sub(1)?)
            .copied()
    }

    /// ACLED's `interaction` code: the two `inter` codes with the lower
    /// first (12, 17, 27 ...); a single actor gives 10, 20, ....
    pub fn interaction(a: Option<ActorType>, b: Option<ActorType>) -> Option<u8> {
        match (a, b) {
            (Some(a), Some(b)) => {
                let (lo, hi) = if a.code() <= b.code() {
                    (a.code(), b.code())
                } else {
                    (b.code(), a.code())
                };
                Some(lo * 10 + hi)
            }
            (Some(x), None) | (None, Some(x)) => Some(x.code() * 10),
            (None, None) => None,
        }
    }
}

/// Implements serde for a 1-based precision code as an integer.
macro_rules! precision_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant = $code),+ }

        impl $name {
            pub fn code(self) -> u8 {
                self as u8
            }

            pub fn from_code(code: u8) -> Option<$name> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u8(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let code = u8::deserialize(d)?;
                $name::from_code(code).ok_or_else(|| {
                    serde::de::Error::custom(format!(concat!("invalid ", stringify!($name), " {}"), code))
                })
            }
        }
    };
}

precision_enum! {
    /// ACLED's `geo_precision`.
    GeoPrecision {
        /// The exact town or village is known.
        Exact = 1,
        /// Near a town, or a part of a region.
        Near = 2,
        /// Only a larger region (coded at its capital or centroid).
        Region = 3,
    }
}

precision_enum! {
    /// ACLED's `time_precision`.
    TimePrecision {
        /// The day is known.
        Day = 1,
        /// The week or a few days (coded mid-week).
        Week = 2,
        /// The month or vaguer (coded mid-month).
        Month = 3,
    }
}

/// A CAMEO event code: two to four digits whose first two are the root
/// (`"19"`, `"195"`, `"0871"`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CameoCode(String);

impl CameoCode {
    pub fn new(code: &str) -> Result<CameoCode, UnknownCode> {
        let c = code.trim();
        let valid = (2..=4).contains(&c.len())
            && c.bytes().all(|b| b.is_ascii_digit())
            && matches!(c[..2].parse::<u8>(), Ok(1..=20));
        if valid {
            Ok(CameoCode(c.to_string()))
        } else {
            Err(UnknownCode {
                kind: "CAMEO code",
                value: code.to_string(),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The root code, 1-20 (`"195"` → 19).
    pub fn root(&self) -> u8 {
        self.0[..2].parse().unwrap_or(0)
    }

    /// The Goldstein conflict-cooperation score of the root code.
    pub fn goldstein(&self) -> f32 {
        const BY_ROOT: [f32; 20] = [
            0.0, 3.0, 4.0, 1.0, 3.5, 6.0, 7.0, 5.0, -2.0, -5.0, -2.0, -4.0, -6.0, -6.5, -7.2, -4.0,
            -7.0, -9.0, -10.0, -10.0,
        ];
        BY_ROOT
            .get(usize::from(self.root()).wrapping_sub(1))
            .copied()
            .unwrap_or(0.0)
    }
}

impl fmt::Display for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for CameoCode {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<CameoCode, UnknownCode> {
        CameoCode::new(s)
    }
}

impl Serialize for CameoCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CameoCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CameoCode, D::Error> {
        let s = String::deserialize(d)?;
        CameoCode::new(&s).map_err(serde::de::Error::custom)
    }
}

codebook_enum! {
    /// PLOVER's 16 event categories.
    PloverCategory, "PLOVER category" {
        Agree => "AGREE",
        Consult => "CONSULT",
        Support => "SUPPORT",
        Concede => "CONCEDE",
        Cooperate => "COOPERATE",
        Aid => "AID",
        Retreat => "RETREAT",
        Request => "REQUEST",
        Accuse => "ACCUSE",
        Reject => "REJECT",
        Threaten => "THREATEN",
        Protest => "PROTEST",
        Sanction => "SANCTION",
        Mobilize => "MOBILIZE",
        Coerce => "COERCE",
        Assault => "ASSAULT",
    }
}

/// A PLOVER mode refining a category (`aerial`, `explosives`, `demo`, ...).
/// Kept as the manual's lower-case word.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PloverMode(String);

impl PloverMode {
    pub fn new(mode: &str) -> PloverMode {
        PloverMode(mode.trim().to_ascii_lowercase())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PloverMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sub_event_type_round_trips_through_its_codebook_spelling() {
        assert_eq!(SubEventType::ALL.len(), 25);
        for &t in SubEventType::ALL {
            assert_eq!(t.as_str().parse::<SubEventType>(), Ok(t));
        }
    }

    #[test]
    fn sub_event_types_per_event_type_match_acled() {
        let count = |e: EventType| {
            SubEventType::ALL
                .iter()
                .filter(|s| s.event_type() == e)
                .count()
        };
        let table = [
            (EventType::Battles, 3),
            (EventType::ExplosionsRemoteViolence, 6),
            (EventType::ViolenceAgainstCivilians, 3),
            (EventType::Protests, 3),
            (EventType::Riots, 2),
            (EventType::StrategicDevelopments, 8),
        ];
        for (event_type, n) in table {
            assert_eq!(count(event_type), n, "{event_type}");
        }
    }

    #[test]
    fn interaction_codes() {
        use ActorType::*;
        let table = [
            (Some(RebelGroups), Some(StateForces), Some(12)),
            (Some(StateForces), Some(Civilians), Some(17)),
            (Some(Civilians), Some(RebelGroups), Some(27)),
            (Some(RebelGroups), None, Some(20)),
            (None, None, None),
        ];
        for (a, b, want) in table {
            assert_eq!(ActorType::interaction(a, b), want, "{a:?} {b:?}");
        }
    }

    #[test]
    fn cameo_codes() {
        let table = [
            ("195", Some((19, -10.0))),
            ("0871", Some((8, 5.0))),
            ("01", Some((1, 0.0))),
            ("21", None),
            ("1a", None),
            ("12345", None),
        ];
        for (code, want) in table {
            let got = CameoCode::new(code).ok().map(|c| (c.root(), c.goldstein()));
            assert_eq!(got, want, "{code}");
        }
    }

    #[test]
    fn inter_codes_are_one_based() {
        assert_eq!(ActorType::StateForces.code(), 1);
        assert_eq!(ActorType::ExternalOtherForces.code(), 8);
        assert_eq!(ActorType::from_code(7), Some(ActorType::Civilians));
        assert_eq!(ActorType::from_code(0), None);
        assert_eq!(ActorType::from_code(9), None);
    }
}

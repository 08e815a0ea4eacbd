//! From what a clause says to ACLED's sub-event type, with the CAMEO code and
//! PLOVER category beside it.
//!
//! The decision follows ACLED's codebook (see `CODEBOOK.md` in the shared
//! material): the means decides first (chemical, suicide, air, shelling,
//! grenade, remote explosive), then who was hit (an armed, organised target
//! makes a battle; unarmed civilians make violence against civilians), then
//! the crowd events and strategic developments. The order of the checks is
//! the precedence between trigger classes.

use sitrep_lexicon::{TriggerClass, VictimKind, Weapon};
use sitrep_model::{ActorType, PloverCategory, SubEventType};

use crate::analysis::is_armed;

/// Which kinds of people or targets a clause names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Kinds {
    pub civilian: bool,
    pub security: bool,
    pub combatant: bool,
    pub official: bool,
    pub person: bool,
}

impl Kinds {
    pub fn add(&mut self, k: VictimKind) {
        match k {
            VictimKind::Civilian => self.civilian = true,
            VictimKind::Security => self.security = true,
            VictimKind::Combatant => self.combatant = true,
            VictimKind::Official => self.official = true,
            VictimKind::Person => self.person = true,
        }
    }

    pub fn armed(&self) -> bool {
        self.security || self.combatant
    }

    pub fn unarmed(&self) -> bool {
        self.civilian || self.official || self.person
    }
}

/// What the coder knows about a clause when it classifies it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    /// Trigger classes in the clause (strong ones; weak ones when there are
    /// no strong ones).
    pub classes: Vec<TriggerClass>,
    pub weapons: Vec<Weapon>,
    /// Lower-cased trigger words, for the finer CAMEO codes ("roadside").
    pub surface: String,
    pub actor1: Option<ActorType>,
    pub actor2: Option<ActorType>,
    /// Whose people were killed, hurt or named as targets.
    pub victims: Kinds,
    /// Whose places or things were attacked.
    pub targets: Kinds,
    pub killed: Option<u32>,
    /// The clause names a territory (a place) as the object of a capture.
    pub territory: bool,
    /// Protesters or demonstrators are named in the sentence.
    pub protesters: bool,
    /// A mob or rioters are named in the sentence.
    pub rioters: bool,
}

/// The codes for one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Coding {
    pub sub_event_type: SubEventType,
    pub cameo: &'static str,
    pub plover: PloverCategory,
    pub mode: Option<&'static str>,
}

fn coding(
    sub_event_type: SubEventType,
    cameo: &'static str,
    plover: PloverCategory,
    mode: Option<&'static str>,
) -> Option<Coding> {
    Some(Coding {
        sub_event_type,
        cameo,
        plover,
        mode,
    })
}

/// Classifies a clause, or `None` when its cues do not make an ACLED event.
pub(crate) fn classify(f: &Facts) -> Option<Coding> {
    use PloverCategory::*;
    use SubEventType::*;
    use TriggerClass as T;
    let has = |c: TriggerClass| f.classes.contains(&c);
    let weapon = |w: Weapon| f.weapons.contains(&w);
    let violent = [
        T::Kill,
        T::Attack,
        T::Clash,
        T::Shooting,
        T::Stab,
        T::Massacre,
        T::Execute,
        T::Assassinate,
        T::Explosion,
    ]
    .iter()
    .any(|&c| has(c));

    // The means first: a suicide bomber at a protest is a suicide bombing.
    if has(T::Chemical) {
        return coding(ChemicalWeapon, "2041", Assault, Some("unconventional"));
    }
    if has(T::Suicide) {
        return coding(SuicideBomb, "1831", Assault, Some("suicide-attack"));
    }
    let air_means = weapon(Weapon::Aircraft) || weapon(Weapon::Drone);
    if has(T::Air)
        || (air_means && (has(T::Explosion) || has(T::Attack) || has(T::Kill) || has(T::Shelling)))
    {
        let mode = if weapon(Weapon::Drone) || f.surface.contains("drone") {
            "drone"
        } else {
            "aerial"
        };
        return coding(AirDroneStrike, "195", Assault, Some(mode));
    }
    if has(T::Shelling) || (weapon(Weapon::Artillery) && (has(T::Attack) || has(T::Kill))) {
        return coding(
            ShellingArtilleryMissileAttack,
            "194",
            Assault,
            Some("heavy-weapons"),
        );
    }
    if has(T::Grenade) && !has(T::Clash) {
        return coding(Grenade, "183", Assault, Some("explosives"));
    }
    if has(T::Explosion) || (weapon(Weapon::Explosive) && (has(T::Attack) || has(T::Kill))) {
        let cameo = if f.surface.contains("car bomb")
            || f.surface.contains("vehicle")
            || f.surface.contains("truck bomb")
        {
            "1832"
        } else if f.surface.contains("roadside")
            || f.surface.contains("landmine")
            || f.surface.contains("mine")
        {
            "1833"
        } else {
            "183"
        };
        return coding(
            RemoteExplosiveLandmineIed,
            cameo,
            Assault,
            Some("explosives"),
        );
    }

    // Crowd events: a protest that turns violent is still a crowd event,
    // whatever the violence words (but a bombing during a protest is a
    // bombing, decided above).
    let protest = has(T::Protest) || (f.protesters && (has(T::Intervention) || violent));
    if protest {
        let crowd_violent = has(T::Riot)
            || (f.actor1 == Some(ActorType::Protesters)
                && (has(T::Arson) || has(T::Loot) || has(T::Clash) || has(T::Attack)));
        if crowd_violent {
            return coding(ViolentDemonstration, "145", Protest, Some("riot"));
        }
        let lethal = f.killed.is_some_and(|k| k > 0)
            || has(T::Shooting)
            || (has(T::Kill) && f.victims.civilian);
        if lethal
            && (has(T::Intervention)
                || is_state(f.actor1)
                || is_state(f.actor2)
                || has(T::Shooting))
        {
            return coding(
                ExcessiveForceAgainstProtesters,
                "175",
                Assault,
                Some("crowd-control"),
            );
        }
        if has(T::Intervention) || has(T::Arrest) {
            return coding(ProtestWithIntervention, "141", Protest, Some("demo"));
        }
        return coding(PeacefulProtest, "141", Protest, Some("demo"));
    }
    if has(T::Riot) {
        if f.rioters && !f.surface.contains("mob") && !f.surface.contains("lynch") {
            return coding(ViolentDemonstration, "145", Protest, Some("riot"));
        }
        return coding(MobViolence, "145", Protest, Some("riot"));
    }

    // Harm to people.
    if has(T::Sexual) {
        return coding(SexualViolence, "1821", Assault, Some("sexual"));
    }
    if has(T::Abduct) {
        return coding(AbductionForcedDisappearance, "181", Assault, Some("abduct"));
    }

    // Territory.
    if (has(T::Regain) || has(T::Capture)) && f.territory {
        if is_state(f.actor1) {
            return coding(GovernmentRegainsTerritory, "190", Assault, None);
        }
        if has(T::Capture) || f.actor1.is_some() {
            return coding(
                NonStateActorOvertakesTerritory,
                "192",
                Coerce,
                Some("seize"),
            );
        }
    }

    if violent || has(T::Regain) {
        let armed_target = is_armed_opt(f.actor2)
            || (f.actor2.is_none()
                && (f.victims.armed() || f.targets.armed())
                && !f.victims.unarmed());
        let civilian_target = f.actor2 == Some(ActorType::Civilians)
            || (f.actor2.is_none() && (f.victims.unarmed() || f.targets.civilian));
        let (cameo, mode) = if has(T::Massacre) {
            ("202", Some("massacre"))
        } else if has(T::Execute) {
            ("180", Some("execute"))
        } else if has(T::Assassinate) {
            ("186", Some("assassinate"))
        } else if has(T::Stab) || weapon(Weapon::Blade) {
            ("180", Some("primitive"))
        } else if has(T::Shooting) || weapon(Weapon::Firearm) {
            ("180", Some("firearms"))
        } else {
            ("180", None)
        };
        if has(T::Clash) && !civilian_target {
            return coding(ArmedClash, clash_cameo(f), Assault, clash_mode(f));
        }
        if armed_target && !has(T::Massacre) && !has(T::Execute) && !weapon(Weapon::Vehicle) {
            return coding(ArmedClash, clash_cameo(f), Assault, clash_mode(f));
        }
        if civilian_target || has(T::Massacre) || has(T::Execute) || has(T::Stab) {
            return coding(Attack, cameo, Assault, mode);
        }
        // Nobody named on the receiving end: an armed actor on each side
        // is a battle; otherwise ACLED's default for an attack by an armed
        // group on unnamed people is violence against civilians.
        if is_armed_opt(f.actor1) && is_armed_opt(f.actor2) {
            return coding(ArmedClash, clash_cameo(f), Assault, clash_mode(f));
        }
        if has(T::Clash) {
            return coding(ArmedClash, clash_cameo(f), Assault, clash_mode(f));
        }
        return coding(Attack, cameo, Assault, mode);
    }

    // Strategic developments.
    if has(T::Capture) {
        // Capturing people: state forces arrest, others abduct.
        return if is_state(f.actor1) {
            coding(Arrests, "173", Coerce, Some("arrest"))
        } else if f.victims != Kinds::default() {
            coding(AbductionForcedDisappearance, "181", Assault, Some("abduct"))
        } else {
            None
        };
    }
    if has(T::Arrest) {
        return coding(Arrests, "173", Coerce, Some("arrest"));
    }
    if has(T::Agreement) {
        return if f.surface.contains("ceasefire")
            || f.surface.contains("cease-fire")
            || f.surface.contains("truce")
        {
            coding(Agreement, "0871", Retreat, Some("ceasefire"))
        } else {
            coding(Agreement, "057", Support, None)
        };
    }
    if has(T::Disrupt) {
        return coding(DisruptedWeaponsUse, "1711", Coerce, Some("seize"));
    }
    if has(T::Arson) || has(T::Loot) {
        return coding(LootingPropertyDestruction, "1712", Assault, Some("seize"));
    }
    if has(T::Base) {
        return coding(
            HeadquartersOrBaseEstablished,
            "154",
            Mobilize,
            Some("troops"),
        );
    }
    if has(T::GroupChange) {
        return coding(ChangeToGroupActivity, "154", Mobilize, None);
    }
    if has(T::Transfer) && f.territory {
        return coding(
            NonViolentTransferOfTerritory,
            "0874",
            Retreat,
            Some("withdraw"),
        );
    }
    if has(T::Intervention) {
        // Tear gas or dispersal with nobody named as protesting: still a
        // crowd the authorities broke up.
        return coding(ProtestWithIntervention, "141", Protest, Some("demo"));
    }
    None
}

fn clash_cameo(f: &Facts) -> &'static str {
    if f.weapons.contains(&Weapon::Firearm)
        || f.weapons.contains(&Weapon::Infantry)
        || f.classes.contains(&TriggerClass::Shooting)
    {
        "193"
    } else {
        "190"
    }
}

fn clash_mode(f: &Facts) -> Option<&'static str> {
    (clash_cameo(f) == "193").then_some("firearms")
}

fn is_state(a: Option<ActorType>) -> bool {
    matches!(
        a,
        Some(ActorType::StateForces | ActorType::ExternalOtherForces)
    )
}

fn is_armed_opt(a: Option<ActorType>) -> bool {
    a.is_some_and(is_armed)
}

/// How specific a sub-event type is, to pick one when merging mentions of
/// one incident ("an explosion" and "a suicide bomber blew himself up").
pub(crate) fn specificity(t: SubEventType) -> u8 {
    use SubEventType::*;
    match t {
        ChemicalWeapon | SuicideBomb | AirDroneStrike => 9,
        ShellingArtilleryMissileAttack | Grenade => 8,
        RemoteExplosiveLandmineIed => 7,
        SexualViolence | AbductionForcedDisappearance => 6,
        GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => 6,
        ExcessiveForceAgainstProtesters | ViolentDemonstration | MobViolence => 5,
        ProtestWithIntervention => 4,
        ArmedClash | Attack => 3,
        PeacefulProtest => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(classes: &[TriggerClass]) -> Facts {
        Facts {
            classes: classes.to_vec(),
            ..Facts::default()
        }
    }

    #[test]
    fn sub_event_types_by_codebook_rule() {
        use ActorType as A;
        use SubEventType as S;
        use TriggerClass as T;
        let civilians = Kinds {
            civilian: true,
            ..Kinds::default()
        };
        let soldiers = Kinds {
            security: true,
            ..Kinds::default()
        };
        let table: Vec<(&str, Facts, Option<SubEventType>)> = vec![
            (
                "airstrike",
                facts(&[T::Air, T::Kill]),
                Some(S::AirDroneStrike),
            ),
            (
                "suicide beats explosion",
                facts(&[T::Explosion, T::Suicide]),
                Some(S::SuicideBomb),
            ),
            (
                "bomb",
                facts(&[T::Explosion]),
                Some(S::RemoteExplosiveLandmineIed),
            ),
            (
                "kill with aircraft",
                Facts {
                    weapons: vec![Weapon::Aircraft],
                    ..facts(&[T::Kill])
                },
                Some(S::AirDroneStrike),
            ),
            (
                "gunmen kill villagers",
                Facts {
                    victims: civilians,
                    ..facts(&[T::Kill])
                },
                Some(S::Attack),
            ),
            (
                "militants attack soldiers",
                Facts {
                    victims: soldiers,
                    actor1: Some(A::RebelGroups),
                    ..facts(&[T::Attack])
                },
                Some(S::ArmedClash),
            ),
            (
                "attack on state forces",
                Facts {
                    actor1: Some(A::RebelGroups),
                    actor2: Some(A::StateForces),
                    ..facts(&[T::Attack])
                },
                Some(S::ArmedClash),
            ),
            ("clash", facts(&[T::Clash]), Some(S::ArmedClash)),
            (
                "kidnapping",
                facts(&[T::Abduct]),
                Some(S::AbductionForcedDisappearance),
            ),
            (
                "peaceful protest",
                facts(&[T::Protest]),
                Some(S::PeacefulProtest),
            ),
            (
                "protest dispersed",
                facts(&[T::Protest, T::Intervention]),
                Some(S::ProtestWithIntervention),
            ),
            (
                "protesters shot",
                Facts {
                    killed: Some(3),
                    actor1: Some(A::StateForces),
                    ..facts(&[T::Protest, T::Shooting])
                },
                Some(S::ExcessiveForceAgainstProtesters),
            ),
            ("riot", facts(&[T::Riot]), Some(S::MobViolence)),
            (
                "state forces retake a town",
                Facts {
                    actor1: Some(A::StateForces),
                    territory: true,
                    ..facts(&[T::Regain])
                },
                Some(S::GovernmentRegainsTerritory),
            ),
            (
                "rebels seize a district",
                Facts {
                    actor1: Some(A::RebelGroups),
                    territory: true,
                    ..facts(&[T::Capture])
                },
                Some(S::NonStateActorOvertakesTerritory),
            ),
            ("arrest", facts(&[T::Arrest]), Some(S::Arrests)),
            (
                "ceasefire",
                Facts {
                    surface: "ceasefire".into(),
                    ..facts(&[T::Agreement])
                },
                Some(S::Agreement),
            ),
            (
                "defused",
                facts(&[T::Disrupt]),
                Some(S::DisruptedWeaponsUse),
            ),
            (
                "looting",
                facts(&[T::Loot]),
                Some(S::LootingPropertyDestruction),
            ),
            ("nothing", facts(&[]), None),
        ];
        for (name, f, want) in table {
            assert_eq!(classify(&f).map(|c| c.sub_event_type), want, "{name}");
        }
    }
}

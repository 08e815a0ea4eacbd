//! Query-string parameters: parsed by hand from the raw pairs so that
//! every mistake gets a message naming the parameter and what was wrong
//! (serde's rejections say neither in a form a user can act on).

use std::collections::BTreeMap;

use sitrep_model::{ClaimType, Date, EventType, SubEventType};
use sitrep_store::{GroupBy, IncidentFilter};

/// Longest value any text parameter may have.
pub const MAX_PARAM_LEN: usize = 200;
/// Largest page of incidents.
pub const MAX_LIMIT: u64 = 1000;
/// Deepest offset into a listing (deeper pages should narrow the filter).
pub const MAX_OFFSET: u64 = 10_000_000;

/// A parameter that cannot be used, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    #[error("unknown parameter {name:?} (this endpoint takes: {allowed})")]
    Unknown { name: String, allowed: String },
    #[error("parameter {name:?} given twice")]
    Repeated { name: String },
    #[error("parameter {name:?}: {reason}")]
    Invalid { name: String, reason: String },
}

fn invalid(name: &str, reason: impl Into<String>) -> ParamError {
    ParamError::Invalid {
        name: name.to_string(),
        reason: reason.into(),
    }
}

/// The filter parameters every listing and aggregate takes.
pub const FILTER_PARAMS: &[&str] = &[
    "country",
    "admin1",
    "actor",
    "event_type",
    "sub_event_type",
    "since",
    "until",
];

/// The raw pairs of one request, checked against the names an endpoint
/// takes.
#[derive(Debug, Default)]
pub struct Params {
    values: BTreeMap<String, String>,
}

impl Params {
    /// Parses a raw query string (`None` = no query) and refuses names
    /// outside `allowed`, repeated names and overlong values.
    pub fn parse(query: Option<&str>, allowed: &[&str]) -> Result<Params, ParamError> {
        let mut values = BTreeMap::new();
        for (k, v) in form_urlencoded(query.unwrap_or("")) {
            if !allowed.contains(&k.as_str()) {
                return Err(ParamError::Unknown {
                    name: k,
                    allowed: allowed.join(", "),
                });
            }
            if v.len() > MAX_PARAM_LEN {
                return Err(invalid(
                    &k,
                    format!("longer than {MAX_PARAM_LEN} characters"),
                ));
            }
            if values.insert(k.clone(), v).is_some() {
                return Err(ParamError::Repeated { name: k });
            }
        }
        Ok(Params { values })
    }

    /// A text value; an empty one counts as absent (a cleared form field).
    pub fn text(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn date(&self, name: &str) -> Result<Option<Date>, ParamError> {
        self.text(name)
            .map(|v| {
                v.parse::<Date>()
                    .map_err(|_| invalid(name, format!("{v:?} is not a date (YYYY-MM-DD)")))
            })
            .transpose()
    }

    /// A whole number in `0..=max`.
    pub fn number(&self, name: &str, max: u64) -> Result<Option<u64>, ParamError> {
        self.text(name)
            .map(|v| {
                let n: u64 = v
                    .parse()
                    .map_err(|_| invalid(name, format!("{v:?} is not a whole number")))?;
                if n > max {
                    return Err(invalid(name, format!("{n} is more than {max}")));
                }
                Ok(n)
            })
            .transpose()
    }

    /// The common incident filter.
    pub fn filter(&self) -> Result<IncidentFilter, ParamError> {
        let event_type = self
            .text("event_type")
            .map(|v| {
                v.parse::<EventType>().map_err(|_| {
                    invalid(
                        "event_type",
                        format!(
                            "{v:?} is not an ACLED event type (one of: {})",
                            EventType::ALL
                                .iter()
                                .map(|t| t.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })
            })
            .transpose()?;
        let sub_event_type = self
            .text("sub_event_type")
            .map(|v| {
                v.parse::<SubEventType>().map_err(|_| {
                    invalid(
                        "sub_event_type",
                        format!("{v:?} is not an ACLED sub-event type"),
                    )
                })
            })
            .transpose()?;
        let since = self.date("since")?;
        let until = self.date("until")?;
        if let (Some(s), Some(u)) = (since, until)
            && s > u
        {
            return Err(invalid("until", format!("{u} is before since ({s})")));
        }
        Ok(IncidentFilter {
            country: self.text("country").map(str::to_string),
            admin1: self.text("admin1").map(str::to_string),
            actor: self.text("actor").map(str::to_string),
            event_type,
            sub_event_type,
            since,
            until,
            limit: None,
            offset: 0,
        })
    }

    /// A grouping (`by`, or `interval` for time-only groupings).
    pub fn group_by(&self, name: &str, time_only: bool) -> Result<Option<GroupBy>, ParamError> {
        let Some(v) = self.text(name) else {
            return Ok(None);
        };
        let by = match v {
            "day" => GroupBy::Day,
            "week" => GroupBy::Week,
            "month" => GroupBy::Month,
            "year" => GroupBy::Year,
            "country" if !time_only => GroupBy::Country,
            "admin1" if !time_only => GroupBy::Admin1,
            "event_type" if !time_only => GroupBy::EventType,
            "sub_event_type" if !time_only => GroupBy::SubEventType,
            "actor" if !time_only => GroupBy::Actor,
            _ => {
                let allowed = if time_only {
                    "day, week, month, year"
                } else {
                    "day, week, month, year, country, admin1, event_type, sub_event_type, actor"
                };
                return Err(invalid(name, format!("{v:?} is not one of: {allowed}")));
            }
        };
        Ok(Some(by))
    }

    pub fn claim_type(&self) -> Result<Option<ClaimType>, ParamError> {
        self.text("claim_type")
            .map(|v| match v {
                "strength" => Ok(ClaimType::Strength),
                "relation" => Ok(ClaimType::Relation),
                "control" => Ok(ClaimType::Control),
                _ => Err(invalid(
                    "claim_type",
                    format!("{v:?} is not one of: strength, relation, control"),
                )),
            })
            .transpose()
    }
}

/// `application/x-www-form-urlencoded` pairs (`+` is a space, `%XX`
/// bytes), decoded to UTF-8 with invalid sequences replaced.
fn form_urlencoded(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_decode() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("", &[]),
            ("a=1&b=2", &[("a", "1"), ("b", "2")]),
            (
                "actor=Islamic+State%20Khorasan",
                &[("actor", "Islamic State Khorasan")],
            ),
            ("x=%E2%80%99", &[("x", "\u{2019}")]),
            ("x=%zz%4", &[("x", "%zz%4")]),
            ("x=%FF", &[("x", "\u{FFFD}")]),
            ("flag&&y=", &[("flag", ""), ("y", "")]),
        ];
        for (q, want) in cases {
            let got = form_urlencoded(q);
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            assert_eq!(got, want, "{q}");
        }
    }

    #[test]
    fn bad_parameters_name_themselves() {
        let cases: &[(&str, &str)] = &[
            ("colour=red", "unknown parameter \"colour\""),
            (
                "since=yesterday",
                "parameter \"since\": \"yesterday\" is not a date",
            ),
            ("since=2019-01-01&until=2018-01-01", "parameter \"until\""),
            ("event_type=Riot", "is not an ACLED event type"),
            ("admin1=a&admin1=b", "given twice"),
        ];
        for (q, want) in cases {
            let err = Params::parse(Some(q), FILTER_PARAMS)
                .and_then(|p| p.filter())
                .expect_err(q);
            assert!(err.to_string().contains(want), "{q}: {err}");
        }
        let long = format!("actor={}", "x".repeat(MAX_PARAM_LEN + 1));
        assert!(Params::parse(Some(&long), FILTER_PARAMS).is_err());
    }

    #[test]
    fn filters_read_every_field() {
        let p = Params::parse(
            Some("country=AF&admin1=Ghor&actor=Taliban&event_type=Battles&since=2018-01-01&until=2018-12-31&sub_event_type="),
            FILTER_PARAMS,
        )
        .unwrap();
        let f = p.filter().unwrap();
        assert_eq!(f.country.as_deref(), Some("AF"));
        assert_eq!(f.admin1.as_deref(), Some("Ghor"));
        assert_eq!(f.actor.as_deref(), Some("Taliban"));
        assert_eq!(f.event_type, Some(EventType::Battles));
        assert_eq!(f.sub_event_type, None, "an empty value is no filter");
        assert_eq!(f.since.unwrap().to_string(), "2018-01-01");
        let n = Params::parse(Some("limit=1001"), &["limit"]).unwrap();
        assert!(n.number("limit", MAX_LIMIT).is_err());
        let n = Params::parse(Some("limit=-1"), &["limit"]).unwrap();
        assert!(n.number("limit", MAX_LIMIT).is_err());
    }
}

use serde::{Deserialize, Serialize};

use crate::{CountryCode, GeoPrecision};

/// Where an event happened (or a claim applies), in ACLED's columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The country's English short name ("Afghanistan").
    pub country: String,
    pub country_code: CountryCode,
    /// ISO 3166-1 alpha-3 ("AFG"), the prefix of ACLED's `event_id_cnty`.
    pub iso3: String,
    /// ISO 3166-1 numeric (Afghanistan 4), ACLED's `iso` column.
    pub iso_numeric: u16,
    /// ACLED's region ("South Asia").
    pub region: String,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub admin3: Option<String>,
    /// The named place the event is coded at (a village, town, district or
    /// province name).
    pub location: String,
    pub latitude: f64,
    pub longitude: f64,
    pub geo_precision: GeoPrecision,
    /// The GeoNames id of the place, when it came from GeoNames.
    pub geonames_id: Option<u32>,
}

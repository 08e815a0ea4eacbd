//! ACLED's CSV: exactly ACLED's header, one row per incident.

use std::io::{self, Write};

use super::{Exported, IncidentRow, csv_to_io};
use crate::output::ACLED_COLUMNS;

/// Writes `rows` as ACLED's export CSV: the 31 columns of
/// [`ACLED_COLUMNS`] in ACLED's order and nothing else, so files load into
/// anything built for ACLED's downloads. Fields are quoted only when they
/// hold a comma, a quote or a line break (RFC 4180), which Python's `csv`
/// module and pandas read unchanged. Unknown fatalities are empty, as in
/// `sitrep extract --format csv`.
pub fn write_acled_csv(
    rows: impl IntoIterator<Item = IncidentRow>,
    out: impl Write,
) -> io::Result<Exported> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(ACLED_COLUMNS).map_err(csv_to_io)?;
    let mut exported = Exported::default();
    for row in rows {
        csv.write_record(row.record.acled_fields())
            .map_err(csv_to_io)?;
        exported.written += 1;
    }
    csv.flush()?;
    Ok(exported)
}

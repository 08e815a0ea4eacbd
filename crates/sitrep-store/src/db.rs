//! One connection to either database engine, with the handful of calls the
//! store makes: run a statement, read rows, open a write transaction.
//!
//! Why an enum and not a trait or an ORM: the store's SQL is nearly all
//! portable between SQLite and PostgreSQL, so one code path with a few
//! `match conn.dialect()` branches (DDL, the week of a date, case-folded
//! comparisons, `LIMIT ALL`, the meta table) reads better than two
//! implementations of every query; and the sync `postgres` client keeps
//! the store free of async.
//!
//! How to use it (for code ported onto it):
//! - Write SQL with numbered placeholders `?1`, `?2`, …; on PostgreSQL
//!   they are rewritten to `$1`, `$2`, … once per statement text, and the
//!   prepared statement is cached per connection on both engines.
//! - Parameters are [`Value`]s (`args![a, b]` builds the slice); rows come
//!   back as [`Row`]s read with [`Row::get`]. Declare PostgreSQL columns
//!   as `BIGINT` (ids, hashes), `INTEGER` (small counts: `sum()` over them
//!   stays an integer), `TEXT COLLATE "C"` (byte order, like SQLite's
//!   `BINARY`) or `BYTEA`; a parameter takes whatever type the server
//!   infers for it.
//! - Writes go through [`Conn::write`]: `BEGIN IMMEDIATE` on SQLite,
//!   `BEGIN` plus a transaction-scoped advisory lock on PostgreSQL, so
//!   writers queue the same way on both; [`Tx::commit`] bumps PostgreSQL's
//!   change counter (see [`Conn::data_version`]). A [`Tx`] dropped without
//!   commit rolls back.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Deref;

use postgres::types::{IsNull, ToSql, Type};
use postgres::{Client, Statement};

use crate::StoreError;

/// The first half of the key of PostgreSQL's advisory lock that
/// serialises the writers of one store ("SITR" in ASCII, as SQLite's
/// `application_id`); the second half is a hash of the schema's name, so
/// stores in different schemas of one database do not wait for each
/// other. Every transaction that writes takes it first, the way SQLite's
/// `BEGIN IMMEDIATE` takes the file's write lock.
pub(crate) const WRITE_LOCK: i32 = 0x5349_5452;

/// Prepared statements kept per PostgreSQL connection; past this the
/// cache starts over (statement texts with literal limits are many).
const PG_STATEMENT_CACHE: usize = 256;

/// Which SQL dialect a connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// A value bound to a placeholder or read from a column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Value {
        Value::Int(i64::from(v))
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Value {
        Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}
impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Value {
        Value::Blob(v.to_vec())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// `args![a, b, c]`: the parameters of a statement as `&[Value]`.
macro_rules! args {
    ($($v:expr),* $(,)?) => {
        &[$($crate::db::Value::from($v)),*][..]
    };
}
pub(crate) use args;

/// A column's value converted to a Rust type; a mismatch (a NULL where the
/// schema forbids it, text where a number belongs) is
/// [`StoreError::Corrupt`].
pub(crate) trait FromValue: Sized {
    fn from_value(v: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> Option<i64> {
        match v {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}
impl FromValue for u32 {
    fn from_value(v: &Value) -> Option<u32> {
        i64::from_value(v).and_then(|i| u32::try_from(i).ok())
    }
}
impl FromValue for String {
    fn from_value(v: &Value) -> Option<String> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(v: &Value) -> Option<Vec<u8>> {
        match v {
            Value::Blob(b) => Some(b.clone()),
            _ => None,
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Option<T>> {
        match v {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// One result row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row(pub(crate) Vec<Value>);

impl Row {
    pub(crate) fn get<T: FromValue>(&self, i: usize) -> Result<T, StoreError> {
        let v = self.0.get(i).unwrap_or(&Value::Null);
        T::from_value(v).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "column {i}: unexpected {v:?} for {}",
                std::any::type_name::<T>()
            ))
        })
    }

    pub(crate) fn values(&self) -> &[Value] {
        &self.0
    }
}

/// A PostgreSQL connection and its prepared statements.
pub(crate) struct Pg {
    client: Client,
    statements: HashMap<String, Statement>,
}

/// An open connection to SQLite or PostgreSQL.
pub(crate) enum Conn {
    Sqlite(rusqlite::Connection),
    /// `postgres::Client` needs `&mut` for every call while the store's
    /// queries take `&self`; a `RefCell` keeps the store `Send` and not
    /// `Sync`, exactly like `rusqlite::Connection`. No borrow is held
    /// across calls: rows are read whole before the next statement runs.
    Postgres(Box<RefCell<Pg>>),
}

impl Conn {
    pub(crate) fn postgres(client: Client) -> Conn {
        Conn::Postgres(Box::new(RefCell::new(Pg {
            client,
            statements: HashMap::new(),
        })))
    }

    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs statements without parameters (DDL, transaction control).
    pub(crate) fn execute_batch(&self, sql: &str) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(p) => Ok(p.borrow_mut().client.batch_execute(sql)?),
        }
    }

    /// Runs one statement; the number of rows it changed.
    pub(crate) fn execute(&self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        match self {
            Conn::Sqlite(c) => {
                let n = c
                    .prepare_cached(sql)?
                    .execute(rusqlite::params_from_iter(params))?;
                Ok(n as u64)
            }
            Conn::Postgres(p) => {
                let mut p = p.borrow_mut();
                let stmt = p.prepare(sql)?;
                let refs: Vec<&(dyn ToSql + Sync)> =
                    params.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
                Ok(p.client.execute(&stmt, &refs)?)
            }
        }
    }

    /// Every row of a query.
    pub(crate) fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        let mut out = Vec::new();
        self.for_each(sql, params, |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query, if any.
    pub(crate) fn query_opt(&self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The first row of a query that always returns one (`count(*)`).
    pub(crate) fn query_one(&self, sql: &str, params: &[Value]) -> Result<Row, StoreError> {
        self.query_opt(sql, params)?
            .ok_or_else(|| StoreError::Corrupt(format!("no row from {sql}")))
    }

    /// Streams a query's rows into `each` without holding them all (a
    /// million-incident scan). `each` must not use this connection.
    pub(crate) fn for_each(
        &self,
        sql: &str,
        params: &[Value],
        mut each: impl FnMut(Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let columns = stmt.column_count();
                let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
                while let Some(r) = rows.next()? {
                    let mut row = Vec::with_capacity(columns);
                    for i in 0..columns {
                        row.push(from_sqlite(r.get_ref(i)?));
                    }
                    each(Row(row))?;
                }
                Ok(())
            }
            Conn::Postgres(p) => {
                let mut p = p.borrow_mut();
                let stmt = p.prepare(sql)?;
                let mut rows = p.client.query_raw(&stmt, params.iter())?;
                while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)?
                {
                    each(from_postgres(&r)?)?;
                }
                Ok(())
            }
        }
    }

    /// Inserts one row and returns its integer key `key`. SQLite assigns
    /// it (the rowid: the largest key plus one); PostgreSQL is given the
    /// same rule in the statement, not a sequence, because a sequence
    /// skips the numbers of rolled-back transactions and identifiers must
    /// not depend on what was interrupted. Safe because every insert runs
    /// under the write lock.
    pub(crate) fn insert_keyed(
        &self,
        table: &str,
        key: &str,
        columns: &[&str],
        params: &[Value],
    ) -> Result<i64, StoreError> {
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        match self {
            Conn::Sqlite(c) => {
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    columns.join(", "),
                    marks.join(", ")
                );
                self.execute(&sql, params)?;
                Ok(c.last_insert_rowid())
            }
            Conn::Postgres(_) => {
                let sql = format!(
                    "INSERT INTO {table} ({key}, {}) VALUES
                     ((SELECT coalesce(max({key}), 0) + 1 FROM {table}), {}) RETURNING {key}",
                    columns.join(", "),
                    marks.join(", ")
                );
                self.query_one(&sql, params)?.get(0)
            }
        }
    }

    /// Starts a write transaction, waiting for other writers.
    pub(crate) fn write(&mut self) -> Result<Tx<'_>, StoreError> {
        match self {
            Conn::Sqlite(c) => c.execute_batch("BEGIN IMMEDIATE")?,
            Conn::Postgres(p) => p.get_mut().client.batch_execute(&format!(
                "BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK}, hashtext(current_schema()))"
            ))?,
        }
        Ok(Tx {
            conn: self,
            done: false,
        })
    }

    /// A counter that changes when the database changes: SQLite's `PRAGMA
    /// data_version` (commits by other connections), PostgreSQL's
    /// generation row, bumped by every write transaction.
    pub(crate) fn data_version(&self) -> Result<i64, StoreError> {
        let sql = match self.dialect() {
            Dialect::Sqlite => "PRAGMA data_version",
            Dialect::Postgres => "SELECT value FROM sitrep_meta WHERE key = 'generation'",
        };
        self.query_one(sql, &[])?.get(0)
    }
}

impl Pg {
    fn prepare(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client.prepare(&numbered_placeholders(sql))?;
        if self.statements.len() >= PG_STATEMENT_CACHE {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }
}

/// A write transaction; rolls back when dropped uncommitted.
pub(crate) struct Tx<'c> {
    conn: &'c mut Conn,
    done: bool,
}

impl Tx<'_> {
    pub(crate) fn commit(mut self) -> Result<(), StoreError> {
        if let Conn::Postgres(_) = self.conn {
            self.conn.execute(
                "UPDATE sitrep_meta SET value = value + 1 WHERE key = 'generation'",
                &[],
            )?;
        }
        self.conn.execute_batch("COMMIT")?;
        self.done = true;
        Ok(())
    }
}

impl Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            // After a failed statement SQLite may have rolled back already
            // and PostgreSQL refuses everything but ROLLBACK; either way
            // this leaves no transaction open, and an error here has
            // nothing left to undo.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// `?N` → `$N`, outside quoted literals and identifiers.
pub(crate) fn numbered_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    for c in sql.chars() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                out.push(c);
            }
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    out.push(c);
                }
                '?' => out.push('$'),
                _ => out.push(c),
            },
        }
    }
    out
}

fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

fn from_postgres(r: &postgres::Row) -> Result<Row, StoreError> {
    let mut out = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let ty = col.type_();
        let v = if *ty == Type::INT8 {
            r.try_get::<_, Option<i64>>(i)?.map(Value::Int)
        } else if *ty == Type::INT4 {
            r.try_get::<_, Option<i32>>(i)?
                .map(|x| Value::Int(i64::from(x)))
        } else if *ty == Type::INT2 {
            r.try_get::<_, Option<i16>>(i)?
                .map(|x| Value::Int(i64::from(x)))
        } else if *ty == Type::BOOL {
            r.try_get::<_, Option<bool>>(i)?
                .map(|x| Value::Int(i64::from(x)))
        } else if *ty == Type::FLOAT8 {
            r.try_get::<_, Option<f64>>(i)?.map(Value::Real)
        } else if *ty == Type::FLOAT4 {
            r.try_get::<_, Option<f32>>(i)?
                .map(|x| Value::Real(f64::from(x)))
        } else if *ty == Type::BYTEA {
            r.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob)
        } else if <String as postgres::types::FromSql>::accepts(ty) {
            r.try_get::<_, Option<String>>(i)?.map(Value::Text)
        } else {
            return Err(StoreError::Corrupt(format!(
                "column {} has type {ty}, which the store does not use",
                col.name()
            )));
        };
        out.push(v.unwrap_or(Value::Null));
    }
    Ok(Row(out))
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

/// A parameter takes the type the server inferred for its placeholder:
/// an integer binds to `BIGINT`, `INTEGER` or `SMALLINT` (refused when out
/// of range, never truncated), text to any text type.
impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => {
                if *ty == Type::INT8 {
                    i.to_sql(ty, out)
                } else if *ty == Type::INT4 {
                    i32::try_from(*i)?.to_sql(ty, out)
                } else if *ty == Type::INT2 {
                    i16::try_from(*i)?.to_sql(ty, out)
                } else if *ty == Type::BOOL {
                    (*i != 0).to_sql(ty, out)
                } else if *ty == Type::FLOAT8 {
                    (*i as f64).to_sql(ty, out)
                } else {
                    i.to_string().as_str().to_sql(ty, out)
                }
            }
            Value::Real(f) => f.to_sql(ty, out),
            Value::Text(s) => s.as_str().to_sql(ty, out),
            Value::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_postgres_outside_quotes() {
        let cases = [
            ("SELECT ?1", "SELECT $1"),
            ("a = ?12 AND b IN (?3, '')", "a = $12 AND b IN ($3, '')"),
            ("x = '?1' OR y = ?2", "x = '?1' OR y = $2"),
            ("\"odd?name\" = ?1", "\"odd?name\" = $1"),
            ("it''s ?1", "it''s $1"),
        ];
        for (sqlite, pg) in cases {
            assert_eq!(numbered_placeholders(sqlite), pg, "{sqlite}");
        }
    }

    #[test]
    fn columns_convert_or_say_what_mismatched() {
        let row = Row(vec![
            Value::Int(7),
            Value::Null,
            Value::Text("x".into()),
            Value::Int(-1),
        ]);
        assert_eq!(row.get::<i64>(0).unwrap(), 7);
        assert_eq!(row.get::<Option<String>>(1).unwrap(), None);
        assert_eq!(row.get::<String>(2).unwrap(), "x");
        assert!(row.get::<String>(1).is_err(), "NULL is not text");
        assert!(row.get::<i64>(2).is_err(), "text is not a number");
        assert!(row.get::<u32>(3).is_err(), "-1 is no count");
        assert!(row.get::<i64>(9).is_err(), "no such column");
    }
}

//! The database: one pool for either backend, migrations, transactions, idempotency keys.

pub mod idempotency;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Postgres, Sqlite, Transaction};

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Config(String),
    /// The write was made already under this idempotency key: its first answer.
    #[error("replayed idempotency key")]
    Replay(Box<idempotency::StoredResponse>),
    /// The idempotency key was used before for a different request.
    #[error("idempotency key reused for another request")]
    KeyReused,
}

impl DbError {
    /// True when the error is a violated UNIQUE constraint.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            DbError::Sqlx(sqlx::Error::Database(e)) => e.is_unique_violation(),
            _ => false,
        }
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// Which backend a database is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pool on SQLite (embedded) or PostgreSQL (scale-out), chosen by the URL.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool, WriteGate),
    Postgres(PgPool),
}

/// SQLite has one writer at a time. Writers of this process queue here, in order, instead
/// of polling the file lock (which sleeps and wakes late under load); other processes on
/// the same file still meet the busy timeout.
#[derive(Debug, Clone, Default)]
pub struct WriteGate(std::sync::Arc<tokio::sync::Mutex<()>>);

/// One database transaction on either backend, or, for reads, a plain connection
/// (no BEGIN and ROLLBACK around a page that only reads).
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>, tokio::sync::OwnedMutexGuard<()>),
    Postgres(Transaction<'static, Postgres>),
    SqliteRead(PoolConnection<Sqlite>),
    PostgresRead(PoolConnection<Postgres>),
}

/// Runs the same expression against whichever connection a transaction holds.
/// `$c` is bound to `&mut SqliteConnection` or `&mut PgConnection`.
#[macro_export]
macro_rules! on_conn {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(t, _) => {
                let $c = &mut **t;
                $body
            }
            $crate::db::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::db::Tx::SqliteRead(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::db::Tx::PostgresRead(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// The database URL for the data folder when none is given.
pub fn default_url(data_dir: &Path) -> String {
    format!("sqlite://{}", data_dir.join("tejido.db").display())
}

impl Db {
    /// Opens the database the URL names: `postgres://…` or `sqlite://…`.
    pub async fn connect(url: &str) -> DbResult<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            Ok(Db::Postgres(pool))
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // Money is durable: a committed entry survives a power cut (the WAL is synced at
                // each commit; the ledger's group commit shares one sync among many entries).
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // 8 MB of pages a connection (SQLite's default is 2 MB): a posting walks
                // several indexes of a large journal, and re-reading their pages from the
                // file costs more than the entry itself.
                .pragma("cache_size", "-8192")
                // What is deleted is overwritten, not left in free pages of the file.
                .pragma("secure_delete", "ON");
            // An embedded file cannot drop a connection: no round trip to test it on acquire.
            let pool = SqlitePoolOptions::new()
                .max_connections(16)
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Db::Sqlite(pool, WriteGate::default()))
        } else {
            Err(DbError::Config(format!(
                "unsupported database URL (use sqlite:// or postgres://): {url}"
            )))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(..) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations of this backend.
    pub async fn migrate(&self) -> DbResult<()> {
        match self {
            Db::Sqlite(p, _) => sqlx::migrate!("migrations/sqlite").run(p).await?,
            Db::Postgres(p) => sqlx::migrate!("migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// A connection for reading: each statement sees committed data.
    pub async fn begin(&self) -> DbResult<Tx> {
        Ok(match self {
            Db::Sqlite(p, _) => Tx::SqliteRead(p.acquire().await?),
            Db::Postgres(p) => Tx::PostgresRead(p.acquire().await?),
        })
    }

    /// Opens a transaction that will write. SQLite writers take the write lock at once
    /// (BEGIN IMMEDIATE), so two writers never deadlock upgrading a read lock.
    pub async fn begin_write(&self) -> DbResult<Tx> {
        let mut tx = match self {
            Db::Sqlite(p, gate) => {
                let turn = gate.0.clone().lock_owned().await;
                Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?, turn)
            }
            Db::Postgres(p) => Tx::Postgres(p.begin().await?),
        };
        idempotency::on_begin(&mut tx).await?;
        Ok(tx)
    }

    /// Clears what the database keeps of past transactions beyond the data itself, once a
    /// secret vote has closed: SQLite's write-ahead log is checkpointed and truncated to
    /// nothing (each vote's frames link a voter to her choice); PostgreSQL rewrites the
    /// secret counts' table without its dead row versions. True when it was done; a busy
    /// log is tried again by the sweeper.
    pub async fn scrub(&self) -> bool {
        match self {
            Db::Sqlite(p, gate) => {
                for _ in 0..40 {
                    let turn = gate.0.lock().await;
                    let r = sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(TRUNCATE)")
                        .fetch_one(p)
                        .await;
                    drop(turn);
                    match r {
                        Ok((0, _, _)) => return true,
                        Ok(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                        Err(e) => {
                            tracing::warn!(%e, "checkpointing the write-ahead log");
                            return false;
                        }
                    }
                }
                false
            }
            Db::Postgres(p) => match sqlx::query("VACUUM FULL secret_ballots").execute(p).await {
                Ok(_) => true,
                Err(e) => {
                    tracing::warn!(%e, "rewriting the secret ballots");
                    false
                }
            },
        }
    }

    /// Scrubs if a secret vote closed since the last scrub (see `scrub`); the sweeper
    /// calls it too, for a log that was busy.
    pub async fn scrub_if_wanted(&self) {
        use std::sync::atomic::Ordering;
        if SCRUB_WANTED.swap(false, Ordering::SeqCst) && !self.scrub().await {
            SCRUB_WANTED.store(true, Ordering::SeqCst);
        }
    }

    /// Answers once the database answers.
    pub async fn ping(&self) -> DbResult<()> {
        match self {
            Db::Sqlite(p, _) => sqlx::query("SELECT 1").execute(p).await?.rows_affected(),
            Db::Postgres(p) => sqlx::query("SELECT 1").execute(p).await?.rows_affected(),
        };
        Ok(())
    }

    /// An online, consistent copy of an SQLite database to `dest`.
    pub async fn backup_to(&self, dest: &Path) -> DbResult<()> {
        match self {
            Db::Sqlite(p, _) => {
                if dest.exists() {
                    return Err(DbError::Config(format!(
                        "{} exists already; choose a new file",
                        dest.display()
                    )));
                }
                let path = dest.to_string_lossy().to_string();
                sqlx::query("VACUUM INTO $1").bind(path).execute(p).await?;
                Ok(())
            }
            Db::Postgres(_) => Err(DbError::Config(
                "on PostgreSQL, back up with pg_dump; `tejido backup` copies the embedded SQLite database".into(),
            )),
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(p, _) => p.close().await,
            Db::Postgres(p) => p.close().await,
        }
    }
}

impl Tx {
    /// Marks a point to roll back to without losing the rest of the transaction.
    pub async fn savepoint(&mut self) -> DbResult<()> {
        on_conn!(self, c => sqlx::query("SAVEPOINT entry").execute(c).await?.rows_affected());
        Ok(())
    }

    pub async fn release_savepoint(&mut self) -> DbResult<()> {
        on_conn!(self, c => sqlx::query("RELEASE SAVEPOINT entry").execute(c).await?.rows_affected());
        Ok(())
    }

    /// Undoes everything since the savepoint, which is then let go.
    pub async fn rollback_to_savepoint(&mut self) -> DbResult<()> {
        on_conn!(self, c => sqlx::query("ROLLBACK TO SAVEPOINT entry").execute(c).await?.rows_affected());
        self.release_savepoint().await
    }

    pub async fn commit(mut self) -> DbResult<()> {
        if matches!(self, Tx::Sqlite(..) | Tx::Postgres(_)) {
            idempotency::on_commit(&mut self).await?;
        }
        match self {
            Tx::Sqlite(t, _turn) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
            Tx::SqliteRead(_) | Tx::PostgresRead(_) => {}
        }
        Ok(())
    }
}

/// A secret vote has closed: its traces outside the data itself are to be cleared.
pub static SCRUB_WANTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Asks for a scrub after the current transaction commits.
pub fn want_scrub() {
    SCRUB_WANTED.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Seconds since the epoch, the timestamp stored in every `*_at` column.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Today's date, ISO 8601.
pub fn today() -> String {
    iso_day(time::OffsetDateTime::now_utc().date())
}

/// A date as stored: "2026-11-28".
pub fn iso_day(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Reads a typed local minute ("2026-12-01T18:00", or with a space, or with seconds) as
/// stored: "2026-12-01T18:00". A date alone means its last minute.
pub fn parse_minute(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(d) = parse_day(s) {
        return Some(format!("{}T23:59", iso_day(d)));
    }
    let (day, clock) = s.split_once(['T', ' '])?;
    let d = parse_day(day)?;
    let fmt = time::macros::format_description!("[hour]:[minute]");
    let t = match clock.trim().len() {
        5 => time::Time::parse(clock.trim(), fmt).ok()?,
        8 => time::Time::parse(clock.trim().get(..5)?, fmt).ok()?,
        _ => return None,
    };
    Some(format!("{}T{:02}:{:02}", iso_day(d), t.hour(), t.minute()))
}

/// Reads a stored or typed ISO date ("2026-11-28").
pub fn parse_day(s: &str) -> Option<time::Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let s = s.trim();
    if s.len() == 10 {
        time::Date::parse(s, fmt).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_are_read_as_typed_and_stored_alike() {
        assert_eq!(parse_minute("2026-12-01T18:00").as_deref(), Some("2026-12-01T18:00"));
        assert_eq!(parse_minute(" 2026-12-01 9:05 "), None);
        assert_eq!(parse_minute("2026-12-01 09:05").as_deref(), Some("2026-12-01T09:05"));
        assert_eq!(parse_minute("2026-12-01T09:05:59").as_deref(), Some("2026-12-01T09:05"));
        assert_eq!(parse_minute("2026-12-01").as_deref(), Some("2026-12-01T23:59"));
        for bad in [
            "",
            "2026-12-01T25:00",
            "2026-02-30T10:00",
            "tomorrow 6pm",
            "2026-12-01T18",
        ] {
            assert_eq!(parse_minute(bad), None, "{bad}");
        }
    }
}

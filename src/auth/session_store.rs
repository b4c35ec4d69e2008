//! tower-sessions keeps its server-side records in Tejido's own database.

use async_trait::async_trait;
use tower_sessions::SessionStore;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};

use super::store;
use crate::db::Db;

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> DbSessionStore {
        DbSessionStore { db }
    }
}

fn backend(e: impl std::fmt::Display) -> Error {
    Error::Backend(e.to_string())
}

fn encode(record: &Record) -> Result<String> {
    serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))
}

/// The session id as stored: its SHA-256, so a copy of the database holds no live session.
pub fn id_hash(id: &Id) -> String {
    super::service::token_hash(&id.to_string())
}

fn person_of(record: &Record) -> Option<i64> {
    record.data.get(super::SESSION_PERSON).and_then(|v| v.as_i64())
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        let data = encode(record)?;
        let mut tx = self.db.begin_write().await.map_err(backend)?;
        // A new id on the rare collision.
        while !store::session_insert(
            &mut tx,
            &id_hash(&record.id),
            person_of(record),
            &data,
            record.expiry_date.unix_timestamp(),
        )
        .await
        .map_err(backend)?
        {
            record.id = Id::default();
        }
        tx.commit().await.map_err(backend)
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let data = encode(record)?;
        let mut tx = self.db.begin_write().await.map_err(backend)?;
        store::session_save(
            &mut tx,
            &id_hash(&record.id),
            person_of(record),
            &data,
            record.expiry_date.unix_timestamp(),
        )
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        let Some((data, expires_at)) = store::session_load(&mut tx, &id_hash(id)).await.map_err(backend)? else {
            return Ok(None);
        };
        let data = serde_json::from_str(&data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date =
            time::OffsetDateTime::from_unix_timestamp(expires_at).map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        let mut tx = self.db.begin_write().await.map_err(backend)?;
        store::session_delete(&mut tx, &id_hash(id)).await.map_err(backend)?;
        tx.commit().await.map_err(backend)
    }
}

//! Group commit for entries posted through the API: entries that arrive together are
//! posted in one database transaction, each in its own savepoint, and each caller hears
//! back only once that transaction is committed. Every entry stays all-or-nothing (a
//! refused entry rolls back to its savepoint and nothing of it remains), and the chain
//! and the indexes are written once a batch instead of once an entry.

use tokio::sync::{mpsc, oneshot};

use super::model::NewEntry;
use super::service::{self, Posted};
use crate::db::{Db, idempotency};
use crate::orgs::Org;
use crate::web::{AppError, AppResult};

/// At most this many entries share a commit.
const BATCH: usize = 64;

struct Job {
    org: Org,
    entry: NewEntry,
    by: Option<i64>,
    /// The request's idempotency key, stored in the entry's savepoint.
    key: Option<idempotency::Claim>,
    reply: oneshot::Sender<AppResult<Posted>>,
}

/// The queue to the one task that posts.
#[derive(Clone, Debug)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job").field("org", &self.org.id).finish()
    }
}

impl Writer {
    /// Starts the posting task on the current runtime.
    pub fn start(db: Db) -> Writer {
        let (jobs, queue) = mpsc::channel(4 * BATCH);
        tokio::spawn(run(db, queue));
        Writer { jobs }
    }

    /// Posts one entry; answers once it is committed (or refused).
    pub async fn post(
        &self,
        org: &Org,
        entry: NewEntry,
        by: Option<i64>,
        key: Option<idempotency::Claim>,
    ) -> AppResult<Posted> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            org: org.clone(),
            entry,
            by,
            key,
            reply,
        };
        self.jobs
            .send(job)
            .await
            .map_err(|_| AppError::Internal("the posting task has stopped".into()))?;
        answer
            .await
            .map_err(|_| AppError::Internal("the posting task dropped an entry".into()))?
    }
}

async fn run(db: Db, mut queue: mpsc::Receiver<Job>) {
    while let Some(first) = queue.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < BATCH {
            match queue.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        let outcome = batch(&db, &jobs).await;
        match outcome {
            Ok(results) => {
                for (job, result) in jobs.into_iter().zip(results) {
                    let _ = job.reply.send(result);
                }
            }
            Err(e) => {
                tracing::error!(%e, "posting a batch of entries");
                for job in jobs {
                    let _ = job.reply.send(Err(AppError::Internal(e.to_string())));
                }
            }
        }
    }
}

/// One transaction for the batch; a savepoint for each entry.
async fn batch(db: &Db, jobs: &[Job]) -> Result<Vec<AppResult<Posted>>, AppError> {
    let mut tx = db.begin_write().await?;
    let mut results = Vec::with_capacity(jobs.len());
    for job in jobs {
        tx.savepoint().await?;
        let posted = match service::post_returning(&mut tx, &job.org, &job.entry, job.by).await {
            Ok(p) => match &job.key {
                Some(k) if !idempotency::store_handed_over(&mut tx, k).await? => {
                    // The same key went first, in this batch or an earlier one.
                    Err(AppError::Conflict("error-already-done"))
                }
                _ => Ok(p),
            },
            Err(e) => Err(e),
        };
        match posted {
            Ok(p) => {
                tx.release_savepoint().await?;
                results.push(Ok(p));
            }
            Err(e) => {
                tx.rollback_to_savepoint().await?;
                results.push(Err(e));
            }
        }
    }
    tx.commit().await?;
    Ok(results)
}

//! Reminders that no request causes: a vote or a round closing soon, an instalment due
//! or overdue. Queued from the sweeper at most every ten minutes; each is queued once,
//! however often this runs and on however many servers (the outbox refuses a second).

use std::sync::atomic::{AtomicI64, Ordering};

use crate::db::Db;
use crate::web::AppResult;

/// When this server last queued reminders (seconds since 1970).
static LAST: AtomicI64 = AtomicI64::new(0);
const EVERY_SECS: i64 = 600;

pub async fn queue_due(db: &Db) -> AppResult<()> {
    let now = crate::db::now();
    let last = LAST.load(Ordering::Relaxed);
    if now - last < EVERY_SECS
        || LAST
            .compare_exchange(last, now, Ordering::AcqRel, Ordering::Relaxed)
            .is_err()
    {
        return Ok(());
    }
    queue_all(db).await
}

/// Queues every reminder due now, organisation by organisation, each in its own write.
pub async fn queue_all(db: &Db) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let orgs = crate::orgs::all(&mut tx).await?;
    drop(tx);
    for org in orgs {
        let mut tx = db.begin_write().await?;
        crate::votes::remind_closing(&mut tx, &org, &org.today()).await?;
        crate::purchases::service::remind_closing(&mut tx, &org, &org.clock()).await?;
        crate::loans::service::remind_instalments(&mut tx, &org, &org.today()).await?;
        crate::protection::service::remind_dues(&mut tx, &org, &org.today()).await?;
        tx.commit().await?;
    }
    Ok(())
}

//! The SQL of the books.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub name_key: String,
    pub name: String,
    pub member_id: Option<i64>,
}

pub async fn accounts(tx: &mut Tx, org_id: i64) -> DbResult<Vec<AccountRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, AccountRow>(
        "SELECT id, code, kind, parent_id, name_key, name, member_id FROM accounts WHERE org_id = $1 ORDER BY code",
    ).bind(org_id).fetch_all(c).await?))
}

/// The member number behind each member's sub-accounts, for the journal's names.
pub async fn member_numbers(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, String)>(
        "SELECT m.id, m.member_number FROM memberships m WHERE m.org_id = $1 AND m.id IN (SELECT a.member_id FROM accounts a WHERE a.org_id = $1)",
    ).bind(org_id).fetch_all(c).await?))
}

pub async fn account_by_code(tx: &mut Tx, org_id: i64, code: &str) -> DbResult<Option<AccountRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, AccountRow>(
        "SELECT id, code, kind, parent_id, name_key, name, member_id FROM accounts WHERE org_id = $1 AND code = $2",
    ).bind(org_id).bind(code.to_string()).fetch_optional(c).await?))
}

pub async fn account_by_id(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<AccountRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, AccountRow>(
        "SELECT id, code, kind, parent_id, name_key, name, member_id FROM accounts WHERE id = $2 AND org_id = $1",
    ).bind(org_id).bind(id).fetch_optional(c).await?))
}

pub async fn member_accounts(tx: &mut Tx, org_id: i64, member_id: i64) -> DbResult<Vec<AccountRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, AccountRow>(
        "SELECT id, code, kind, parent_id, name_key, name, member_id FROM accounts WHERE org_id = $1 AND member_id = $2 ORDER BY code",
    ).bind(org_id).bind(member_id).fetch_all(c).await?))
}

/// Her sub-accounts' balances (debit minus credit) by their control account's code, in
/// one query: what her home page opens on.
pub async fn member_position(tx: &mut Tx, org_id: i64, member_id: i64) -> DbResult<Vec<(String, String, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (String, String, i64)>(
        "SELECT p.code, a.kind, COALESCE(b.balance, 0) FROM accounts a \
         JOIN accounts p ON p.org_id = a.org_id AND p.id = a.parent_id \
         LEFT JOIN account_balances b ON b.org_id = a.org_id AND b.account_id = a.id \
         WHERE a.org_id = $1 AND a.member_id = $2 ORDER BY p.code",
    ).bind(org_id).bind(member_id).fetch_all(c).await?))
}

/// The member sub-accounts under one control account: (membership, account id).
pub async fn sub_accounts(tx: &mut Tx, org_id: i64, parent_id: i64) -> DbResult<Vec<(i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64)>(
        "SELECT member_id, id FROM accounts WHERE org_id = $1 AND parent_id = $2 AND member_id IS NOT NULL",
    ).bind(org_id).bind(parent_id).fetch_all(c).await?))
}

/// Opens many member sub-accounts under one parent: (code, name, membership) each.
pub async fn insert_sub_accounts(
    tx: &mut Tx,
    org_id: i64,
    kind: &str,
    parent_id: i64,
    rows: &[(String, String, i64)],
) -> DbResult<()> {
    let at = now();
    for chunk in rows.chunks(1_000) {
        on_conn!(tx, c => {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO accounts (org_id, code, kind, parent_id, name_key, name, member_id, created_at) ");
            q.push_values(chunk, |mut b, (code, name, member)| {
                b.push_bind(org_id).push_bind(code.clone()).push_bind(kind.to_string()).push_bind(parent_id)
                    .push_bind(String::new()).push_bind(name.clone()).push_bind(*member).push_bind(at);
            });
            q.build().execute(c).await?.rows_affected()
        });
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_account(
    tx: &mut Tx,
    org_id: i64,
    code: &str,
    kind: &str,
    parent_id: Option<i64>,
    name_key: &str,
    name: &str,
    member_id: Option<i64>,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO accounts (org_id, code, kind, parent_id, name_key, name, member_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(org_id).bind(code.to_string()).bind(kind.to_string()).bind(parent_id).bind(name_key.to_string())
    .bind(name.to_string()).bind(member_id).bind(now())
    .fetch_one(c).await?))
}

/// Serialises posting in one organisation: the next sequence number must be ours alone.
/// SQLite writers already hold the database's write lock (BEGIN IMMEDIATE).
pub async fn lock_books(tx: &mut Tx, org_id: i64) -> DbResult<()> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT id FROM orgs WHERE id = $1 FOR UPDATE")
            .bind(org_id)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

pub struct EntryInsert<'a> {
    pub org_id: i64,
    pub seq: i64,
    pub date: &'a str,
    pub description: &'a str,
    pub currency: &'a str,
    pub source: &'a str,
    pub source_id: Option<i64>,
    pub reverses_id: Option<i64>,
    pub created_by: Option<i64>,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

pub async fn insert_entry(tx: &mut Tx, e: &EntryInsert<'_>) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO journal_entries (org_id, seq, entry_date, description, currency, source, source_id, reverses_id, created_by, created_at, prev_hash, hash, offline_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(e.org_id).bind(e.seq).bind(e.date.to_string()).bind(e.description.to_string()).bind(e.currency.to_string())
    .bind(e.source.to_string()).bind(e.source_id).bind(e.reverses_id).bind(e.created_by).bind(now())
    .bind(e.prev_hash.to_string()).bind(e.hash.to_string()).bind(crate::web::offline_at())
    .fetch_one(c).await?))
}

/// An entry's postings, four rows a statement, each with the entry's date. Triggers keep
/// `account_balances`, `account_months` and `account_days` in step (migrations 8 to 10, 20).
pub async fn insert_postings(
    tx: &mut Tx,
    org_id: i64,
    entry_id: i64,
    date: &str,
    postings: &[(i64, i64)],
) -> DbResult<()> {
    // A big entry (a collection day, a surplus shared to every member) goes in a thousand
    // rows a statement; small ones keep their few prepared statements.
    if postings.len() > 8 {
        for chunk in postings.chunks(1_000) {
            on_conn!(tx, c => {
                let mut q = sqlx::QueryBuilder::new("INSERT INTO postings (org_id, entry_id, entry_date, account_id, amount) ");
                q.push_values(chunk, |mut b, (account_id, amount)| {
                    b.push_bind(org_id).push_bind(entry_id).push_bind(date.to_string()).push_bind(*account_id).push_bind(*amount);
                });
                q.build().execute(c).await?.rows_affected()
            });
        }
        return Ok(());
    }
    for chunk in postings.chunks(4) {
        let sql = match chunk.len() {
            1 => "INSERT INTO postings (org_id, entry_id, entry_date, account_id, amount) VALUES ($1, $2, $3, $4, $5)",
            2 => {
                "INSERT INTO postings (org_id, entry_id, entry_date, account_id, amount) VALUES ($1, $2, $3, $4, $5), ($1, $2, $3, $6, $7)"
            }
            3 => {
                "INSERT INTO postings (org_id, entry_id, entry_date, account_id, amount) VALUES ($1, $2, $3, $4, $5), ($1, $2, $3, $6, $7), ($1, $2, $3, $8, $9)"
            }
            _ => {
                "INSERT INTO postings (org_id, entry_id, entry_date, account_id, amount) VALUES ($1, $2, $3, $4, $5), ($1, $2, $3, $6, $7), ($1, $2, $3, $8, $9), ($1, $2, $3, $10, $11)"
            }
        };
        on_conn!(tx, c => {
            let mut q = sqlx::query(sql).bind(org_id).bind(entry_id).bind(date.to_string());
            for (account_id, amount) in chunk {
                q = q.bind(*account_id).bind(*amount);
            }
            q.execute(c).await?.rows_affected()
        });
    }
    Ok(())
}

pub async fn closed_through(tx: &mut Tx, org_id: i64) -> DbResult<Option<String>> {
    Ok(
        on_conn!(tx, c => sqlx::query_scalar::<_, String>("SELECT closed_through FROM ledger_periods WHERE org_id = $1")
        .bind(org_id).fetch_optional(c).await?),
    )
}

pub async fn set_closed_through(tx: &mut Tx, org_id: i64, date: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO ledger_periods (org_id, closed_through) VALUES ($1, $2) ON CONFLICT (org_id) DO UPDATE SET closed_through = excluded.closed_through",
    ).bind(org_id).bind(date.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

/// Debits minus credits per account, for entries dated from `from` through `through`.
/// From the beginning, the running balances answer, less whatever is dated after
/// `through` (little, for a recent date).
pub async fn balances(tx: &mut Tx, org_id: i64, from: &str, through: &str) -> DbResult<Vec<(i64, i64)>> {
    if from <= "0000-12-31" {
        let running: Vec<(i64, i64)> = on_conn!(tx, c => sqlx::query_as::<_, (i64, i64)>(
            "SELECT account_id, balance FROM account_balances WHERE org_id = $1",
        ).bind(org_id).fetch_all(c).await?);
        let later: Vec<(i64, i64)> = on_conn!(tx, c => sqlx::query_as::<_, (i64, i64)>(
            "SELECT p.account_id, CAST(SUM(p.amount) AS BIGINT) FROM journal_entries e JOIN postings p ON p.entry_id = e.id \
             WHERE e.org_id = $1 AND e.entry_date > $2 GROUP BY p.account_id",
        ).bind(org_id).bind(through.to_string()).fetch_all(c).await?);
        let later: std::collections::HashMap<i64, i64> = later.into_iter().collect();
        return Ok(running
            .into_iter()
            .map(|(a, b)| (a, b - later.get(&a).copied().unwrap_or(0)))
            .collect());
    }
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64)>(
        "SELECT p.account_id, CAST(SUM(p.amount) AS BIGINT) FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE p.org_id = $1 AND e.entry_date >= $2 AND e.entry_date <= $3 GROUP BY p.account_id",
    ).bind(org_id).bind(from.to_string()).bind(through.to_string()).fetch_all(c).await?))
}

/// Debits minus credits per main account (a member's sub-accounts summed into their
/// control account) for entries dated from `from` through `through`, from the daily
/// totals: a few rows per account and day, however many entries there are.
pub async fn main_balances(tx: &mut Tx, org_id: i64, from: &str, through: &str) -> DbResult<Vec<(i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64)>(
        "SELECT account_id, CAST(SUM(amount) AS BIGINT) FROM account_days WHERE org_id = $1 AND day >= $2 AND day <= $3 GROUP BY account_id",
    ).bind(org_id).bind(from.to_string()).bind(through.to_string()).fetch_all(c).await?))
}

/// The standard chart and any account opened beside it, without members' sub-accounts.
pub async fn main_accounts(tx: &mut Tx, org_id: i64) -> DbResult<Vec<AccountRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, AccountRow>(
        "SELECT id, code, kind, parent_id, name_key, name, member_id FROM accounts WHERE org_id = $1 AND member_id IS NULL ORDER BY code",
    ).bind(org_id).fetch_all(c).await?))
}

/// The first main account whose daily totals differ from the sum of its postings and
/// its members' sub-accounts' postings.
pub async fn days_mismatch(tx: &mut Tx, org_id: i64) -> DbResult<Option<String>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, String>(
        "SELECT code FROM (SELECT a.code, \
           COALESCE((SELECT CAST(SUM(d.amount) AS BIGINT) FROM account_days d WHERE d.org_id = a.org_id AND d.account_id = a.id), 0) AS days, \
           COALESCE((SELECT CAST(SUM(p.amount) AS BIGINT) FROM postings p JOIN accounts s ON s.id = p.account_id \
                     WHERE p.org_id = a.org_id AND (s.id = a.id OR (s.parent_id = a.id AND s.member_id IS NOT NULL))), 0) AS posted \
         FROM accounts a WHERE a.org_id = $1 AND a.member_id IS NULL) t \
         WHERE days <> posted ORDER BY code LIMIT 1",
    ).bind(org_id).fetch_optional(c).await?))
}

/// Debits minus credits of one account, all dates.
pub async fn account_balance(tx: &mut Tx, org_id: i64, account_id: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM postings WHERE org_id = $1 AND account_id = $2",
    ).bind(org_id).bind(account_id).fetch_one(c).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub seq: i64,
    pub entry_date: String,
    pub description: String,
    pub currency: String,
    pub source: String,
    pub source_id: Option<i64>,
    pub reverses_id: Option<i64>,
    pub prev_hash: String,
    pub hash: String,
    /// When it waited in a phone's offline outbox (ms since 1970), if it did.
    #[sqlx(default)]
    pub offline_at: Option<i64>,
}

pub async fn entries(tx: &mut Tx, org_id: i64, limit: i64, offset: i64) -> DbResult<Vec<EntryRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, EntryRow>(
        "SELECT id, seq, entry_date, description, currency, source, source_id, reverses_id, prev_hash, hash, offline_at FROM journal_entries WHERE org_id = $1 ORDER BY seq DESC LIMIT $2 OFFSET $3",
    ).bind(org_id).bind(limit).bind(offset).fetch_all(c).await?))
}

pub async fn entries_in_order(tx: &mut Tx, org_id: i64) -> DbResult<Vec<EntryRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, EntryRow>(
        "SELECT id, seq, entry_date, description, currency, source, source_id, reverses_id, prev_hash, hash FROM journal_entries WHERE org_id = $1 ORDER BY seq",
    ).bind(org_id).fetch_all(c).await?))
}

/// One posting of the journal, as the export reads it in the order entries were posted.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JournalPosting {
    pub seq: i64,
    pub entry_date: String,
    pub description: String,
    pub account_id: i64,
    pub amount: i64,
}

/// Every posting of the books in order (entry by entry, postings as stored), handed to
/// `each` one at a time as the database streams them: the books are never in memory whole.
pub async fn each_posting_in_order(
    tx: &mut Tx,
    org_id: i64,
    each: &mut (dyn FnMut(JournalPosting) -> std::io::Result<()> + Send),
) -> DbResult<()> {
    use futures_util::TryStreamExt;
    const SQL: &str = "SELECT e.seq, e.entry_date, e.description, p.account_id, p.amount \
        FROM journal_entries e JOIN postings p ON p.entry_id = e.id AND p.org_id = e.org_id \
        WHERE e.org_id = $1 ORDER BY e.seq, p.id";
    on_conn!(tx, c => {
        let mut rows = sqlx::query_as::<_, JournalPosting>(SQL).bind(org_id).fetch(c);
        while let Some(row) = rows.try_next().await? {
            each(row).map_err(|e| crate::db::DbError::Config(e.to_string()))?;
        }
    });
    Ok(())
}

/// The earliest date in the books.
pub async fn first_entry_date(tx: &mut Tx, org_id: i64) -> DbResult<Option<String>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, Option<String>>(
        "SELECT MIN(entry_date) FROM journal_entries WHERE org_id = $1",
    ).bind(org_id).fetch_one(c).await?))
}

pub async fn count_entries(tx: &mut Tx, org_id: i64) -> DbResult<i64> {
    Ok(
        // Entries are never deleted and numbered from 1: the last number is the count.
        on_conn!(tx, c => sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(seq), 0) FROM journal_entries WHERE org_id = $1")
        .bind(org_id).fetch_one(c).await?),
    )
}

pub async fn entry(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<EntryRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, EntryRow>(
        "SELECT id, seq, entry_date, description, currency, source, source_id, reverses_id, prev_hash, hash, offline_at FROM journal_entries WHERE org_id = $1 AND id = $2",
    ).bind(org_id).bind(id).fetch_optional(c).await?))
}

pub async fn reversal_of(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<i64>> {
    Ok(
        on_conn!(tx, c => sqlx::query_scalar::<_, i64>("SELECT id FROM journal_entries WHERE org_id = $1 AND reverses_id = $2")
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

/// An entry's postings with their accounts' codes, in the order stored.
pub async fn postings_of(tx: &mut Tx, org_id: i64, entry_id: i64) -> DbResult<Vec<(i64, String, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, String, i64)>(
        "SELECT p.account_id, a.code, p.amount FROM postings p JOIN accounts a ON a.id = p.account_id WHERE p.org_id = $1 AND p.entry_id = $2 ORDER BY p.id",
    ).bind(org_id).bind(entry_id).fetch_all(c).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LedgerLine {
    pub entry_id: i64,
    pub entry_date: String,
    pub description: String,
    pub amount: i64,
    /// Who entered it (person id and name), where the query reads it.
    #[sqlx(default)]
    pub entered_by_id: Option<i64>,
    #[sqlx(default)]
    pub entered_by: Option<String>,
}

/// Every posting to one account, oldest first.
pub async fn account_lines(tx: &mut Tx, org_id: i64, account_id: i64) -> DbResult<Vec<LedgerLine>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, LedgerLine>(
        "SELECT e.id AS entry_id, e.entry_date, e.description, p.amount, e.created_by AS entered_by_id, w.name AS entered_by FROM postings p JOIN journal_entries e ON e.id = p.entry_id LEFT JOIN people w ON w.id = e.created_by WHERE p.org_id = $1 AND p.account_id = $2 ORDER BY p.entry_date, p.entry_id, p.id",
    ).bind(org_id).bind(account_id).fetch_all(c).await?))
}

/// The newest `n` postings to one account, oldest of them first, and how many there are in all.
pub async fn account_recent_lines(
    tx: &mut Tx,
    org_id: i64,
    account_id: i64,
    n: i64,
) -> DbResult<(Vec<LedgerLine>, i64)> {
    let mut lines = on_conn!(tx, c => sqlx::query_as::<_, LedgerLine>(
        "SELECT e.id AS entry_id, e.entry_date, e.description, p.amount, e.created_by AS entered_by_id, w.name AS entered_by FROM postings p JOIN journal_entries e ON e.id = p.entry_id LEFT JOIN people w ON w.id = e.created_by WHERE p.org_id = $1 AND p.account_id = $2 ORDER BY p.entry_date DESC, p.entry_id DESC, p.id DESC LIMIT $3",
    ).bind(org_id).bind(account_id).bind(n).fetch_all(c).await?);
    lines.reverse();
    let total = on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM postings WHERE org_id = $1 AND account_id = $2",
    ).bind(org_id).bind(account_id).fetch_one(c).await?);
    Ok((lines, total))
}

/// Debits minus credits of one account from its running balance (no scan of postings).
pub async fn running_balance(tx: &mut Tx, org_id: i64, account_id: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COALESCE((SELECT balance FROM account_balances WHERE org_id = $1 AND account_id = $2), 0)",
    ).bind(org_id).bind(account_id).fetch_one(c).await?))
}

pub async fn count_standard_accounts(tx: &mut Tx, org_id: i64) -> DbResult<i64> {
    Ok(
        on_conn!(tx, c => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM accounts WHERE org_id = $1 AND member_id IS NULL")
        .bind(org_id).fetch_one(c).await?),
    )
}

/// Per account, the sum of its debits (or of its credits, as a positive number) between
/// two dates.
pub async fn gross(tx: &mut Tx, org_id: i64, from: &str, through: &str, debits: bool) -> DbResult<Vec<(i64, i64)>> {
    let sign: i64 = if debits { 1 } else { -1 };
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64)>(
        "SELECT p.account_id, CAST(SUM(CASE WHEN p.amount * $4 > 0 THEN p.amount * $4 ELSE 0 END) AS BIGINT) FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE p.org_id = $1 AND e.entry_date >= $2 AND e.entry_date <= $3 GROUP BY p.account_id",
    ).bind(org_id).bind(from.to_string()).bind(through.to_string()).bind(sign).fetch_all(c).await?))
}

/// Per month ("2026-03") and kind of account, debits minus credits from a date on; the
/// year-end closing entries are left out so income and expenses show as they happened.
pub async fn monthly_by_kind(tx: &mut Tx, org_id: i64, from: &str) -> DbResult<Vec<(String, String, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (String, String, i64)>(
        // Income and expense accounts only, found first: members' sub-accounts (thousands,
        // under balance-sheet accounts) are never read.
        "SELECT m.month, a.kind, CAST(SUM(m.amount) AS BIGINT) FROM account_months m JOIN accounts a ON a.id = m.account_id \
         WHERE m.org_id = $1 AND m.account_id IN (SELECT id FROM accounts WHERE org_id = $1 AND kind IN ('income', 'expense')) \
         AND m.month >= substr($2, 1, 7) AND NOT m.closing GROUP BY m.month, a.kind ORDER BY 1",
    ).bind(org_id).bind(from.to_string()).fetch_all(c).await?))
}

/// Per month, what moved in the tills (cash, bank, mobile money).
pub async fn monthly_cash(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(String, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (String, i64)>(
        "SELECT month, CAST(SUM(amount) AS BIGINT) FROM account_months \
         WHERE org_id = $1 AND account_id IN (SELECT id FROM accounts WHERE org_id = $1 AND code IN ('1100', '1110', '1120')) GROUP BY month ORDER BY 1",
    ).bind(org_id).fetch_all(c).await?))
}

/// What posting needs to know first, in one round trip: how many standard accounts are
/// open, the date the books are closed through, and the last entry's number and hash.
pub struct PostingContext {
    pub standard_accounts: i64,
    pub closed_through: Option<String>,
    pub last: Option<(i64, String)>,
}

pub async fn posting_context(tx: &mut Tx, org_id: i64) -> DbResult<PostingContext> {
    let (standard_accounts, closed_through, seq, hash) = on_conn!(tx, c => sqlx::query_as::<_, (i64, Option<String>, Option<i64>, Option<String>)>(
        "SELECT (SELECT COUNT(*) FROM accounts WHERE org_id = $1 AND member_id IS NULL), \
                (SELECT closed_through FROM ledger_periods WHERE org_id = $1), \
                (SELECT seq FROM journal_entries WHERE org_id = $1 ORDER BY seq DESC LIMIT 1), \
                (SELECT hash FROM journal_entries WHERE org_id = $1 ORDER BY seq DESC LIMIT 1)",
    ).bind(org_id).fetch_one(c).await?);
    Ok(PostingContext {
        standard_accounts,
        closed_through,
        last: seq.zip(hash),
    })
}

/// Accounts looked up eight at a time: the statement has eight slots, unused ones get an id
/// no account has.
const SLOTS: usize = 8;

/// For each of these account ids that is the organisation's: its id, code, and whether it
/// has children. (`+a.org_id` keeps SQLite on the primary key, not the organisation's
/// twenty thousand accounts.)
pub async fn accounts_for_posting(tx: &mut Tx, org_id: i64, ids: &[i64]) -> DbResult<Vec<(i64, String, bool)>> {
    let mut out = vec![];
    if ids.len() > SLOTS {
        for chunk in ids.chunks(1_000) {
            let rows = on_conn!(tx, c => {
                let mut q = sqlx::QueryBuilder::new(
                    "SELECT a.id, a.code, EXISTS (SELECT 1 FROM accounts c WHERE c.parent_id = a.id) FROM accounts a WHERE +a.org_id = ",
                );
                q.push_bind(org_id).push(" AND a.id IN (");
                let mut list = q.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                q.push(")");
                q.build_query_as::<(i64, String, bool)>().fetch_all(c).await?
            });
            out.extend(rows);
        }
        return Ok(out);
    }
    for chunk in ids.chunks(SLOTS) {
        let slot = |i: usize| chunk.get(i).copied().unwrap_or(-1);
        let rows = on_conn!(tx, c => sqlx::query_as::<_, (i64, String, bool)>(
            "SELECT a.id, a.code, EXISTS (SELECT 1 FROM accounts c WHERE c.parent_id = a.id) FROM accounts a \
             WHERE a.id IN ($2, $3, $4, $5, $6, $7, $8, $9) AND +a.org_id = $1",
        ).bind(org_id).bind(slot(0)).bind(slot(1)).bind(slot(2)).bind(slot(3)).bind(slot(4)).bind(slot(5)).bind(slot(6)).bind(slot(7)).fetch_all(c).await?);
        out.extend(rows);
    }
    Ok(out)
}

/// The organisation's accounts with these codes, eight at a time.
pub async fn accounts_by_codes(tx: &mut Tx, org_id: i64, codes: &[&str]) -> DbResult<Vec<AccountRow>> {
    let mut out = vec![];
    for chunk in codes.chunks(SLOTS) {
        let slot = |i: usize| chunk.get(i).map_or(String::new(), |s| s.to_string());
        let rows = on_conn!(tx, c => sqlx::query_as::<_, AccountRow>(
            "SELECT id, code, kind, parent_id, name_key, name, member_id FROM accounts \
             WHERE org_id = $1 AND code IN ($2, $3, $4, $5, $6, $7, $8, $9)",
        ).bind(org_id).bind(slot(0)).bind(slot(1)).bind(slot(2)).bind(slot(3)).bind(slot(4)).bind(slot(5)).bind(slot(6)).bind(slot(7)).fetch_all(c).await?);
        out.extend(rows);
    }
    Ok(out)
}

/// The first account whose running balance differs from the sum of its postings.
/// The first entry with a posting whose copy of the date differs from the entry's.
pub async fn misdated_posting(tx: &mut Tx, org_id: i64) -> DbResult<Option<i64>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT MIN(e.seq) FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE p.org_id = $1 AND p.entry_date <> e.entry_date HAVING COUNT(*) > 0",
    ).bind(org_id).fetch_optional(c).await?))
}

pub async fn balance_mismatch(tx: &mut Tx, org_id: i64) -> DbResult<Option<String>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, String>(
        "SELECT code FROM (SELECT a.code, COALESCE(b.balance, 0) AS running, \
           COALESCE((SELECT CAST(SUM(m.amount) AS BIGINT) FROM account_months m WHERE m.org_id = a.org_id AND m.account_id = a.id), 0) AS months, \
           COALESCE((SELECT CAST(SUM(p.amount) AS BIGINT) FROM postings p WHERE p.org_id = a.org_id AND p.account_id = a.id), 0) AS posted \
         FROM accounts a LEFT JOIN account_balances b ON b.org_id = a.org_id AND b.account_id = a.id WHERE a.org_id = $1) t \
         WHERE running <> posted OR months <> posted ORDER BY code LIMIT 1",
    ).bind(org_id).fetch_optional(c).await?))
}

//! Use cases of the books: open them, post, reverse, report, verify.

use std::collections::HashMap;

use super::model::{
    self, AccountKind, CHART, EntryError, GENESIS, HashedContent, NewEntry, Posting, Till, entry_hash, member_code,
};
use super::store::{self, AccountRow, EntryInsert};
use crate::db::{DbResult, Tx};
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

/// Opens the standard chart of accounts of an organisation; does nothing when it is open.
/// Accounts added to the chart later are opened in books that exist already.
pub async fn open_books(tx: &mut Tx, org_id: i64) -> DbResult<()> {
    if store::count_standard_accounts(tx, org_id).await? >= CHART.len() as i64 {
        return Ok(());
    }
    for a in CHART {
        if store::account_by_code(tx, org_id, a.code).await?.is_some() {
            continue;
        }
        let parent_id = match a.parent {
            Some(p) => store::account_by_code(tx, org_id, p).await?.map(|r| r.id),
            None => None,
        };
        store::insert_account(tx, org_id, a.code, a.kind.as_str(), parent_id, a.name_key, "", None).await?;
    }
    Ok(())
}

/// These accounts and their parents: enough to name them (`pages::account_name`) without
/// loading a chart that holds every member's sub-accounts.
pub async fn accounts_to_name(tx: &mut Tx, org_id: i64, ids: &[i64]) -> DbResult<Vec<AccountRow>> {
    let mut out: Vec<AccountRow> = vec![];
    for id in ids {
        if out.iter().any(|a| a.id == *id) {
            continue;
        }
        if let Some(a) = store::account_by_id(tx, org_id, *id).await? {
            if let Some(p) = a.parent_id
                && !out.iter().any(|x| x.id == p)
                && let Some(parent) = store::account_by_id(tx, org_id, p).await?
            {
                out.push(parent);
            }
            out.push(a);
        }
    }
    Ok(out)
}

/// The account with a code of the standard chart.
pub async fn account(tx: &mut Tx, org: &Org, code: &str) -> AppResult<AccountRow> {
    open_books(tx, org.id).await?;
    store::account_by_code(tx, org.id, code)
        .await?
        .ok_or(AppError::NotFound)
}

/// A member's sub-account under a control account, opened on first use.
pub async fn member_account(
    tx: &mut Tx,
    org: &Org,
    control: &str,
    membership_id: i64,
    name: &str,
) -> AppResult<AccountRow> {
    let code = member_code(control, membership_id);
    if let Some(a) = store::account_by_code(tx, org.id, &code).await? {
        return Ok(a);
    }
    let parent = account(tx, org, control).await?;
    if !CHART.iter().any(|a| a.code == control && a.per_member) {
        return Err(AppError::Internal(format!("{control} has no member sub-accounts")));
    }
    store::insert_account(
        tx,
        org.id,
        &code,
        &parent.kind,
        Some(parent.id),
        "",
        name,
        Some(membership_id),
    )
    .await?;
    store::account_by_code(tx, org.id, &code)
        .await?
        .ok_or(AppError::NotFound)
}

/// Many members' sub-accounts under one control account, each opened if she has none:
/// membership → account id. For entries that touch hundreds of members at once.
pub async fn member_accounts(
    tx: &mut Tx,
    org: &Org,
    control: &str,
    members: &[(i64, &str)],
) -> AppResult<HashMap<i64, i64>> {
    if !CHART.iter().any(|a| a.code == control && a.per_member) {
        return Err(AppError::Internal(format!("{control} has no member sub-accounts")));
    }
    let parent = account(tx, org, control).await?;
    let mut found: HashMap<i64, i64> = store::sub_accounts(tx, org.id, parent.id).await?.into_iter().collect();
    let mut seen = std::collections::HashSet::new();
    let missing: Vec<(String, String, i64)> = members
        .iter()
        .filter(|(m, _)| !found.contains_key(m) && seen.insert(*m))
        .map(|(m, name)| (member_code(control, *m), name.to_string(), *m))
        .collect();
    if !missing.is_empty() {
        store::insert_sub_accounts(tx, org.id, &parent.kind, parent.id, &missing).await?;
        found = store::sub_accounts(tx, org.id, parent.id).await?.into_iter().collect();
    }
    Ok(found)
}

fn refused(e: EntryError) -> AppError {
    AppError::Invalid(vec![FieldError::new("entry", e.message())])
}

/// Posts one balanced entry in the caller's transaction, chained to the previous one.
/// The only way into the books.
pub async fn post(tx: &mut Tx, org: &Org, entry: &NewEntry, by: Option<i64>) -> AppResult<i64> {
    Ok(post_returning(tx, org, entry, by).await?.id)
}

/// What posting an entry made of it.
#[derive(Debug, Clone)]
pub struct Posted {
    pub id: i64,
    pub seq: i64,
    pub hash: String,
}

/// `post`, answering with the entry's number in the chain and its hash too.
pub async fn post_returning(tx: &mut Tx, org: &Org, entry: &NewEntry, by: Option<i64>) -> AppResult<Posted> {
    // Few round trips: this is the hottest write there is.
    store::lock_books(tx, org.id).await?;
    let context = store::posting_context(tx, org.id).await?;
    if context.standard_accounts < CHART.len() as i64 {
        open_books(tx, org.id).await?;
    }
    model::check(entry, context.closed_through.as_deref(), &org.today()).map_err(refused)?;
    let mut ids: Vec<i64> = entry.postings.iter().map(|p| p.account_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let found: HashMap<i64, (String, bool)> = store::accounts_for_posting(tx, org.id, &ids)
        .await?
        .into_iter()
        .map(|(id, code, has_children)| (id, (code, has_children)))
        .collect();
    let mut coded = vec![];
    for p in &entry.postings {
        // Only this organisation's accounts; group accounts (with children) only sum what
        // is below them.
        let Some((code, has_children)) = found.get(&p.account_id) else {
            return Err(refused(EntryError::UnknownAccount));
        };
        if *has_children {
            return Err(refused(EntryError::GroupAccount));
        }
        coded.push((code.clone(), p.amount));
    }
    // Cash and mobile money are counted in a hand or on a phone: a till holds no less
    // than nothing, so a payment beyond what it holds is refused (a bank may lend).
    for till in [Till::Cash, Till::MobileMoney] {
        let (mut account, mut net) = (None, 0i64);
        for p in entry
            .postings
            .iter()
            .filter(|p| found.get(&p.account_id).is_some_and(|(c, _)| c == till.code()))
        {
            account = Some(p.account_id);
            net = net.saturating_add(p.amount);
        }
        if let Some(id) = account
            && net < 0
            && store::running_balance(tx, org.id, id)
                .await?
                .checked_add(net)
                .is_none_or(|after| after < 0)
        {
            return Err(AppError::Invalid(vec![FieldError::new("till", till.short())]));
        }
    }
    let (seq, prev_hash) = match context.last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let description = entry.description.trim();
    let hash = entry_hash(&HashedContent {
        org_id: org.id,
        seq,
        date: &entry.date,
        description,
        currency: org.currency.code(),
        source: entry.source,
        source_id: entry.source_id,
        reverses_id: entry.reverses_id,
        postings: coded,
        prev_hash: &prev_hash,
    });
    let id = store::insert_entry(
        tx,
        &EntryInsert {
            org_id: org.id,
            seq,
            date: &entry.date,
            description,
            currency: org.currency.code(),
            source: entry.source,
            source_id: entry.source_id,
            reverses_id: entry.reverses_id,
            created_by: by,
            prev_hash: &prev_hash,
            hash: &hash,
        },
    )
    .await?;
    let rows: Vec<(i64, i64)> = entry.postings.iter().map(|p| (p.account_id, p.amount)).collect();
    store::insert_postings(tx, org.id, id, &entry.date, &rows).await?;
    Ok(Posted { id, seq, hash })
}

/// Undoes an entry with a reversing entry dated `date`; an entry is reversed once.
pub async fn reverse(tx: &mut Tx, org: &Org, entry_id: i64, date: &str, by: Option<i64>) -> AppResult<i64> {
    let e = store::entry(tx, org.id, entry_id).await?.ok_or(AppError::NotFound)?;
    if !model::reversible_here(&e.source) {
        return Err(AppError::Invalid(vec![FieldError::new(
            "entry",
            "entry-reverse-elsewhere",
        )]));
    }
    if e.reverses_id.is_some() || store::reversal_of(tx, org.id, entry_id).await?.is_some() {
        return Err(AppError::Invalid(vec![FieldError::new(
            "entry",
            "entry-already-reversed",
        )]));
    }
    let postings: Vec<Posting> = store::postings_of(tx, org.id, entry_id)
        .await?
        .into_iter()
        .map(|(account_id, _, amount)| Posting { account_id, amount })
        .collect();
    let entry = NewEntry {
        date: date.to_string(),
        description: format!("↺ {}", e.description),
        source: "reversal",
        source_id: Some(entry_id),
        reverses_id: Some(entry_id),
        planned: false,
        postings: model::reversal(&postings),
    };
    post(tx, org, &entry, by).await
}

/// One line of a trial balance.
#[derive(Debug, Clone)]
pub struct BalanceLine {
    pub account: AccountRow,
    pub kind: AccountKind,
    /// Debits minus credits, this account and every account below it.
    pub balance: i64,
    /// How deep in the tree (0 for the five groups).
    pub depth: usize,
}

/// Every main account with its balance through a date: members' sub-accounts summed into
/// their control accounts, accounts into their parents.
pub async fn trial_balance(tx: &mut Tx, org: &Org, through: &str) -> AppResult<Vec<BalanceLine>> {
    balances_between(tx, org, "0000-01-01", through).await
}

/// Every main account with what moved on it between two dates, sub-accounts summed in.
pub async fn balances_between(tx: &mut Tx, org: &Org, from: &str, through: &str) -> AppResult<Vec<BalanceLine>> {
    open_books(tx, org.id).await?;
    let accounts = store::main_accounts(tx, org.id).await?;
    let own = store::main_balances(tx, org.id, from, through).await?;
    Ok(roll_up(accounts, own.into_iter().collect()))
}

/// Every account, each member's sub-account on its own line, with its balance through a
/// date: what the API's accounts list shows.
pub async fn detailed_trial_balance(tx: &mut Tx, org: &Org, through: &str) -> AppResult<Vec<BalanceLine>> {
    open_books(tx, org.id).await?;
    let accounts = store::accounts(tx, org.id).await?;
    let own = store::balances(tx, org.id, "0000-01-01", through).await?;
    Ok(roll_up(accounts, own.into_iter().collect()))
}

/// The lines of accounts that have no account below them: summed, they count every amount once.
pub fn leaves(lines: &[BalanceLine]) -> impl Iterator<Item = &BalanceLine> {
    let parents: std::collections::HashSet<i64> = lines.iter().filter_map(|l| l.account.parent_id).collect();
    lines.iter().filter(move |l| !parents.contains(&l.account.id))
}

/// Each account's total: its own amount plus its children's totals, with its depth.
fn roll_up(accounts: Vec<AccountRow>, own: HashMap<i64, i64>) -> Vec<BalanceLine> {
    let index: HashMap<i64, usize> = accounts.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
    let depth_of = |a: &AccountRow| {
        let mut depth = 0;
        let mut p = a.parent_id;
        while let Some(pid) = p {
            depth += 1;
            p = index.get(&pid).and_then(|i| accounts[*i].parent_id);
        }
        depth
    };
    let depths: Vec<usize> = accounts.iter().map(depth_of).collect();
    let mut totals: Vec<i64> = accounts.iter().map(|a| own.get(&a.id).copied().unwrap_or(0)).collect();
    // Children first: each account's total is its own postings plus its children's totals.
    let mut order: Vec<usize> = (0..accounts.len()).collect();
    order.sort_by(|a, b| depths[*b].cmp(&depths[*a]));
    for i in order {
        if let Some(p) = accounts[i].parent_id.and_then(|pid| index.get(&pid).copied()) {
            totals[p] += totals[i];
        }
    }
    accounts
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            let kind = AccountKind::parse(&a.kind).unwrap_or(AccountKind::Asset);
            BalanceLine {
                account: a,
                kind,
                balance: totals[i],
                depth: depths[i],
            }
        })
        .collect()
}

/// The first entry whose stored content no longer matches its hash or its chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tampered {
    pub seq: i64,
    pub reason: &'static str,
}

/// Recomputes an organisation's chain of entries and checks that each one balances.
pub async fn verify(tx: &mut Tx, org: &Org) -> AppResult<Result<i64, Tampered>> {
    let mut prev = GENESIS.to_string();
    let mut count = 0;
    for (i, e) in store::entries_in_order(tx, org.id).await?.into_iter().enumerate() {
        let postings: Vec<(String, i64)> = store::postings_of(tx, org.id, e.id)
            .await?
            .into_iter()
            .map(|(_, code, amount)| (code, amount))
            .collect();
        if e.seq != i as i64 + 1 {
            return Ok(Err(Tampered {
                seq: e.seq,
                reason: "a missing or extra entry",
            }));
        }
        if e.prev_hash != prev {
            return Ok(Err(Tampered {
                seq: e.seq,
                reason: "the link to the previous entry is broken",
            }));
        }
        if postings.iter().map(|(_, a)| a).sum::<i64>() != 0 || postings.len() < 2 {
            return Ok(Err(Tampered {
                seq: e.seq,
                reason: "its postings do not balance",
            }));
        }
        let hash = entry_hash(&HashedContent {
            org_id: org.id,
            seq: e.seq,
            date: &e.entry_date,
            description: &e.description,
            currency: &e.currency,
            source: &e.source,
            source_id: e.source_id,
            reverses_id: e.reverses_id,
            postings,
            prev_hash: &e.prev_hash,
        });
        if hash != e.hash {
            return Ok(Err(Tampered {
                seq: e.seq,
                reason: "its content differs from what was posted",
            }));
        }
        prev = e.hash;
        count += 1;
    }
    if let Some(seq) = store::misdated_posting(tx, org.id).await? {
        return Ok(Err(Tampered {
            seq,
            reason: "a posting's date differs from its entry's",
        }));
    }
    if store::balance_mismatch(tx, org.id).await?.is_some() || store::days_mismatch(tx, org.id).await?.is_some() {
        return Ok(Err(Tampered {
            seq: count,
            reason: "an account's balance differs from the sum of its postings",
        }));
    }
    Ok(Ok(count))
}

/// Closes the books through a date: entries dated on or before it are refused from now on.
/// A period once closed is not reopened.
pub async fn close_period(tx: &mut Tx, org: &Org, through: &str) -> AppResult<()> {
    if !model::valid_date(through) {
        return Err(AppError::Invalid(vec![FieldError::new("through", "entry-bad-date")]));
    }
    if store::closed_through(tx, org.id)
        .await?
        .is_some_and(|c| c.as_str() >= through)
    {
        return Err(AppError::Invalid(vec![FieldError::new(
            "through",
            "period-already-closed",
        )]));
    }
    store::set_closed_through(tx, org.id, through).await?;
    Ok(())
}

/// The date through which the books are closed, if any.
pub async fn closed_through(tx: &mut Tx, org: &Org) -> AppResult<Option<String>> {
    Ok(store::closed_through(tx, org.id).await?)
}

/// What a member has in her sub-account under `control`, in its normal direction
/// (zero when she has none yet).
pub async fn member_balance(tx: &mut Tx, org: &Org, control: &str, membership_id: i64) -> AppResult<i64> {
    match store::account_by_code(tx, org.id, &member_code(control, membership_id)).await? {
        Some(a) => {
            let kind = AccountKind::parse(&a.kind).unwrap_or(AccountKind::Asset);
            Ok(model::normal_balance(
                kind,
                store::account_balance(tx, org.id, a.id).await?,
            ))
        }
        None => Ok(0),
    }
}

/// What she has under each control account (by its code), in its normal direction: her
/// savings, shares, what she owes and what is owed to her. Accounts she has none of are
/// absent, which reads as zero.
pub async fn member_position(tx: &mut Tx, org: &Org, membership_id: i64) -> AppResult<HashMap<String, i64>> {
    Ok(store::member_position(tx, org.id, membership_id)
        .await?
        .into_iter()
        .map(|(code, kind, balance)| {
            let kind = AccountKind::parse(&kind).unwrap_or(AccountKind::Asset);
            (code, model::normal_balance(kind, balance))
        })
        .collect())
}

/// The whole journal of an organisation in a plain-text accounting format.
pub async fn export(
    tx: &mut Tx,
    org: &Org,
    format: super::export::Format,
    out: &mut (dyn std::io::Write + Send),
) -> AppResult<()> {
    use super::export::{Journal, JournalEntry};
    open_books(tx, org.id).await?;
    let accounts = store::accounts(tx, org.id).await?;
    let members = member_labels(tx, org).await?;
    let journal = Journal::new(format, org.currency, &accounts, &members);
    let first = store::first_entry_date(tx, org.id).await?;
    out.write_all(journal.header(first.as_deref()).as_bytes())
        .map_err(|e| AppError::Internal(e.to_string()))?;
    // One entry's postings gather until the next entry begins; the text goes out in
    // chunks of about a megabyte.
    let mut current: Option<store::JournalPosting> = None;
    let mut postings: Vec<(i64, i64)> = vec![];
    let mut text = String::with_capacity(1 << 20);
    let mut flush = |text: &mut String, e: &store::JournalPosting, postings: &[(i64, i64)], last: bool| {
        let head = JournalEntry {
            seq: e.seq,
            date: &e.entry_date,
            description: &e.description,
        };
        journal.entry(text, &head, postings);
        if last || text.len() >= 1 << 20 {
            out.write_all(text.as_bytes())?;
            text.clear();
        }
        Ok::<(), std::io::Error>(())
    };
    store::each_posting_in_order(tx, org.id, &mut |p| {
        if current.as_ref().is_some_and(|c| c.seq != p.seq)
            && let Some(done) = current.take()
        {
            flush(&mut text, &done, &postings, false)?;
            postings.clear();
        }
        postings.push((p.account_id, p.amount));
        if current.is_none() {
            current = Some(p);
        }
        Ok(())
    })
    .await?;
    if let Some(done) = current.take() {
        flush(&mut text, &done, &postings, true).map_err(|e| AppError::Internal(e.to_string()))?;
    }
    out.flush().map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(())
}

/// How the journal names each member's sub-accounts.
pub async fn member_labels(tx: &mut Tx, org: &Org) -> AppResult<super::export::MemberLabels> {
    Ok(super::export::MemberLabels::new(
        &store::member_numbers(tx, org.id).await?,
    ))
}

/// What each member's sub-accounts under `control` show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// The balance at the end of the period, in the account's normal direction.
    Balance,
    /// The sum of the debits in the period (what she bought on credit, say).
    Debits,
    /// The sum of the credits in the period (what was owed to her for her work, say).
    Credits,
}

/// One figure per member from her sub-accounts under a control account.
pub async fn member_figures(
    tx: &mut Tx,
    org: &Org,
    control: &str,
    from: &str,
    through: &str,
    figure: Figure,
) -> AppResult<Vec<(i64, i64)>> {
    let accounts = store::accounts(tx, org.id).await?;
    let prefix = format!("{control}-M");
    let subs: Vec<&AccountRow> = accounts
        .iter()
        .filter(|a| a.member_id.is_some() && a.code.starts_with(&prefix))
        .collect();
    let values = match figure {
        Figure::Balance => store::balances(tx, org.id, "0000-01-01", through).await?,
        Figure::Debits => store::gross(tx, org.id, from, through, true).await?,
        Figure::Credits => store::gross(tx, org.id, from, through, false).await?,
    };
    let values: HashMap<i64, i64> = values.into_iter().collect();
    Ok(subs
        .iter()
        .filter_map(|a| {
            let v = values.get(&a.id).copied().unwrap_or(0);
            let kind = AccountKind::parse(&a.kind).unwrap_or(AccountKind::Asset);
            let v = if figure == Figure::Balance {
                model::normal_balance(kind, v)
            } else {
                v
            };
            Some((a.member_id?, v))
        })
        .filter(|(_, v)| *v != 0)
        .collect())
}

/// The period's surplus: income less expenses between two dates.
pub async fn surplus(tx: &mut Tx, org: &Org, from: &str, through: &str) -> AppResult<i64> {
    let lines = balances_between(tx, org, from, through).await?;
    // Income is credit-normal, expenses debit-normal: the surplus is minus their sum.
    Ok(-lines
        .iter()
        .filter(|l| l.depth == 0 && matches!(l.kind, AccountKind::Income | AccountKind::Expense))
        .map(|l| l.balance)
        .sum::<i64>())
}

/// Closes a year's income and expense accounts into the undistributed surplus (3400).
pub async fn close_income_and_expenses(
    tx: &mut Tx,
    org: &Org,
    from: &str,
    through: &str,
    by: Option<i64>,
    description: &str,
) -> AppResult<Option<i64>> {
    let lines = balances_between(tx, org, from, through).await?;
    let all: Vec<AccountRow> = lines.iter().map(|l| l.account.clone()).collect();
    let mut postings = vec![];
    let mut total = 0;
    for l in lines.iter().filter(|l| {
        matches!(l.kind, AccountKind::Income | AccountKind::Expense)
            && l.balance != 0
            && !all.iter().any(|c| c.parent_id == Some(l.account.id))
    }) {
        postings.push(Posting {
            account_id: l.account.id,
            amount: -l.balance,
        });
        total += l.balance;
    }
    if postings.is_empty() {
        return Ok(None);
    }
    postings.push(Posting {
        account_id: account(tx, org, "3400").await?.id,
        amount: total,
    });
    let entry = NewEntry {
        date: through.to_string(),
        description: description.to_string(),
        source: "year-end",
        source_id: None,
        reverses_id: None,
        planned: false,
        postings,
    };
    Ok(Some(post(tx, org, &entry, by).await?))
}

/// A line of an entry by account code: (code, the member's sub-account with her name, or
/// none, amount).
pub type EntryLine<'a> = (&'a str, Option<(i64, &'a str)>, i64);

/// Builds an entry from lines by account code, summing postings to the same account and
/// leaving out those that come to zero; a sum beyond an `i64` is refused.
pub async fn entry_of(
    tx: &mut Tx,
    org: &Org,
    date: &str,
    description: String,
    source: &'static str,
    source_id: i64,
    lines: &[EntryLine<'_>],
) -> AppResult<NewEntry> {
    let mut sums: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    for (code, member, amount) in lines {
        let account = match member {
            Some((m, name)) => member_account(tx, org, code, *m, name).await?,
            None => account(tx, org, code).await?,
        };
        let s = sums.entry(account.id).or_default();
        *s = s
            .checked_add(*amount)
            .ok_or_else(|| AppError::Invalid(vec![crate::web::FieldError::new("amount", "error-too-large")]))?;
    }
    Ok(NewEntry {
        date: date.to_string(),
        description,
        source,
        source_id: Some(source_id),
        reverses_id: None,
        planned: false,
        postings: sums
            .into_iter()
            .filter(|(_, a)| *a != 0)
            .map(|(account_id, amount)| crate::ledger::Posting { account_id, amount })
            .collect(),
    })
}

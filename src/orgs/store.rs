//! The SQL of organisations and their affiliations.

use super::model::{Bylaws, Org, OrgKind, ValidOrg};
use crate::db::{DbResult, Tx, now, today};
use crate::i18n::Locale;
use crate::money::Currency;
use crate::on_conn;

#[derive(Debug, sqlx::FromRow)]
struct OrgRow {
    id: i64,
    slug: String,
    name: String,
    kind: String,
    country: String,
    currency: String,
    languages: String,
    share_par_value: i64,
    min_shares: i64,
    quorum_percent: i64,
    reserve_percent: i64,
    savings_min_balance: i64,
    savings_notice_days: i64,
    savings_interest_bp: i64,
    max_shares: i64,
    max_proxies: i64,
    admission: String,
    purchase_margin_bp: i64,
    pay_within_days: i64,
    timezone: String,
}

impl OrgRow {
    fn into_org(self) -> Option<Org> {
        Some(Org {
            id: self.id,
            slug: self.slug,
            name: self.name,
            kind: OrgKind::parse(&self.kind)?,
            country: self.country,
            currency: Currency::parse(&self.currency)?,
            languages: self.languages.split(',').filter_map(Locale::parse).collect(),
            bylaws: Bylaws {
                share_par_value: self.share_par_value,
                min_shares: self.min_shares,
                quorum_percent: self.quorum_percent,
                reserve_percent: self.reserve_percent,
                savings_min_balance: self.savings_min_balance,
                savings_notice_days: self.savings_notice_days,
                savings_interest_bp: self.savings_interest_bp,
                max_shares: self.max_shares,
                max_proxies: self.max_proxies,
                admission: self.admission,
                purchase_margin_bp: self.purchase_margin_bp,
                pay_within_days: self.pay_within_days,
            },
            timezone: self.timezone,
        })
    }
}

/// The columns an `OrgRow` reads, from `orgs o`.
macro_rules! org_columns {
    () => {
        "o.id, o.slug, o.name, o.kind, o.country, o.currency, o.languages, o.share_par_value, o.min_shares, o.quorum_percent, o.reserve_percent, o.savings_min_balance, o.savings_notice_days, o.savings_interest_bp, o.max_shares, o.max_proxies, o.admission, o.purchase_margin_bp, o.pay_within_days, o.timezone"
    };
}

fn langs(v: &ValidOrg) -> String {
    v.languages.iter().map(|l| l.tag()).collect::<Vec<_>>().join(",")
}

pub async fn by_slug(tx: &mut Tx, slug: &str) -> DbResult<Option<Org>> {
    let row = on_conn!(tx, c => sqlx::query_as::<_, OrgRow>(
        concat!("SELECT ", org_columns!(), " FROM orgs o WHERE o.slug = $1"),
    ).bind(slug.to_string()).fetch_optional(c).await?);
    Ok(row.and_then(OrgRow::into_org))
}

pub async fn by_id(tx: &mut Tx, id: i64) -> DbResult<Option<Org>> {
    let row = on_conn!(tx, c => sqlx::query_as::<_, OrgRow>(
        concat!("SELECT ", org_columns!(), " FROM orgs o WHERE o.id = $1"),
    ).bind(id).fetch_optional(c).await?);
    Ok(row.and_then(OrgRow::into_org))
}

pub async fn all(tx: &mut Tx) -> DbResult<Vec<Org>> {
    let rows = on_conn!(tx, c => sqlx::query_as::<_, OrgRow>(
        concat!("SELECT ", org_columns!(), " FROM orgs o ORDER BY o.name"),
    ).fetch_all(c).await?);
    Ok(rows.into_iter().filter_map(OrgRow::into_org).collect())
}

/// The countries of the organisations served here, most members first.
pub async fn countries(tx: &mut Tx) -> DbResult<Vec<String>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "SELECT o.country FROM orgs o LEFT JOIN memberships m ON m.org_id = o.id GROUP BY o.country ORDER BY COUNT(m.id) DESC, o.country",
    ).fetch_all(c).await?))
}

pub async fn insert(tx: &mut Tx, v: &ValidOrg) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO orgs (slug, name, kind, country, currency, languages, share_par_value, min_shares, quorum_percent, reserve_percent, savings_min_balance, savings_notice_days, savings_interest_bp, max_shares, max_proxies, admission, purchase_margin_bp, timezone, pay_within_days, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $15, $16, $17, $18, $19, $20, $14) RETURNING id",
    )
    .bind(v.slug.as_str().to_string())
    .bind(v.name.clone())
    .bind(v.kind.as_str())
    .bind(v.country.clone())
    .bind(v.currency.code())
    .bind(langs(v))
    .bind(v.bylaws.share_par_value)
    .bind(v.bylaws.min_shares)
    .bind(v.bylaws.quorum_percent)
    .bind(v.bylaws.reserve_percent)
    .bind(v.bylaws.savings_min_balance)
    .bind(v.bylaws.savings_notice_days)
    .bind(v.bylaws.savings_interest_bp)
    .bind(now())
    .bind(v.bylaws.max_shares)
    .bind(v.bylaws.max_proxies)
    .bind(v.bylaws.admission.clone())
    .bind(v.bylaws.purchase_margin_bp)
    .bind(v.timezone.clone())
    .bind(v.bylaws.pay_within_days)
    .fetch_one(c)
    .await?))
}

/// Updates everything but the id and the short name.
pub async fn update(tx: &mut Tx, id: i64, v: &ValidOrg) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "UPDATE orgs SET name = $2, kind = $3, country = $4, currency = $5, languages = $6, share_par_value = $7, min_shares = $8, quorum_percent = $9, reserve_percent = $10, savings_min_balance = $11, savings_notice_days = $12, savings_interest_bp = $13, max_shares = $14, max_proxies = $15, admission = $16, purchase_margin_bp = $17, timezone = $18, pay_within_days = $19 WHERE id = $1",
    )
    .bind(id)
    .bind(v.name.clone())
    .bind(v.kind.as_str())
    .bind(v.country.clone())
    .bind(v.currency.code())
    .bind(langs(v))
    .bind(v.bylaws.share_par_value)
    .bind(v.bylaws.min_shares)
    .bind(v.bylaws.quorum_percent)
    .bind(v.bylaws.reserve_percent)
    .bind(v.bylaws.savings_min_balance)
    .bind(v.bylaws.savings_notice_days)
    .bind(v.bylaws.savings_interest_bp)
    .bind(v.bylaws.max_shares)
    .bind(v.bylaws.max_proxies)
    .bind(v.bylaws.admission.clone())
    .bind(v.bylaws.purchase_margin_bp)
    .bind(v.timezone.clone())
    .bind(v.bylaws.pay_within_days)
    .execute(c)
    .await?.rows_affected());
    Ok(())
}

pub async fn affiliate(tx: &mut Tx, org_id: i64, parent_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO affiliations (org_id, parent_id, since) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    ).bind(org_id).bind(parent_id).bind(today()).execute(c).await?.rows_affected());
    Ok(())
}

/// The federations and networks an organisation belongs to.
pub async fn parents(tx: &mut Tx, org_id: i64) -> DbResult<Vec<Org>> {
    let rows = on_conn!(tx, c => sqlx::query_as::<_, OrgRow>(
        concat!("SELECT ", org_columns!(), " FROM orgs o JOIN affiliations a ON a.parent_id = o.id WHERE a.org_id = $1 ORDER BY o.name"),
    ).bind(org_id).fetch_all(c).await?);
    Ok(rows.into_iter().filter_map(OrgRow::into_org).collect())
}

/// The organisations that belong to a federation or network.
pub async fn affiliates(tx: &mut Tx, parent_id: i64) -> DbResult<Vec<Org>> {
    let rows = on_conn!(tx, c => sqlx::query_as::<_, OrgRow>(
        concat!("SELECT ", org_columns!(), " FROM orgs o JOIN affiliations a ON a.org_id = o.id WHERE a.parent_id = $1 ORDER BY o.name"),
    ).bind(parent_id).fetch_all(c).await?);
    Ok(rows.into_iter().filter_map(OrgRow::into_org).collect())
}

pub async fn shares_names_with_federation(tx: &mut Tx, org_id: i64) -> DbResult<bool> {
    Ok(
        on_conn!(tx, c => sqlx::query_scalar::<_, bool>("SELECT shares_names_with_federation FROM orgs WHERE id = $1")
        .bind(org_id).fetch_optional(c).await?)
        .unwrap_or(false),
    )
}

pub async fn set_shares_names_with_federation(tx: &mut Tx, org_id: i64, share: bool) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE orgs SET shares_names_with_federation = $2 WHERE id = $1")
        .bind(org_id).bind(share).execute(c).await?.rows_affected());
    Ok(())
}

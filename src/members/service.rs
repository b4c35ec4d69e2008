//! Use cases of members: add, change, find. Shared by pages, API, CLI and the demo.

use super::model::{MemberDraft, Status, ValidMember};
use super::store::{self, MemberRow};
use crate::auth::service::{find_by_login, hash_blocking};
use crate::auth::{model::LoginId, store as people};
use crate::db::Tx;
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

/// Adds a member: a new person, or a person already known by the same phone or email
/// (she may belong to her union and her cooperative).
pub async fn add(tx: &mut Tx, org: &Org, draft: &MemberDraft) -> AppResult<MemberRow> {
    let v = draft.validate().map_err(AppError::Invalid)?;
    let password_hash = match &v.password {
        Some(p) => Some(hash_blocking(p.clone()).await?),
        None => None,
    };
    add_valid(tx, org, &v, password_hash.as_deref()).await
}

/// Adds a checked member; the password, if any, is already hashed.
pub async fn add_valid(tx: &mut Tx, org: &Org, v: &ValidMember, password_hash: Option<&str>) -> AppResult<MemberRow> {
    let existing = match (&v.phone, &v.email) {
        (Some(p), _) => find_by_login(tx, &LoginId::Phone(p.clone())).await?,
        (None, Some(e)) => find_by_login(tx, &LoginId::Email(e.clone())).await?,
        (None, None) => None,
    };
    let person_id = match existing {
        Some(p) => {
            if store::membership(tx, org.id, p.id).await?.is_some() {
                return Err(AppError::Invalid(vec![FieldError::new("phone", "member-already-here")]));
            }
            p.id
        }
        None => {
            if let Some(e) = &v.email
                && find_by_login(tx, &LoginId::Email(e.clone())).await?.is_some()
            {
                return Err(AppError::Invalid(vec![FieldError::new("email", "member-email-taken")]));
            }
            people::insert_person(
                tx,
                &v.name,
                v.phone.as_deref(),
                v.email.as_deref(),
                password_hash,
                None,
                false,
            )
            .await?
        }
    };
    let number = match &v.member_number {
        Some(n) => {
            if store::number_taken(tx, org.id, n.as_str(), 0).await? {
                return Err(AppError::Invalid(vec![FieldError::new(
                    "member_number",
                    "member-number-taken",
                )]));
            }
            n.as_str().to_string()
        }
        None => next_number(tx, org.id).await?,
    };
    let id = store::insert(
        tx,
        org.id,
        person_id,
        &number,
        v.status.as_str(),
        &v.roles.to_db(),
        &v.trade,
        &v.locality,
        &org.today(),
    )
    .await?;
    if !v.gender.is_empty() {
        store::set_gender(tx, org.id, id, &v.gender).await?;
    }
    store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)
}

/// The next free number: one more than the count of members, moved on while taken.
async fn next_number(tx: &mut Tx, org_id: i64) -> AppResult<String> {
    let mut n = store::count_all(tx, org_id).await? + 1;
    while store::number_taken(tx, org_id, &n.to_string(), 0).await? {
        n += 1;
    }
    Ok(n.to_string())
}

/// Changes a member's record; the password is not changed here.
pub async fn update(tx: &mut Tx, org: &Org, id: i64, draft: &MemberDraft) -> AppResult<MemberRow> {
    let current = store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let mut draft = draft.clone();
    draft.password.clear();
    let v = draft.validate().map_err(AppError::Invalid)?;
    let number = match &v.member_number {
        Some(n) => n.as_str().to_string(),
        None => current.member_number.clone(),
    };
    if store::number_taken(tx, org.id, &number, id).await? {
        return Err(AppError::Invalid(vec![FieldError::new(
            "member_number",
            "member-number-taken",
        )]));
    }
    for (login, field) in [
        (v.phone.clone().map(LoginId::Phone), "phone"),
        (v.email.clone().map(LoginId::Email), "email"),
    ] {
        if let Some(login) = login
            && let Some(other) = find_by_login(tx, &login).await?
            && other.id != current.person_id
        {
            return Err(AppError::Invalid(vec![FieldError::new(field, "member-contact-taken")]));
        }
    }
    people::update_person(tx, current.person_id, &v.name, v.phone.as_deref(), v.email.as_deref()).await?;
    if v.status.as_str() != current.status {
        store::insert_history(tx, org.id, id, v.status.as_str(), &org.today(), "", None).await?;
    }
    store::update(
        tx,
        org.id,
        id,
        &number,
        v.status.as_str(),
        &v.roles.to_db(),
        &v.trade,
        &v.locality,
    )
    .await?;
    store::set_gender(tx, org.id, id, &v.gender).await?;
    store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)
}

/// A page of members matching `q`, and how many match in all.
pub async fn search(tx: &mut Tx, org: &Org, q: &str, page: i64) -> AppResult<(Vec<MemberRow>, i64)> {
    let q = q.trim();
    let size = super::model::PAGE_SIZE;
    let rows = store::search(tx, org.id, q, size, (page - 1) * size).await?;
    let total = store::search_count(tx, org.id, q).await?;
    Ok((rows, total))
}

/// Members per status, every status present (zero when none).
pub async fn counts(tx: &mut Tx, org_id: i64) -> AppResult<Vec<(Status, i64)>> {
    let raw = store::count_by_status(tx, org_id).await?;
    Ok(Status::ALL
        .into_iter()
        .map(|s| (s, raw.iter().find(|(k, _)| k == s.as_str()).map_or(0, |(_, n)| *n)))
        .collect())
}

/// The draft that reproduces a member as she is, for the edit form.
pub fn draft_of(m: &MemberRow) -> MemberDraft {
    MemberDraft {
        name: m.name.clone(),
        phone: m.phone.clone().unwrap_or_default(),
        email: m.email.clone().unwrap_or_default(),
        member_number: m.member_number.clone(),
        status: m.status.clone(),
        roles: crate::auth::Roles::parse(&m.roles)
            .iter()
            .filter(|r| *r != crate::auth::Role::Member)
            .map(|r| r.as_str().to_string())
            .collect(),
        trade: m.trade.clone(),
        locality: m.locality.clone(),
        gender: m.gender.clone(),
        password: String::new(),
    }
}

/// One member of the organisation, or not found.
pub async fn get(tx: &mut Tx, org: &Org, id: i64) -> AppResult<MemberRow> {
    store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)
}

/// An application to join, as typed on the public form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Application {
    pub name: String,
    pub phone: String,
    pub trade: String,
    pub locality: String,
    pub shares: String,
}

fn invalid(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

/// Records an application: an applicant with a provisional number ("A3") and the shares
/// she says she will take; a leader admits her.
pub async fn apply(tx: &mut Tx, org: &Org, a: &Application) -> AppResult<MemberRow> {
    let shares: i64 = a.shares.trim().parse().unwrap_or(-1);
    if !(org.bylaws.min_shares.max(1)..=org.bylaws.max_shares).contains(&shares) {
        return Err(invalid("shares", "join-shares-invalid"));
    }
    if a.phone.trim().is_empty() {
        return Err(invalid("phone", "join-phone-needed"));
    }
    let numbers = store::all_numbers(tx, org.id).await?;
    let mut n = numbers.iter().filter(|x| x.starts_with('A')).count() + 1;
    while numbers.contains(&format!("A{n}")) {
        n += 1;
    }
    let draft = MemberDraft {
        name: a.name.clone(),
        phone: a.phone.clone(),
        member_number: format!("A{n}"),
        status: Status::Applicant.as_str().into(),
        roles: vec!["member".into()],
        trade: a.trade.clone(),
        locality: a.locality.clone(),
        ..Default::default()
    };
    let v = draft.validate().map_err(AppError::Invalid)?;
    if let Some(phone) = &v.phone
        && let Some(person) = find_by_login(tx, &LoginId::Phone(phone.clone())).await?
        && store::is_member(tx, org.id, person.id).await?
    {
        return Err(invalid("phone", "join-already-member"));
    }
    let m = add_valid(tx, org, &v, None).await?;
    store::set_applied_shares(tx, org.id, m.id, shares).await?;
    store::insert_history(tx, org.id, m.id, Status::Applicant.as_str(), &org.today(), "", None).await?;
    Ok(m)
}

/// Admits an applicant: she becomes active with the next member number in order. Where
/// the bylaws leave admission to the board, it is decided in a board meeting in session
/// and recorded there as an agenda item with its decision.
pub async fn admit(tx: &mut Tx, org: &Org, id: i64, by: i64, board_meeting: Option<i64>) -> AppResult<MemberRow> {
    let m = store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if m.status != Status::Applicant.as_str() {
        return Err(invalid("status", "join-not-applicant"));
    }
    let board = if org.bylaws.admission == "board" {
        let meeting = match board_meeting {
            Some(mid) => crate::meetings::service::get(tx, org, mid).await.ok(),
            None => None,
        };
        match meeting {
            Some(b) if b.kind == crate::meetings::model::Kind::Board && b.meeting.status == "open" => {
                Some(b.meeting.id)
            }
            _ => return Err(invalid("meeting_id", "join-board-meeting-needed")),
        }
    } else {
        None
    };
    let next = store::all_numbers(tx, org.id)
        .await?
        .iter()
        .filter_map(|n| n.parse::<i64>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    store::set_status(tx, org.id, id, Status::Active.as_str(), &next.to_string()).await?;
    store::insert_history(tx, org.id, id, Status::Active.as_str(), &org.today(), "", Some(by)).await?;
    let admitted = store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if let Some(meeting) = board {
        let tr = org.own_tr();
        let item = crate::meetings::service::add_item(
            tx,
            org,
            meeting,
            &format!("{}: {}", tr.t("join-admit"), admitted.name),
            "",
        )
        .await?;
        let decision = tr.ta("join-admitted-as", &[("number", admitted.member_number.clone().into())]);
        crate::meetings::service::decide(tx, org, meeting, item, &decision, None, by).await?;
    }
    // The shares she applied for become her subscription, to pay by instalments.
    let applied = store::applied_shares(tx, org.id, id).await?;
    if applied > 0 {
        crate::shares::service::subscribe(tx, org, &admitted, applied, &org.today(), by).await?;
    }
    Ok(admitted)
}

/// Declines an application, with the reason kept in her history.
pub async fn decline(tx: &mut Tx, org: &Org, id: i64, reason: &str, by: i64) -> AppResult<()> {
    let m = store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if m.status != Status::Applicant.as_str() {
        return Err(invalid("status", "join-not-applicant"));
    }
    if reason.trim().is_empty() {
        return Err(invalid("reason", "join-reason-needed"));
    }
    store::set_status(tx, org.id, id, Status::Exited.as_str(), &m.member_number).await?;
    store::insert_history(
        tx,
        org.id,
        id,
        Status::Exited.as_str(),
        &org.today(),
        reason.trim(),
        Some(by),
    )
    .await?;
    Ok(())
}

/// Her status changes with their dates and reasons, and the shares she applied for.
pub async fn history(tx: &mut Tx, org: &Org, id: i64) -> AppResult<(Vec<(String, String, String)>, i64)> {
    Ok((
        store::history(tx, org.id, id).await?,
        store::applied_shares(tx, org.id, id).await?,
    ))
}

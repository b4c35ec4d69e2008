//! Use cases of members: add, change, find. Shared by pages, API, CLI and the demo.

use super::model::{MemberDraft, Status, ValidMember};
use super::store::{self, MemberRow};
use crate::auth::service::{find_by_login, hash_blocking};
use crate::auth::{Roles, model::LoginId, store as people};
use crate::db::Tx;
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

/// Who is changing a register: her own membership here (none for the operator) and
/// whether she may grant the roles that hold the books and the keys.
#[derive(Debug, Clone, Copy)]
pub struct Editor {
    pub membership_id: Option<i64>,
    pub admin: bool,
}

impl Editor {
    pub fn of(ctx: &crate::auth::OrgCtx) -> Editor {
        let admin = match &ctx.access {
            crate::auth::Access::Operator => true,
            crate::auth::Access::Member(roles) => roles.has(crate::auth::Role::Admin),
            crate::auth::Access::FederationStaff => false,
        };
        Editor {
            membership_id: ctx.membership_id,
            admin,
        }
    }
    /// The register itself (imports, the demo, the command line).
    pub const SYSTEM: Editor = Editor {
        membership_id: None,
        admin: true,
    };
}

fn invalid_field(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

/// Adds a member. The organisation records her name and contact; her login is her own.
/// When the phone or email is nobody's login yet, a login is made for her (with the
/// password typed, if any). When it is someone's already, that person is invited and
/// decides when she logs in, and the typed password opens the organisation's record
/// alone; the answers are the same either way, so nothing tells whether a phone or email
/// has an account elsewhere.
pub async fn add(tx: &mut Tx, org: &Org, draft: &MemberDraft, by: Editor) -> AppResult<MemberRow> {
    let v = draft.validate(&org.country).map_err(AppError::Invalid)?;
    let password_hash = match &v.password {
        Some(p) => Some(hash_blocking(p.clone()).await?),
        None => None,
    };
    add_valid(tx, org, &v, password_hash.as_deref(), by).await
}

/// Adds a checked member; the password, if any, is already hashed.
pub async fn add_valid(
    tx: &mut Tx,
    org: &Org,
    v: &ValidMember,
    password_hash: Option<&str>,
    by: Editor,
) -> AppResult<MemberRow> {
    if v.status == Status::Exited {
        return Err(invalid_field("status", "member-status-invalid"));
    }
    check_granted_roles(&Roles::parse("member"), &v.roles, by)?;
    // A household's phone is several members': it is hers to share, not a login to take.
    let household = if v.shared_phone { v.phone.as_deref() } else { None };
    for (login, field) in [(v.phone.as_deref(), "phone"), (v.email.as_deref(), "email")] {
        if let Some(l) = login
            && household != Some(l)
            && store::contact_taken(tx, org.id, l, 0).await?
        {
            return Err(invalid_field(field, "member-already-here"));
        }
    }
    let mut known = None;
    let phone_login = if household.is_some() { None } else { v.phone.clone() };
    for login in [phone_login.map(LoginId::Phone), v.email.clone().map(LoginId::Email)]
        .into_iter()
        .flatten()
    {
        if find_by_login(tx, &login).await?.is_some() {
            known = Some(login);
            break;
        }
    }
    let person_id = match &known {
        // Her login stays hers: the membership waits for her under a placeholder, which
        // the password typed (if any) opens with that phone, just as for a new login, so
        // trying it tells the leader nothing (`auth::service::login`).
        Some(_) => people::insert_person(tx, &v.name, None, None, password_hash, None, false).await?,
        None => {
            people::insert_person(
                tx,
                &v.name,
                if household.is_some() { None } else { v.phone.as_deref() },
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
                return Err(invalid_field("member_number", "member-number-taken"));
            }
            n.as_str().to_string()
        }
        None => next_number(tx, org.id).await?,
    };
    let record = store::Record {
        name: &v.name,
        phone: v.phone.as_deref(),
        email: v.email.as_deref(),
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
        &record,
    )
    .await?;
    if known.is_some() {
        // Addressed to every contact typed, so whichever of them she logs in with finds it.
        for login in [
            if household.is_some() { None } else { v.phone.as_deref() },
            v.email.as_deref(),
        ]
        .into_iter()
        .flatten()
        {
            store::insert_invitation(tx, org.id, id, login).await?;
        }
    }
    if let Some(phone) = household {
        crate::auth::service::join_household(tx, phone, person_id, v.pin.as_deref()).await?;
    }
    if !v.gender.is_empty() {
        store::set_gender(tx, org.id, id, &v.gender).await?;
    }
    store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)
}

/// The roles that hold the books and the keys are granted (or taken) by an admin only.
fn check_granted_roles(before: &Roles, after: &Roles, by: Editor) -> AppResult<()> {
    use crate::auth::Role;
    let guarded = [Role::Admin, Role::Treasurer];
    let changed = guarded.iter().any(|r| before.has(*r) != after.has(*r));
    if changed && !by.admin {
        return Err(invalid_field("roles", "member-roles-need-admin"));
    }
    Ok(())
}

/// The next free number: one more than the count of members, moved on while taken.
async fn next_number(tx: &mut Tx, org_id: i64) -> AppResult<String> {
    let mut n = store::count_all(tx, org_id).await? + 1;
    while store::number_taken(tx, org_id, &n.to_string(), 0).await? {
        n += 1;
    }
    Ok(n.to_string())
}

/// Refuses to leave the organisation without an active admin.
pub async fn keeps_an_admin(tx: &mut Tx, org_id: i64, id: i64) -> AppResult<()> {
    let admins = store::admins(tx, org_id).await?;
    if admins == [id] {
        return Err(invalid_field("roles", "member-last-admin"));
    }
    Ok(())
}

/// Changes the organisation's record of a member: number, status, roles, trade,
/// locality, and her name and contact as the organisation knows them. Her login
/// (phone, email, password) is hers and is not touched.
pub async fn update(tx: &mut Tx, org: &Org, id: i64, draft: &MemberDraft, by: Editor) -> AppResult<MemberRow> {
    let current = store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let mut draft = draft.clone();
    draft.password.clear();
    let v = draft.validate(&org.country).map_err(AppError::Invalid)?;
    let number = match &v.member_number {
        Some(n) => n.as_str().to_string(),
        None => current.member_number.clone(),
    };
    if store::number_taken(tx, org.id, &number, id).await? {
        return Err(invalid_field("member_number", "member-number-taken"));
    }
    // Her household's phone stays shared; ticking "shared" on her record joins it.
    let her_household = crate::auth::store::household_phone(tx, current.person_id).await?;
    let shared = v.shared_phone || (her_household.is_some() && her_household == v.phone);
    for (login, field) in [(v.phone.as_deref(), "phone"), (v.email.as_deref(), "email")] {
        if let Some(l) = login
            && !(shared && field == "phone")
            && store::contact_taken(tx, org.id, l, id).await?
        {
            return Err(invalid_field(field, "member-contact-taken"));
        }
    }
    if let (true, Some(phone)) = (v.shared_phone, v.phone.as_deref()) {
        crate::auth::service::join_household(tx, phone, current.person_id, v.pin.as_deref()).await?;
    }
    let before = Roles::parse(&current.roles);
    if by.membership_id == Some(id) && before.to_db() != v.roles.to_db() {
        return Err(invalid_field("roles", "member-own-roles"));
    }
    check_granted_roles(&before, &v.roles, by)?;
    let stays_admin = v.roles.has(crate::auth::Role::Admin) && v.status == Status::Active;
    if before.has(crate::auth::Role::Admin) && !stays_admin {
        keeps_an_admin(tx, org.id, id).await?;
    }
    if v.status.as_str() != current.status {
        store::insert_history(tx, org.id, id, v.status.as_str(), &org.today(), "", None).await?;
    }
    let record = store::Record {
        name: &v.name,
        phone: v.phone.as_deref(),
        email: v.email.as_deref(),
    };
    store::update(
        tx,
        org.id,
        id,
        &number,
        v.status.as_str(),
        &v.roles.to_db(),
        &v.trade,
        &v.locality,
        &record,
    )
    .await?;
    store::set_gender(tx, org.id, id, &v.gender).await?;
    store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)
}

/// An organisation's invitation waiting for her.
pub use store::InvitationRow as Invitation;

/// The invitations waiting for the person's own logins.
pub async fn invitations(tx: &mut Tx, person: &crate::auth::PersonRow) -> AppResult<Vec<Invitation>> {
    let logins: Vec<String> = [person.phone.clone(), person.email.clone()]
        .into_iter()
        .flatten()
        .collect();
    if logins.is_empty() {
        return Ok(vec![]);
    }
    let mut all = store::invitations_for(tx, &logins).await?;
    // One membership may be addressed to her phone and to her email.
    all.dedup_by_key(|i| i.membership_id);
    Ok(all)
}

/// She accepts (the membership becomes hers) or declines (it stays the organisation's
/// record, with no login) an invitation addressed to one of her logins.
pub async fn answer_invitation(
    tx: &mut Tx,
    person: &crate::auth::PersonRow,
    invitation_id: i64,
    accept: bool,
) -> AppResult<()> {
    let Some((org_id, membership_id, login)) = store::invitation(tx, invitation_id).await? else {
        return Err(AppError::NotFound);
    };
    let mine = [person.phone.as_deref(), person.email.as_deref()].contains(&Some(login.as_str()));
    if !mine {
        return Err(AppError::NotFound);
    }
    store::delete_invitations_of(tx, org_id, membership_id).await?;
    if !accept {
        return Ok(());
    }
    if store::membership(tx, org_id, person.id).await?.is_some() {
        return Err(invalid_field("invitation", "member-already-here"));
    }
    let placeholder = store::person_of(tx, org_id, membership_id).await?;
    store::set_person(tx, org_id, membership_id, person.id).await?;
    if let Some(p) = placeholder
        && p != person.id
    {
        people::delete_placeholder(tx, p).await?;
    }
    Ok(())
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
        shared_phone: false,
        pin: String::new(),
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

/// Records an application: an applicant with a provisional number ("A3") and the shares
/// she says she will take; a leader admits her.
pub async fn apply(tx: &mut Tx, org: &Org, a: &Application) -> AppResult<MemberRow> {
    let shares: i64 = a.shares.trim().parse().unwrap_or(-1);
    if !(org.bylaws.min_shares.max(1)..=org.bylaws.max_shares).contains(&shares) {
        return Err(invalid_field("shares", "join-shares-invalid"));
    }
    if a.phone.trim().is_empty() {
        return Err(invalid_field("phone", "join-phone-needed"));
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
    let v = draft.validate(&org.country).map_err(AppError::Invalid)?;
    if let Some(phone) = &v.phone
        && store::contact_taken(tx, org.id, phone, 0).await?
    {
        return Err(invalid_field("phone", "join-already-member"));
    }
    // The public form learns nothing of who has a login: an applicant whose phone is
    // known is invited like any member, and her login is not touched.
    let m = add_valid(tx, org, &v, None, Editor::SYSTEM).await?;
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
        return Err(invalid_field("status", "join-not-applicant"));
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
            _ => return Err(invalid_field("meeting_id", "join-board-meeting-needed")),
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
        return Err(invalid_field("status", "join-not-applicant"));
    }
    if reason.trim().is_empty() {
        return Err(invalid_field("reason", "join-reason-needed"));
    }
    store::set_status(tx, org.id, id, Status::Exited.as_str(), &m.member_number).await?;
    store::delete_invitations_of(tx, org.id, id).await?;
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

//! Use cases of people and access: passwords, logins, tokens.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};

use super::model::{self, FAILURE_WINDOW_SECS, LoginId};
use super::store::{self, PersonRow};
use crate::db::{Db, DbError, Tx};
use crate::web::{AppError, AppResult, FieldError};

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> AppResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("hashing: {e}")))
}

/// Checks a password against a PHC string.
pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), hash).is_ok()
}

/// Hashing is slow on purpose: it runs off the async workers.
async fn verify_blocking(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false)
}

pub async fn hash_blocking(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
}

/// An API token as given to its holder, and the hash that is stored.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a login was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefused {
    BadIdentifier,
    BadCredentials,
    TooManyAttempts,
}

/// A hash checked when the account does not exist, so both answers take as long.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3ZxhXf7i6xVt0XSDcHzA3Ybfq3aEvwUO7dYdCxnwSWQ";

pub async fn find_by_login(tx: &mut Tx, id: &LoginId) -> Result<Option<PersonRow>, DbError> {
    match id {
        LoginId::Phone(p) => store::person_by_phone(tx, p).await,
        LoginId::Email(e) => store::person_by_email(tx, e).await,
    }
}

/// Where a login attempt comes from: the client's address and her browser's form cookie.
#[derive(Debug, Clone)]
pub struct Origin {
    pub address: String,
    pub device: Option<String>,
}

impl Origin {
    pub fn of(state: &crate::state::AppState, peer: std::net::SocketAddr, headers: &axum::http::HeaderMap) -> Origin {
        Origin {
            address: state.config.client_ip(peer.ip(), headers).to_string(),
            device: crate::web::form::visitor_cookie(headers),
        }
    }
}

/// Counts one attempt on each subject; true when any is over its limit.
async fn over_limit(db: &Db, subjects: &[(String, model::Limit)]) -> AppResult<bool> {
    let mut tx = db.begin_write().await?;
    let mut over = false;
    for (subject, limit) in subjects {
        over |= store::count_attempt(&mut tx, subject, FAILURE_WINDOW_SECS).await? > limit.max();
    }
    tx.commit().await?;
    Ok(over)
}

/// Checks a login. Every attempt is counted before the password is checked (see
/// `model::Limit` for what is counted and why); a success clears the account's counts
/// and remembers the browser.
pub async fn login(
    db: &Db,
    identifier: &str,
    password: &str,
    origin: &Origin,
) -> AppResult<Result<PersonRow, LoginRefused>> {
    use model::Limit;
    let mut tx = db.begin().await?;
    // A local number ("98250 00005") is read in every country Tejido serves here.
    let countries = crate::orgs::countries(&mut tx).await?;
    let candidates = LoginId::candidates(identifier, &countries);
    let Some(first) = candidates.first().cloned() else {
        return Ok(Err(LoginRefused::BadIdentifier));
    };
    let mut found_people = vec![];
    let mut placeholder = None;
    for id in &candidates {
        if let Some(p) = find_by_login(&mut tx, id).await? {
            found_people.push((id.clone(), p));
        }
        if placeholder.is_none() {
            // A membership recorded with this login by an organisation she has not
            // accepted yet: the password its leader typed opens that record alone.
            placeholder = store::placeholder_for_login(&mut tx, id.as_str()).await?;
        }
    }
    drop(tx);
    // The same local number in two countries is two people: hers is the one whose
    // password this is.
    let (login_id, person) = match found_people.len() {
        0 => (first, None),
        1 => found_people.pop().map(|(id, p)| (id, Some(p))).unwrap_or((first, None)),
        _ => {
            let mut pick = 0;
            for (i, (_, p)) in found_people.iter().enumerate() {
                if let Some(h) = &p.password_hash
                    && verify_blocking(password.to_string(), h.clone()).await
                {
                    pick = i;
                    break;
                }
            }
            let (id, p) = found_people.swap_remove(pick);
            (id, Some(p))
        }
    };
    let mut tx = db.begin().await?;
    let device = origin.device.as_deref().map(|d| token_hash(&format!("device:{d}")));
    let known = match (&person, &device) {
        (Some(p), Some(d)) => store::is_known_device(&mut tx, p.id, d).await?,
        _ => false,
    };
    drop(tx);
    // An unknown login is counted like an account, so both answers look alike.
    let account = match &person {
        Some(p) => format!("acct:{}", p.id),
        None => format!("login:{}", login_id.as_str()),
    };
    let subjects: Vec<(String, Limit)> = match (&device, known) {
        (Some(d), true) => vec![(format!("{account}:dev:{d}"), Limit::KnownDevice)],
        _ => vec![
            (format!("{account}:ip:{}", origin.address), Limit::AccountAtAddress),
            (account.clone(), Limit::Account),
            (format!("ip:{}", origin.address), Limit::Address),
        ],
    };
    if over_limit(db, &subjects).await? {
        return Ok(Err(LoginRefused::TooManyAttempts));
    }
    let hash_of = |p: &Option<PersonRow>| {
        p.as_ref()
            .and_then(|p| p.password_hash.clone())
            .unwrap_or_else(|| DUMMY_HASH.to_string())
    };
    // Two hashes are always checked, so the time taken says nothing either.
    let (own, other) = tokio::join!(
        verify_blocking(password.to_string(), hash_of(&person)),
        verify_blocking(password.to_string(), hash_of(&placeholder)),
    );
    let own = own && person.as_ref().is_some_and(|p| p.password_hash.is_some());
    let other = other && placeholder.is_some();
    let found = match (own, other) {
        (true, _) => person,
        (false, true) => placeholder,
        _ => None,
    };
    let Some(p) = found else {
        return Ok(Err(LoginRefused::BadCredentials));
    };
    let mut tx = db.begin_write().await?;
    // Only her own password clears her counts: the record's would let someone reset them.
    if own {
        for (subject, limit) in &subjects {
            if *limit != Limit::Address {
                store::clear_attempts(&mut tx, subject).await?;
            }
        }
        if let Some(d) = &device {
            store::remember_device(&mut tx, p.id, d).await?;
        }
    }
    tx.commit().await?;
    Ok(Ok(p))
}

/// Changes a person's password after checking the current one, and ends her other
/// sessions (a phone she lost, a session someone else started): all but `keep`.
pub async fn change_password(db: &Db, person_id: i64, current: &str, new: &str, keep: &str) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let person = store::person(&mut tx, person_id).await?.ok_or(AppError::NotFound)?;
    drop(tx);
    let hash = person.password_hash.clone().unwrap_or_else(|| DUMMY_HASH.to_string());
    if !verify_blocking(current.to_string(), hash).await || person.password_hash.is_none() {
        return Err(AppError::Invalid(vec![FieldError::new("current", "password-wrong")]));
    }
    if !model::password_ok(new) {
        return Err(AppError::Invalid(vec![FieldError::new("new", "password-too-short")]));
    }
    let new_hash = hash_blocking(new.to_string()).await?;
    let mut tx = db.begin_write().await?;
    store::set_password_hash(&mut tx, person_id, &new_hash).await?;
    store::end_sessions(&mut tx, person_id, keep).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates an API token for a person in an organisation; the token is shown once.
pub async fn create_token(tx: &mut Tx, org_id: i64, person_id: i64, label: &str) -> AppResult<String> {
    let token = format!("tej_{}", super::random_token(24));
    store::insert_token(tx, org_id, person_id, &token_hash(&token), label).await?;
    Ok(token)
}

/// The household that shares the phone typed: its number and each person's (id, first
/// name, has a PIN, has pictures). None when the number is no shared phone.
pub async fn household_of(db: &Db, identifier: &str) -> AppResult<Option<(String, Vec<(i64, String, bool, bool)>)>> {
    let mut tx = db.begin().await?;
    let countries = crate::orgs::countries(&mut tx).await?;
    for id in LoginId::candidates(identifier, &countries) {
        if let LoginId::Phone(phone) = id {
            let people = store::household(&mut tx, &phone).await?;
            if !people.is_empty() {
                let people = people
                    .into_iter()
                    .map(|(p, pin, pictures)| (p.id, model::first_name(&p.name).to_string(), pin, pictures))
                    .collect();
                return Ok(Some((phone, people)));
            }
        }
    }
    Ok(None)
}

/// What she gives on a shared phone after picking her name.
pub enum HouseholdSecret {
    Pin(String),
    Pictures(String),
}

/// Checks her PIN or pictures on a shared phone, counted like any login (per person and
/// address, and per person), so four digits cannot be tried through.
pub async fn login_household(
    db: &Db,
    phone: &str,
    person_id: i64,
    secret: &HouseholdSecret,
    origin: &Origin,
) -> AppResult<Result<PersonRow, LoginRefused>> {
    use model::Limit;
    let subjects = [
        (format!("hh:{person_id}:ip:{}", origin.address), Limit::AccountAtAddress),
        (format!("hh:{person_id}"), Limit::Account),
        (format!("ip:{}", origin.address), Limit::Address),
    ];
    if over_limit(db, &subjects).await? {
        return Ok(Err(LoginRefused::TooManyAttempts));
    }
    let mut tx = db.begin().await?;
    let secrets = store::household_secrets(&mut tx, phone, person_id).await?;
    let person = store::person(&mut tx, person_id).await?;
    drop(tx);
    let (given, hash) = match (secret, &secrets) {
        (HouseholdSecret::Pin(p), Some((Some(h), _))) => (p.clone(), h.clone()),
        (HouseholdSecret::Pictures(p), Some((_, Some(h)))) => (p.clone(), h.clone()),
        (HouseholdSecret::Pin(p) | HouseholdSecret::Pictures(p), _) => (p.clone(), DUMMY_HASH.to_string()),
    };
    let ok = verify_blocking(given, hash).await && secrets.is_some();
    let (true, Some(person)) = (ok, person) else {
        return Ok(Err(LoginRefused::BadCredentials));
    };
    let mut tx = db.begin_write().await?;
    for (subject, limit) in &subjects {
        if *limit != Limit::Address {
            store::clear_attempts(&mut tx, subject).await?;
        }
    }
    tx.commit().await?;
    Ok(Ok(person))
}

/// Records that a person logs in on a household's shared phone, with her PIN if given.
pub async fn join_household(tx: &mut Tx, phone: &str, person_id: i64, pin: Option<&str>) -> AppResult<()> {
    let pin_hash = match pin {
        Some(p) => Some(hash_blocking(p.to_string()).await?),
        None => None,
    };
    Ok(store::join_household(tx, phone, person_id, pin_hash.as_deref()).await?)
}

/// Sets her own PIN or pictures for the shared phones she logs in on.
pub async fn set_household_secret(db: &Db, person_id: i64, secret: &HouseholdSecret) -> AppResult<bool> {
    let (pin, pictures) = match secret {
        HouseholdSecret::Pin(p) => (Some(hash_blocking(p.clone()).await?), None),
        HouseholdSecret::Pictures(p) => (None, Some(hash_blocking(p.clone()).await?)),
    };
    let mut tx = db.begin_write().await?;
    let n = store::set_household_secret(&mut tx, person_id, pin.as_deref(), pictures.as_deref()).await?;
    tx.commit().await?;
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("tejido-demo").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("tejido-demo", &h));
        assert!(!verify_password("tejido-demo!", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn the_dummy_hash_parses_and_matches_nothing_typed() {
        assert!(!verify_password("", DUMMY_HASH));
        assert!(!verify_password("tejido-demo", DUMMY_HASH));
    }

    #[test]
    fn token_hashes_are_stable_and_distinct() {
        assert_eq!(token_hash("a"), token_hash("a"));
        assert_ne!(token_hash("a"), token_hash("b"));
        assert_eq!(token_hash("a").len(), 64);
    }
}

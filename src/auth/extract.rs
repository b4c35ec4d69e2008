//! Who is calling, and what they may reach: the one place authorisation is decided.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::header;
use axum::http::request::Parts;
use tower_sessions::Session;

use super::model::Access;
use super::store::{self, PersonRow};
use super::{Permission, SESSION_PERSON, SESSION_SEEN, SHARED_IDLE_SECS, service};
use crate::orgs::Org;
use crate::state::AppState;
use crate::web::{AppError, AppResult};

/// The person behind a request, from a Bearer token or the session; none for a visitor.
#[derive(Debug, Clone)]
pub struct Caller {
    pub person: Option<PersonRow>,
    /// An API token is bound to one organisation.
    pub token_org: Option<i64>,
    /// Logged in on a household's shared phone: short idle time, a "switch" button,
    /// nothing private in page titles.
    pub shared: bool,
}

impl Caller {
    pub fn require(&self) -> AppResult<&PersonRow> {
        self.person.as_ref().ok_or(AppError::LoginRequired)
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(c) = parts.extensions.get::<Caller>() {
            return Ok(c.clone());
        }
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string());
        let caller = if let Some(token) = bearer {
            let mut tx = state.db.begin().await?;
            let row = store::token_by_hash(&mut tx, &service::token_hash(&token))
                .await?
                .ok_or(AppError::LoginRequired)?;
            let person = store::person(&mut tx, row.person_id)
                .await?
                .ok_or(AppError::LoginRequired)?;
            Caller {
                person: Some(person),
                token_org: Some(row.org_id),
                shared: false,
            }
        } else if parts.uri.path().starts_with("/api/") && parts.method != axum::http::Method::GET {
            // The API writes for a token holder only: a session cookie, which a browser
            // sends on its own, never carries a write from another site.
            Caller {
                person: None,
                token_org: None,
                shared: false,
            }
        } else {
            let session = Session::from_request_parts(parts, state).await.ok();
            let person_id = match &session {
                Some(s) => s
                    .get::<i64>(SESSION_PERSON)
                    .await
                    .map_err(|e| AppError::Internal(e.to_string()))?,
                None => None,
            };
            // On a shared phone a session ends after a few idle minutes: the next
            // person to pick up the phone finds nobody logged in.
            let seen = match (&session, person_id) {
                (Some(s), Some(_)) => s.get::<i64>(SESSION_SEEN).await.ok().flatten(),
                _ => None,
            };
            let now = crate::db::now();
            let expired = seen.is_some_and(|t| now - t > SHARED_IDLE_SECS);
            if let (Some(s), true) = (&session, expired) {
                s.flush().await.map_err(|e| AppError::Internal(e.to_string()))?;
            } else if let (Some(s), Some(t)) = (&session, seen)
                && now - t > 30
            {
                s.insert(SESSION_SEEN, now)
                    .await
                    .map_err(|e| AppError::Internal(e.to_string()))?;
            }
            let person = match person_id {
                Some(id) if !expired => {
                    let mut tx = state.db.begin().await?;
                    store::person(&mut tx, id).await?
                }
                _ => None,
            };
            Caller {
                person,
                token_org: None,
                shared: seen.is_some() && !expired,
            }
        };
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

/// The organisation named in the path, the caller, and how the caller reaches it.
/// Every handler of an organisation's data takes one; without it there is no org id.
#[derive(Debug, Clone)]
pub struct OrgCtx {
    pub org: Org,
    pub person: PersonRow,
    pub access: Access,
    /// The caller's own membership here, if any.
    pub membership_id: Option<i64>,
}

impl OrgCtx {
    /// Refuses unless the caller's access allows `p`.
    pub fn require(&self, p: Permission) -> AppResult<()> {
        if self.access.allows(p) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn can(&self, p: Permission) -> bool {
        self.access.allows(p)
    }

    pub fn org_id(&self) -> i64 {
        self.org.id
    }
}

impl FromRequestParts<AppState> for OrgCtx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let slug = params
            .iter()
            .find(|(k, _)| *k == "slug")
            .map(|(_, v)| v.to_string())
            .ok_or(AppError::NotFound)?;
        let caller = Caller::from_request_parts(parts, state).await?;
        let person = caller.person.clone().ok_or(AppError::LoginRequired)?;
        let mut tx = state.db.begin().await?;
        let org = crate::orgs::by_slug(&mut tx, &slug).await?.ok_or(AppError::NotFound)?;
        if caller.token_org.is_some_and(|id| id != org.id) {
            return Err(AppError::Forbidden);
        }
        let membership = crate::members::active_membership(&mut tx, org.id, person.id).await?;
        let access = match (&membership, person.is_operator) {
            (_, true) if caller.token_org.is_none() => Access::Operator,
            (Some(m), _) => Access::Member(m.roles.clone()),
            (None, _) => {
                if !crate::orgs::is_parent_staff(&mut tx, org.id, person.id).await? {
                    return Err(AppError::Forbidden);
                }
                let route = parts
                    .extensions
                    .get::<axum::extract::MatchedPath>()
                    .map(|m| m.as_str().to_string())
                    .unwrap_or_default();
                let read = parts.method == axum::http::Method::GET;
                let shared = crate::orgs::shares_names_with_federation(&mut tx, org.id).await?;
                if !federation_may_open(&route, read, shared) {
                    return Err(AppError::Forbidden);
                }
                Access::FederationStaff
            }
        };
        Ok(OrgCtx {
            org,
            person,
            access,
            membership_id: membership.map(|m| m.id),
        })
    }
}

/// What a federation's or network's staff may open of a member organisation: its totals
/// (the dashboard, its own affiliates, the organisation's record), and, only where the
/// organisation chose to share them, the read-only pages that name people.
pub fn federation_may_open(route: &str, read: bool, names_shared: bool) -> bool {
    const TOTALS: [&str; 4] = [
        "/o/{slug}",
        "/o/{slug}/federation",
        "/api/v1/orgs/{slug}",
        "/api/v1/orgs/{slug}/affiliates",
    ];
    const NAMES: [&str; 10] = [
        "/o/{slug}/meetings",
        "/o/{slug}/meetings/{id}",
        "/o/{slug}/leadership",
        "/o/{slug}/elections/{id}",
        "/api/v1/orgs/{slug}/meetings",
        "/api/v1/orgs/{slug}/meetings/{id}",
        "/api/v1/orgs/{slug}/leadership",
        "/api/v1/orgs/{slug}/elections",
        "/api/v1/orgs/{slug}/elections/{id}",
        "/o/{slug}/votes",
    ];
    read && (TOTALS.contains(&route) || (names_shared && NAMES.contains(&route)))
}

/// A caller who must be logged in: a visitor is refused before the body is read.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Caller);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        caller.require()?;
        Ok(SignedIn(caller))
    }
}

/// The operator, logged in with a session (an API token is bound to one organisation and
/// never carries the operator's powers).
#[derive(Debug, Clone)]
pub struct OperatorOnly(pub PersonRow);

impl FromRequestParts<AppState> for OperatorOnly {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let person = caller.require()?;
        if person.is_operator && caller.token_org.is_none() {
            Ok(OperatorOnly(person.clone()))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

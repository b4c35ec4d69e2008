//! People, passwords, sessions, roles and API tokens; the extractors that say who calls.

mod extract;
pub mod household_pages;
pub mod model;
pub mod pages;
pub mod service;
pub mod session_store;
pub mod store;

pub use extract::{Caller, OperatorOnly, OrgCtx, SignedIn};
pub use model::{Access, Permission, Role, Roles};
pub use store::PersonRow;

/// How long a session lives after its last change; short, since phones are shared.
pub const SESSION_IDLE: time::Duration = time::Duration::hours(12);

/// The session key holding the logged-in person's id.
pub const SESSION_PERSON: &str = "person_id";

/// On a household's shared phone: when she was last seen (seconds since 1970), and the
/// phone, so "switch member" goes back to the household's names.
pub const SESSION_SEEN: &str = "seen";
pub const SESSION_HOUSEHOLD: &str = "household";

/// Idle minutes after which a session on a shared phone ends.
pub const SHARED_IDLE_SECS: i64 = 5 * 60;

/// What a page shows of the logged-in person.
#[derive(Debug, Clone)]
pub struct PersonSummary {
    pub id: i64,
    pub name: String,
    pub is_operator: bool,
    /// Logged in on a household's shared phone.
    pub shared: bool,
}

impl PersonRow {
    pub fn summary(&self, shared: bool) -> PersonSummary {
        PersonSummary {
            id: self.id,
            name: self.name.clone(),
            is_operator: self.is_operator,
            shared,
        }
    }
}

/// `n` random bytes from the operating system, as hex.
pub fn random_token(n: usize) -> String {
    let mut buf = vec![0u8; n];
    // The OS generator does not fail on supported platforms; if it ever did, a zeroed
    // buffer must not become a token, so we fall back to a hash of time and address.
    if getrandom::fill(&mut buf).is_err() {
        let seed = format!("{:?}{:p}", std::time::SystemTime::now(), &buf);
        buf = service::token_hash(&seed).into_bytes();
        buf.truncate(n);
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

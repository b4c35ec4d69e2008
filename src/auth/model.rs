//! Roles, permissions, login identifiers and password rules: plain types, no I/O.

use serde::{Deserialize, Serialize};

/// A role a person holds in one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Leader,
    Treasurer,
    Coordinator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Member,
        Role::Leader,
        Role::Treasurer,
        Role::Coordinator,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Leader => "leader",
            Role::Treasurer => "treasurer",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// The message id of the role's name.
    pub fn label(self) -> &'static str {
        match self {
            Role::Member => "role-member",
            Role::Leader => "role-leader",
            Role::Treasurer => "role-treasurer",
            Role::Coordinator => "role-coordinator",
            Role::Admin => "role-admin",
        }
    }
}

/// The set of roles of one membership, stored as "member,leader".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles(Vec<Role>);

impl Roles {
    pub fn new(mut roles: Vec<Role>) -> Roles {
        roles.sort_by_key(|r| Role::ALL.iter().position(|x| x == r));
        roles.dedup();
        Roles(roles)
    }

    /// Parses the stored text; unknown words are ignored.
    pub fn parse(s: &str) -> Roles {
        Roles::new(s.split(',').filter_map(Role::parse).collect())
    }

    pub fn to_db(&self) -> String {
        self.0.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
    }

    pub fn has(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.0.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Holds any office beyond plain membership.
    pub fn is_officer(&self) -> bool {
        self.0.iter().any(|r| *r != Role::Member)
    }
}

/// How a caller reaches an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// An active member with these roles.
    Member(Roles),
    /// Staff of a federation or network the organisation belongs to: aggregates only.
    FederationStaff,
    /// The operator of the server.
    Operator,
}

/// What a caller may do in an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    ViewDashboard,
    ViewMembers,
    ManageMembers,
    EditSettings,
    ViewAffiliates,
    /// Read the books: journal, ledgers, reports.
    ViewBooks,
    /// Record money in and out, post and reverse entries.
    KeepBooks,
    /// A leader's approval: loan applications, surplus sharing.
    Approve,
    /// Buying together: suppliers, articles and purchase rounds, step by step.
    RunRounds,
}

impl Access {
    pub fn allows(&self, p: Permission) -> bool {
        match self {
            Access::Operator => true,
            Access::FederationStaff => {
                matches!(p, Permission::ViewDashboard | Permission::ViewAffiliates)
            }
            Access::Member(roles) => match p {
                Permission::ViewDashboard | Permission::ViewAffiliates => true,
                Permission::ViewMembers => roles.is_officer(),
                Permission::ManageMembers => roles.has(Role::Leader) || roles.has(Role::Admin),
                Permission::EditSettings => roles.has(Role::Admin),
                Permission::ViewBooks => roles.is_officer(),
                Permission::KeepBooks => roles.has(Role::Treasurer) || roles.has(Role::Admin),
                Permission::Approve => roles.has(Role::Leader) || roles.has(Role::Admin),
                Permission::RunRounds => {
                    roles.has(Role::Coordinator) || roles.has(Role::Leader) || roles.has(Role::Admin)
                }
            },
        }
    }
}

/// How a person logs in: a phone number or an email address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginId {
    Phone(String),
    Email(String),
}

/// Normalises a phone number: digits with an optional leading '+', spaces and dashes
/// dropped; 7 to 15 digits (E.164 allows 15).
pub fn parse_phone(s: &str) -> Option<String> {
    let s = s.trim();
    let plus = s.starts_with('+');
    let body = if plus { &s[1..] } else { s };
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.'))
    {
        return None;
    }
    let digits: String = body.chars().filter(|c| c.is_ascii_digit()).collect();
    if !(7..=15).contains(&digits.len()) {
        return None;
    }
    Some(if plus { format!("+{digits}") } else { digits })
}

/// Normalises an email address (lower case); refuses what is plainly not one.
pub fn parse_email(s: &str) -> Option<String> {
    let s = s.trim().to_lowercase();
    let (local, domain) = s.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && s.len() <= 254
        && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == '<' || c == '>');
    ok.then_some(s)
}

impl LoginId {
    /// The login as stored: the phone in E.164 or the email in lower case.
    pub fn as_str(&self) -> &str {
        match self {
            LoginId::Phone(p) | LoginId::Email(p) => p,
        }
    }
    pub fn parse(s: &str) -> Option<LoginId> {
        if s.contains('@') {
            parse_email(s).map(LoginId::Email)
        } else {
            parse_phone(s).map(LoginId::Phone)
        }
    }
}

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

/// A new password: at least 8 characters, at most 200.
pub fn password_ok(p: &str) -> bool {
    let n = p.chars().count();
    (MIN_PASSWORD..=200).contains(&n)
}

/// Failed logins allowed per account and per address within the window.
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

/// How many login attempts a window allows, per what they are counted on. Attempts are
/// counted before the password is checked, so parallel requests cannot outrun the count;
/// a browser she logged in from before (a known device) is counted apart, so nobody can
/// lock her out of her own phone; an address is counted only for unknown browsers and
/// generously, since one carrier address serves a whole town.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// One account from one known browser.
    KnownDevice,
    /// One account from one address, on a browser it does not know.
    AccountAtAddress,
    /// One account from every browser it does not know.
    Account,
    /// Every account from one address, on browsers none of them knows.
    Address,
}

impl Limit {
    pub fn max(self) -> i64 {
        match self {
            Limit::KnownDevice => 10,
            Limit::AccountAtAddress => 5,
            Limit::Account => 20,
            Limit::Address => 300,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_ignore_unknown_words() {
        let r = Roles::parse("leader,member,boss,leader");
        assert_eq!(r.to_db(), "member,leader");
        assert!(r.is_officer());
        assert!(!Roles::parse("member").is_officer());
    }

    #[test]
    fn a_plain_member_cannot_list_or_manage_members() {
        let member = Access::Member(Roles::parse("member"));
        assert!(member.allows(Permission::ViewDashboard));
        assert!(!member.allows(Permission::ViewMembers));
        assert!(!member.allows(Permission::ManageMembers));
        let leader = Access::Member(Roles::parse("member,leader"));
        assert!(leader.allows(Permission::ManageMembers));
        assert!(!leader.allows(Permission::EditSettings));
        let treasurer = Access::Member(Roles::parse("member,treasurer"));
        assert!(treasurer.allows(Permission::ViewMembers));
        assert!(!treasurer.allows(Permission::ManageMembers));
    }

    #[test]
    fn federation_staff_see_aggregates_only() {
        assert!(Access::FederationStaff.allows(Permission::ViewDashboard));
        assert!(!Access::FederationStaff.allows(Permission::ViewMembers));
    }

    #[test]
    fn login_ids_are_normalised() {
        assert_eq!(
            LoginId::parse("+91 98250-12345"),
            Some(LoginId::Phone("+919825012345".into()))
        );
        assert_eq!(
            LoginId::parse(" Asha@Example.ORG "),
            Some(LoginId::Email("asha@example.org".into()))
        );
        assert_eq!(LoginId::parse("12"), None);
        assert_eq!(LoginId::parse("a@b"), None);
        assert_eq!(LoginId::parse("call me"), None);
    }

    #[test]
    fn passwords_have_a_minimum_length() {
        assert!(!password_ok("short"));
        assert!(password_ok("tejido-demo"));
    }
}

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
    /// Helps members who read little or have no phone: enters their requests and forms
    /// for them, each recorded as entered by her for the member. Never votes for them.
    Facilitator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Member,
        Role::Leader,
        Role::Treasurer,
        Role::Coordinator,
        Role::Facilitator,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Leader => "leader",
            Role::Treasurer => "treasurer",
            Role::Coordinator => "coordinator",
            Role::Facilitator => "facilitator",
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
            Role::Facilitator => "role-facilitator",
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
    /// A member's task done on her behalf (a request), recorded as entered for her.
    ActForMembers,
    /// Producing together: products, rates, orders, lots and hand-ins.
    RunProduction,
    /// Selling together: prices and market-day sales.
    Sell,
    /// Social protection: schemes, enrolments, contributions and remittances.
    RunProtection,
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
                // A facilitator helps members; the books are the officers'.
                Permission::ViewBooks => roles.iter().any(|r| !matches!(r, Role::Member | Role::Facilitator)),
                Permission::KeepBooks => roles.has(Role::Treasurer) || roles.has(Role::Admin),
                Permission::Approve => roles.has(Role::Leader) || roles.has(Role::Admin),
                Permission::RunRounds | Permission::RunProduction | Permission::Sell | Permission::RunProtection => {
                    roles.has(Role::Coordinator) || roles.has(Role::Leader) || roles.has(Role::Admin)
                }
                Permission::ActForMembers => {
                    roles.has(Role::Facilitator)
                        || roles.has(Role::Coordinator)
                        || roles.has(Role::Leader)
                        || roles.has(Role::Admin)
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

/// A phone number as people type it ("98250 00005", "09825000005", "+91 98250-00005"),
/// read in the country it is dialled from (ISO 3166 alpha-2; empty: only the
/// international form is read) and checked against libphonenumber's metadata. The
/// answer is E.164, the one form stored and compared.
pub fn parse_phone(s: &str, country: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    let region = country
        .trim()
        .to_ascii_uppercase()
        .parse::<phonenumber::country::Id>()
        .ok();
    // Written internationally with 00 in place of the plus, as many phones print them.
    let international = s.strip_prefix("00").map(|rest| format!("+{rest}"));
    let text = international.as_deref().unwrap_or(s);
    if region.is_none() && !text.starts_with('+') {
        return None;
    }
    let number = phonenumber::parse(region, text).ok()?;
    phonenumber::is_valid(&number).then(|| number.format().mode(phonenumber::Mode::E164).to_string())
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
    /// A login written in full: an email address or a phone number in the international form.
    pub fn parse(s: &str) -> Option<LoginId> {
        Self::candidates(s, &[]).into_iter().next()
    }

    /// What a typed login may stand for: an email address, or a phone number read in each
    /// country where Tejido's organisations are (a local number is ambiguous between them;
    /// an international one is not).
    pub fn candidates(s: &str, countries: &[String]) -> Vec<LoginId> {
        if s.contains('@') {
            return parse_email(s).map(LoginId::Email).into_iter().collect();
        }
        let mut out: Vec<LoginId> = vec![];
        for country in std::iter::once("").chain(countries.iter().map(String::as_str)) {
            if let Some(p) = parse_phone(s, country).map(LoginId::Phone)
                && !out.contains(&p)
            {
                out.push(p);
            }
        }
        out
    }
}

/// A PIN for a shared phone: 4 to 6 digits, spaces ignored.
pub fn parse_pin(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    ((4..=6).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// The pictures a member may choose three of, in order, instead of a PIN: an
/// alternative to a memorised code that WCAG 3.3.8 asks for (recognising objects).
pub const PICTURES: [&str; 9] = [
    "sun", "moon", "star", "flower", "tree", "bird", "fish", "house", "heart",
];

/// Three pictures in the order she picked them, as stored (hashed): "sun,fish,tree".
pub fn parse_pictures(picked: [&str; 3]) -> Option<String> {
    picked.iter().all(|p| PICTURES.contains(p)).then(|| picked.join(","))
}

/// What a household sees of each other on the shared phone's chooser: a first name.
pub fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
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
    fn a_facilitator_acts_for_members_but_keeps_no_books() {
        let f = Access::Member(Roles::parse("member,facilitator"));
        assert!(f.allows(Permission::ActForMembers) && f.allows(Permission::ViewMembers));
        assert!(!f.allows(Permission::ViewBooks) && !f.allows(Permission::RunRounds));
        assert!(!Access::Member(Roles::parse("member")).allows(Permission::ActForMembers));
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
        assert_eq!(LoginId::parse("9825012345"), None, "a local number needs its country");
        assert_eq!(LoginId::parse("a@b"), None);
        assert_eq!(LoginId::parse("call me"), None);
    }

    #[test]
    fn phones_are_read_as_people_type_them() {
        for typed in [
            "9825000005",
            "98250 00005",
            "09825000005",
            "+91 98250-00005",
            "0091 9825000005",
            "+919825000005",
        ] {
            assert_eq!(parse_phone(typed, "IN").as_deref(), Some("+919825000005"), "{typed}");
        }
        assert_eq!(parse_phone("0911 000001", "ET").as_deref(), Some("+251911000001"));
        assert_eq!(parse_phone("0917 100 0006", "PH").as_deref(), Some("+639171000006"));
        assert_eq!(parse_phone("(11) 98000-0001", "BR").as_deref(), Some("+5511980000001"));
        // Too short for India, letters, and a local number with no country are refused.
        assert_eq!(parse_phone("98250", "IN"), None);
        assert_eq!(parse_phone("call me", "IN"), None);
        assert_eq!(parse_phone("9825000005", ""), None);
        assert_eq!(parse_phone("9825000005", "not a country"), None);
        // One local number, read in two countries, may be two people's.
        let both = LoginId::candidates("0911000001", &["IN".into(), "ET".into()]);
        assert!(both.contains(&LoginId::Phone("+251911000001".into())), "{both:?}");
    }

    #[test]
    fn pins_and_pictures_are_checked() {
        assert_eq!(parse_pin("4 7 1 1").as_deref(), Some("4711"));
        assert_eq!(parse_pin("123"), None);
        assert_eq!(parse_pin("1234567"), None);
        assert_eq!(parse_pin("12a4"), None);
        assert_eq!(
            parse_pictures(["sun", "fish", "tree"]).as_deref(),
            Some("sun,fish,tree")
        );
        assert_eq!(parse_pictures(["sun", "car", "tree"]), None);
        assert_eq!(first_name("Savitaben Shaikh"), "Savitaben");
    }

    #[test]
    fn passwords_have_a_minimum_length() {
        assert!(!password_ok("short"));
        assert!(password_ok("tejido-demo"));
    }
}

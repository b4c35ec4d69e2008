//! Members: numbers, statuses, and the rules of a member's record. No I/O.

use serde::{Deserialize, Serialize};

use crate::auth::model::{parse_email, parse_phone, password_ok};
use crate::auth::{Role, Roles};
use crate::web::FieldError;

/// A membership's standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Applicant,
    Active,
    Suspended,
    Exited,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Applicant, Status::Active, Status::Suspended, Status::Exited];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Applicant => "applicant",
            Status::Active => "active",
            Status::Suspended => "suspended",
            Status::Exited => "exited",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Applicant => "status-applicant",
            Status::Active => "status-active",
            Status::Suspended => "status-suspended",
            Status::Exited => "status-exited",
        }
    }
}

/// A member number: 1 to 20 letters, digits, '-' or '/', beginning with a letter or a
/// digit and not zero, unique in its organisation ("0" and "-5" are refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberNumber(String);

impl MemberNumber {
    pub fn parse(s: &str) -> Option<MemberNumber> {
        let s = s.trim();
        let ok = (1..=20).contains(&s.len())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
            && s.starts_with(|c: char| c.is_ascii_alphanumeric())
            && !s.trim_start_matches('0').is_empty();
        ok.then(|| MemberNumber(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A member's record as typed, before checks.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MemberDraft {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub member_number: String,
    pub status: String,
    pub roles: Vec<String>,
    pub trade: String,
    pub locality: String,
    pub password: String,
    /// woman, man, other, or empty when she does not say.
    pub gender: String,
    /// Her phone is her household's: she logs in on it with her name and a PIN.
    pub shared_phone: bool,
    /// Her PIN on a shared phone (4 to 6 digits), if given.
    pub pin: String,
}

/// A checked member record.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidMember {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// None: the next free number is given.
    pub member_number: Option<MemberNumber>,
    pub status: Status,
    pub roles: Roles,
    pub trade: String,
    pub locality: String,
    pub password: Option<String>,
    pub gender: String,
    /// Logs in by name and PIN on a household's shared phone.
    pub shared_phone: bool,
    pub pin: Option<String>,
}

impl MemberDraft {
    /// Checks what was typed; a phone is read in the organisation's `country`.
    pub fn validate(&self, country: &str) -> Result<ValidMember, Vec<FieldError>> {
        let mut errors = vec![];
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 120 {
            errors.push(FieldError::new("name", "member-name-invalid"));
        }
        let phone = match self.phone.trim() {
            "" => None,
            p => {
                let parsed = parse_phone(p, country);
                if parsed.is_none() {
                    errors.push(FieldError::new("phone", "member-phone-invalid"));
                }
                parsed
            }
        };
        let email = match self.email.trim() {
            "" => None,
            e => {
                let parsed = parse_email(e);
                if parsed.is_none() {
                    errors.push(FieldError::new("email", "member-email-invalid"));
                }
                parsed
            }
        };
        let member_number = match self.member_number.trim() {
            "" => None,
            n => {
                let parsed = MemberNumber::parse(n);
                if parsed.is_none() {
                    errors.push(FieldError::new("member_number", "member-number-invalid"));
                }
                parsed
            }
        };
        let status = if self.status.trim().is_empty() {
            Some(Status::Active)
        } else {
            Status::parse(&self.status)
        };
        if status.is_none() {
            errors.push(FieldError::new("status", "member-status-invalid"));
        }
        let mut roles = vec![Role::Member];
        for r in &self.roles {
            match Role::parse(r) {
                Some(role) => roles.push(role),
                None => errors.push(FieldError::new("roles", "member-role-invalid")),
            }
        }
        let trade = self.trade.trim().to_string();
        let locality = self.locality.trim().to_string();
        if trade.chars().count() > 80 {
            errors.push(FieldError::new("trade", "member-text-too-long"));
        }
        if locality.chars().count() > 80 {
            errors.push(FieldError::new("locality", "member-text-too-long"));
        }
        let gender = self.gender.trim().to_string();
        if !GENDERS.contains(&gender.as_str()) {
            errors.push(FieldError::new("gender", "member-gender-invalid"));
        }
        let password = match self.password.as_str() {
            "" => None,
            p if password_ok(p) => Some(p.to_string()),
            _ => {
                errors.push(FieldError::new("password", "password-too-short"));
                None
            }
        };
        let pin = match self.pin.trim() {
            "" => None,
            p => {
                let parsed = crate::auth::model::parse_pin(p);
                if parsed.is_none() {
                    errors.push(FieldError::new("pin", "household-pin-invalid"));
                }
                parsed
            }
        };
        if self.shared_phone && self.phone.trim().is_empty() {
            errors.push(FieldError::new("phone", "household-needs-phone"));
        }
        match status {
            Some(status) if errors.is_empty() => Ok(ValidMember {
                name,
                phone,
                email,
                member_number,
                status,
                roles: Roles::new(roles),
                trade,
                locality,
                password,
                gender,
                shared_phone: self.shared_phone,
                pin,
            }),
            _ => Err(errors),
        }
    }
}

/// How a member may describe herself; empty when she does not say. The leadership page
/// counts the share of women among leaders from it.
pub const GENDERS: [&str; 4] = ["", "woman", "man", "other"];

/// Members shown on one page of the list.
pub const PAGE_SIZE: i64 = 25;

/// The page number asked for, clamped to a sane range.
pub fn page_number(raw: Option<i64>) -> i64 {
    raw.unwrap_or(1).clamp(1, 100_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> MemberDraft {
        MemberDraft {
            name: " Hansaben Patel ".into(),
            phone: "+91 98250 11111".into(),
            roles: vec!["leader".into()],
            ..Default::default()
        }
    }

    #[test]
    fn a_member_is_active_and_a_member_by_default() {
        let v = draft().validate("IN").unwrap();
        assert_eq!(v.name, "Hansaben Patel");
        assert_eq!(v.status, Status::Active);
        assert!(v.roles.has(Role::Member) && v.roles.has(Role::Leader));
        assert_eq!(v.phone.as_deref(), Some("+919825011111"));
        assert_eq!(v.member_number, None);
    }

    #[test]
    fn bad_fields_are_each_named() {
        let mut d = draft();
        d.name = "".into();
        d.phone = "abc".into();
        d.member_number = "no spaces allowed".into();
        d.status = "boss".into();
        d.roles = vec!["king".into()];
        d.password = "short".into();
        let errs = d.validate("IN").unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(
            fields,
            vec!["name", "phone", "member_number", "status", "roles", "password"]
        );
    }

    #[test]
    fn member_numbers_are_short_and_plain() {
        assert!(MemberNumber::parse("DS-0012").is_some());
        assert!(MemberNumber::parse("2024/7").is_some());
        assert!(MemberNumber::parse("").is_none());
        assert!(MemberNumber::parse("a b").is_none());
        assert!(MemberNumber::parse(&"9".repeat(21)).is_none());
        for not_positive in ["0", "000", "-5", "-", "/7"] {
            assert!(MemberNumber::parse(not_positive).is_none(), "{not_positive}");
        }
        assert!(MemberNumber::parse("007").is_some());
    }

    #[test]
    fn page_numbers_are_clamped() {
        assert_eq!(page_number(None), 1);
        assert_eq!(page_number(Some(-4)), 1);
        assert_eq!(page_number(Some(7)), 7);
    }
}

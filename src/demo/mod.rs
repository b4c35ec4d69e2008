//! The demo: the organisations of the seed report with believable members.

mod names;
mod production;
mod protection;
mod sales;

use crate::auth::{Role, Roles, service as auth_service, store as people};
use crate::config::Config;
use crate::db::{Db, DbError, Tx};
use crate::members::model::{MemberNumber, Status, ValidMember};
use crate::orgs::{Bylaws, OrgDraft};
use crate::web::AppError;

/// The password of every demo person.
pub const DEMO_PASSWORD: &str = "tejido-demo";

/// One demo organisation.
pub struct DemoOrg {
    pub slug: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub country: &'static str,
    pub currency: &'static str,
    pub languages: &'static [&'static str],
    pub par: i64,
    pub quorum: i64,
    pub reserve: i64,
    /// Savings bylaws: minimum balance (minor units), days of notice, interest (basis points).
    pub savings: (i64, i64, i64),
    pub parents: &'static [&'static str],
    pub members: usize,
    /// How a member's login is made from her number: a phone prefix, or an email domain.
    pub login: Login,
    pub people: &'static names::People,
}

#[derive(Clone, Copy)]
pub enum Login {
    Phone(&'static str),
    Email(&'static str),
}

impl Login {
    /// The login of the n-th member (from 1).
    pub fn of(self, n: usize) -> String {
        match self {
            Login::Phone(prefix) => format!("{prefix}{n:04}"),
            Login::Email(domain) => format!("member{n:02}@{domain}"),
        }
    }
}

pub const ORGS: &[DemoOrg] = &[
    DemoOrg {
        slug: "homenet",
        name: "HomeNet International",
        kind: "network",
        country: "ZA",
        currency: "USD",
        languages: &["en", "es", "pt-BR", "hi", "fil", "am"],
        par: 0,
        quorum: 50,
        reserve: 0,
        savings: (0, 0, 0),
        parents: &[],
        members: 24,
        login: Login::Email("homenet.example"),
        people: &names::NETWORK,
    },
    DemoOrg {
        slug: "sewa-federation",
        name: "SEWA Cooperative Federation",
        kind: "federation",
        country: "IN",
        currency: "INR",
        languages: &["gu", "hi", "en"],
        par: 100_000,
        quorum: 50,
        reserve: 25,
        savings: (0, 0, 0),
        parents: &["homenet"],
        members: 26,
        login: Login::Phone("+91982510"),
        people: &names::INDIA,
    },
    DemoOrg {
        slug: "dura-sundari",
        name: "Dura Sundari",
        kind: "cooperative",
        country: "IN",
        currency: "INR",
        languages: &["gu", "hi"],
        par: 10_000,
        quorum: 50,
        reserve: 25,
        savings: (10_000, 0, 400),
        parents: &["sewa-federation"],
        members: 58,
        login: Login::Phone("+91982500"),
        people: &names::INDIA,
    },
    DemoOrg {
        slug: "patamaba-wise",
        name: "PATAMABA-WISE",
        kind: "producer_group",
        country: "PH",
        currency: "PHP",
        languages: &["fil", "en"],
        par: 50_000,
        quorum: 50,
        reserve: 10,
        savings: (10_000, 0, 200),
        parents: &["homenet"],
        members: 45,
        login: Login::Phone("+63917100"),
        people: &names::PHILIPPINES,
    },
    DemoOrg {
        slug: "aster-tadelech",
        name: "Aster, Tadelech and Friends Enterprise",
        kind: "cooperative",
        country: "ET",
        currency: "ETB",
        languages: &["am", "en"],
        par: 10_000,
        quorum: 51,
        reserve: 30,
        savings: (5_000, 7, 300),
        parents: &["homenet"],
        members: 32,
        login: Login::Phone("+25191100"),
        people: &names::ETHIOPIA,
    },
    DemoOrg {
        slug: "atemdo",
        name: "ATEMDO",
        kind: "association",
        country: "BR",
        currency: "BRL",
        languages: &["pt-BR"],
        par: 5_000,
        quorum: 50,
        reserve: 10,
        savings: (0, 0, 0),
        parents: &["homenet"],
        members: 40,
        login: Login::Phone("+551198000"),
        people: &names::BRAZIL,
    },
];

/// The operator's login.
pub const OPERATOR_EMAIL: &str = "operator@tejido.example";

/// Roles by member number: 1 president, 2 treasurer, 3 coordinator, 4 secretary.
pub fn roles_of(n: usize) -> Roles {
    let extra = match n {
        1 => vec![Role::Leader, Role::Admin],
        2 => vec![Role::Treasurer],
        3 => vec![Role::Coordinator],
        4 => vec![Role::Leader],
        _ => vec![],
    };
    let mut all = vec![Role::Member];
    all.extend(extra);
    Roles::new(all)
}

/// A few members are not (yet, or any longer) active.
fn status_of(n: usize, total: usize) -> Status {
    match total - n {
        0 | 1 => Status::Applicant,
        2 => Status::Suspended,
        3 => Status::Exited,
        _ => Status::Active,
    }
}

/// Removes the SQLite file of the demo, so the demo starts afresh. On PostgreSQL the
/// database must be empty; nothing is dropped there.
pub async fn reset(config: &Config) -> Result<(), DbError> {
    if let Some(path) = config.database_url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap_or(path);
        for suffix in ["", "-wal", "-shm"] {
            let f = format!("{path}{suffix}");
            match std::fs::remove_file(&f) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(DbError::Config(format!("{f}: {e}"))),
            }
        }
    }
    Ok(())
}

/// Loads the demo organisations and people into an empty database.
pub async fn load(db: &Db) -> Result<String, AppError> {
    let mut tx = db.begin_write().await?;
    if !crate::orgs::all(&mut tx).await?.is_empty() {
        return Err(AppError::Internal(
            "the database already holds organisations; the demo needs an empty one".into(),
        ));
    }
    // One hash for every demo person keeps loading fast; real people each get their own salt.
    let hash = auth_service::hash_blocking(DEMO_PASSWORD.to_string()).await?;
    people::insert_person(
        &mut tx,
        "Operator",
        None,
        Some(OPERATOR_EMAIL),
        Some(&hash),
        Some("en"),
        true,
    )
    .await?;
    let mut summary = vec![];
    for o in ORGS {
        let n = load_org(&mut tx, o, &hash).await?;
        summary.push(format!("{:<40} {:>3} members", o.name, n));
    }
    sales::unmet_searches(&mut tx).await?;
    tx.commit().await?;
    Ok(summary.join("\n"))
}

async fn load_org(tx: &mut Tx, o: &DemoOrg, hash: &str) -> Result<usize, AppError> {
    let draft = OrgDraft {
        slug: o.slug.into(),
        name: o.name.into(),
        kind: o.kind.into(),
        country: o.country.into(),
        currency: o.currency.into(),
        languages: o.languages.iter().map(|s| s.to_string()).collect(),
        timezone: String::new(),
        bylaws: Some(Bylaws {
            share_par_value: o.par,
            min_shares: 1,
            quorum_percent: o.quorum,
            reserve_percent: o.reserve,
            savings_min_balance: o.savings.0,
            savings_notice_days: o.savings.1,
            savings_interest_bp: o.savings.2,
            max_shares: 50,
            max_proxies: 1,
            // ATEMDO's bylaws admit new members by a decision of its board.
            admission: if o.slug == "atemdo" {
                "board".into()
            } else {
                "leader".into()
            },
            purchase_margin_bp: 500,
            // Philippine homework rules pay on receipt of the pieces; SEWA promised 10 days.
            pay_within_days: if o.country == "PH" { 0 } else { 10 },
        }),
    };
    let parents: Vec<String> = o.parents.iter().map(|s| s.to_string()).collect();
    let org = crate::orgs::service::create(tx, &draft, &parents).await?;
    let mut members = vec![];
    for n in 1..=o.members {
        // Two members of Dura Sundari share one phone, their household's: each logs in
        // on it with her name and her PIN (4545, 4646).
        let household = o.slug == "dura-sundari" && (n == 45 || n == 46);
        let login = if household { o.login.of(45) } else { o.login.of(n) };
        let (phone, email) = match o.login {
            Login::Phone(_) => (Some(login), None),
            Login::Email(_) => (None, Some(login)),
        };
        let status = status_of(n, o.members);
        let v = ValidMember {
            name: o.people.name(n),
            phone,
            email,
            member_number: MemberNumber::parse(&n.to_string()),
            // A member leaves after she joined: she is recorded active, then exits.
            status: if status == Status::Exited {
                Status::Active
            } else {
                status
            },
            roles: roles_of(n),
            trade: o.people.trade(n).to_string(),
            locality: o.people.locality(n).to_string(),
            password: None,
            // The members of these groups are women; a few did not say.
            gender: if n % 11 == 0 { String::new() } else { "woman".into() },
            shared_phone: household,
            pin: household.then(|| format!("{n}{n}")),
        };
        let m = crate::members::service::add_valid(tx, &org, &v, Some(hash), crate::members::service::Editor::SYSTEM)
            .await?;
        people::set_locale(tx, m.person_id, o.languages.first().copied().unwrap_or("en")).await?;
        if status == Status::Exited {
            crate::members::change_status(tx, org.id, &m, Status::Exited, &org.today(), "", None).await?;
        }
        if status == Status::Active {
            members.push(m);
        }
    }
    if o.par > 0 {
        books(tx, &org, &members).await?;
        purchases(tx, &org, &members).await?;
        production::production(tx, &org, &members).await?;
        sales::sales(tx, &org, &members).await?;
        protection::protection(tx, &org, &members).await?;
    }
    // Every organisation decides and elects, with or without share capital.
    votes(tx, &org, &members).await?;
    governance(tx, &org, &members).await?;
    Ok(o.members)
}

/// The first day of the month `back` months before today, ISO 8601.
fn month_start(back: i32) -> String {
    let today = time::OffsetDateTime::now_utc().date();
    let months = today.year() * 12 + i32::from(u8::from(today.month())) - 1 - back;
    format!("{:04}-{:02}-01", months.div_euclid(12), months.rem_euclid(12) + 1)
}

/// One line of the demo's year, by date: a share payment (member, amount) or an entry.
type DemoLine = (
    String,
    Option<(usize, i64)>,
    String,
    Option<Vec<crate::ledger::Posting>>,
);

/// A year of the organisation's money: shares paid, monthly savings, market sales, rent.
async fn books(tx: &mut Tx, org: &crate::orgs::Org, members: &[crate::members::MemberRow]) -> Result<(), AppError> {
    use crate::ledger::model::{Purpose, cashbook_postings};
    use crate::ledger::service::{account, member_account};
    let par = org.bylaws.share_par_value;
    let cash = account(tx, org, "1100").await?.id;
    // Descriptions in the organisation's own language, as its treasurer would write them.
    let tr = org.own_tr();
    let line = |date: String, who: Option<&str>, purpose: &str, counter: i64, amount: i64| {
        let p = Purpose::find(purpose);
        let label = p.map(|p| tr.t(&p.label())).unwrap_or_default();
        let description = match who {
            Some(name) => format!("{label} · {name}"),
            None => label,
        };
        (
            date,
            description,
            p.map(|p| cashbook_postings(p, cash, counter, amount)),
        )
    };
    let mut lines = vec![];
    // A share payment goes through the share register: (date, member, amount).
    let mut share_payments = vec![];
    let by = members.first().map(|m| m.person_id).unwrap_or(0);
    for (i, m) in members.iter().enumerate() {
        // Each member subscribed two to four shares when the year began and pays them
        // by instalments: one share's worth at first, a second later for some.
        let subscribed = 2 + i as i64 % 3;
        crate::shares::service::subscribe(tx, org, m, subscribed, &month_start(12), by).await?;
        share_payments.push((month_start(11 - (i as i32 % 3)), i, par));
        if i % 4 == 0 {
            share_payments.push((month_start(5), i, par));
        }
        if i % 3 == 0 {
            let savings = member_account(tx, org, "2100", m.id, &m.name).await?.id;
            // Every quarter, from the last quarter of last year.
            for q in 0..5 {
                lines.push(line(
                    month_start(13 - q * 3),
                    Some(&m.name),
                    "saving-deposit",
                    savings,
                    par / 2 * (1 + (i as i64 % 3)),
                ));
            }
        }
    }
    // The year opened with a working-capital grant (a federation's revolving fund, say),
    // which buys the raw materials before members pay for them.
    let grants = account(tx, org, "4500").await?.id;
    lines.push(line(month_start(12), None, "grant-received", grants, par * 300));
    let sales = account(tx, org, "4100").await?.id;
    let rent = account(tx, org, "5300").await?.id;
    let transport = account(tx, org, "5400").await?.id;
    for back in 0..12 {
        let d = month_start(back);
        let season = 20 + (back as i64 * 7) % 13;
        lines.push(line(d.clone(), None, "market-sale", sales, par * season));
        lines.push(line(d.clone(), None, "rent-paid", rent, par * 6));
        lines.push(line(d, None, "transport-paid", transport, par * 2));
    }
    // Share payments first on their day, then the rest, as the treasurer would.
    let mut day: Vec<DemoLine> = share_payments
        .into_iter()
        .map(|(d, i, amount)| (d, Some((i, amount)), String::new(), None))
        .chain(lines.into_iter().map(|(d, text, postings)| (d, None, text, postings)))
        .collect();
    day.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.is_some().cmp(&a.1.is_some())));
    for (date, share_payment, description, postings) in day {
        if let Some((i, amount)) = share_payment {
            crate::shares::service::pay(tx, org, &members[i], amount, &date, crate::ledger::Till::Cash, by).await?;
            continue;
        }
        let Some(postings) = postings else { continue };
        let entry = crate::ledger::NewEntry {
            date,
            description,
            source: "demo",
            source_id: None,
            reverses_id: None,
            planned: false,
            postings,
        };
        crate::ledger::post(tx, org, &entry, None).await?;
    }
    loans(tx, org, members).await?;
    // Where the bylaws ask for notice, one member has given it and waits.
    if org.bylaws.savings_notice_days > 0
        && let Some(m) = members.first()
    {
        let today = org.today();
        crate::savings::service::give_notice(tx, org, m, org.bylaws.share_par_value / 2, &today, m.person_id).await?;
    }
    closed_year(tx, org, members).await
}

/// A proposal decided last month by most members, and one open now with some votes in.
async fn votes(tx: &mut Tx, org: &crate::orgs::Org, members: &[crate::members::MemberRow]) -> Result<(), AppError> {
    use crate::votes::service::{self as votes, Draft};
    let Some(leader) = members.first() else {
        return Ok(());
    };
    let tr = org.own_tr();
    let today = org.today();
    let in_two_weeks = crate::db::parse_day(&today)
        .map(|d| crate::db::iso_day(d + time::Duration::days(14)))
        .unwrap_or_else(|| today.clone());
    for (title, closes, share) in [
        ("demo-proposal-decided", today.clone(), 3),
        ("demo-proposal-open", in_two_weeks, 2),
    ] {
        let draft = Draft {
            title: tr.t(title),
            kind: "yes_no".into(),
            closes_on: closes,
            ..Default::default()
        };
        let id = votes::open(tx, org, &draft, &today, leader.person_id).await?;
        // Of every four members, `share` vote yes and one votes no.
        for (i, m) in members.iter().enumerate().skip(1) {
            let choice = match i % 4 {
                k if k < share => 0,
                k if k == share => 1,
                _ => continue,
            };
            votes::vote(tx, org, id, m.id, &[choice], &today).await?;
        }
        if title == "demo-proposal-decided" {
            votes::close(tx, org, id, leader.person_id).await?;
        }
    }
    Ok(())
}

/// A day `days` from today (negative: before), ISO 8601.
fn day_from_today(days: i64) -> String {
    crate::db::iso_day(time::OffsetDateTime::now_utc().date() + time::Duration::days(days))
}

/// Offices and who held them, last year's general assembly with its minutes and
/// decisions, the board elected there by single transferable vote, and the next meeting.
async fn governance(
    tx: &mut Tx,
    org: &crate::orgs::Org,
    members: &[crate::members::MemberRow],
) -> Result<(), AppError> {
    use crate::elections::service as elections;
    use crate::meetings::service as meetings;
    if members.len() < 8 {
        return Ok(());
    }
    let tr = org.own_tr();
    let leader = members[0].person_id;
    let year = time::OffsetDateTime::now_utc().year();
    let place = members[0].locality.clone();
    // Offices: one president, secretary and treasurer, three board members; two-year
    // terms, two in a row at most.
    let mut offices = vec![];
    for (key, seats) in [
        ("office-president", 1),
        ("office-secretary", 1),
        ("office-treasurer", 1),
        ("office-board", 3),
    ] {
        offices.push(elections::create_office(tx, org, &tr.t(key), seats, 24, 2).await?);
    }
    // The officers before: two terms of the president, one of the others.
    let (before, last_term) = (format!("{}-01-01", year - 4), format!("{}-12-31", year - 3));
    let (recent, recent_end) = (format!("{}-01-01", year - 2), format!("{}-12-31", year - 1));
    elections::record_term(tx, org, offices[0], members[0].id, &before, &last_term).await?;
    elections::record_term(tx, org, offices[0], members[0].id, &recent, &recent_end).await?;
    elections::record_term(tx, org, offices[1], members[6].id, &recent, &recent_end).await?;
    elections::record_term(tx, org, offices[2], members[1].id, &recent, &recent_end).await?;
    for m in &members[2..5] {
        elections::record_term(tx, org, offices[3], m.id, &recent, &recent_end).await?;
    }
    // This term: the president stepped down after two terms (the limit), a new
    // president, secretary and treasurer seated at the assembly.
    let (now, now_end) = (format!("{year}-01-01"), format!("{}-12-31", year + 1));
    elections::record_term(tx, org, offices[0], members[3].id, &now, &now_end).await?;
    elections::record_term(tx, org, offices[1], members[6].id, &now, &now_end).await?;
    elections::record_term(tx, org, offices[2], members[1].id, &now, &now_end).await?;

    // Last year's general assembly.
    let ga_day = format!("{}-12-14", year - 1);
    let draft = meetings::Draft {
        kind: "general".into(),
        title: tr.ta("demo-ga-title", &[("year", i64::from(year - 1).into())]),
        date: ga_day.clone(),
        time: "10:00".into(),
        place: place.clone(),
        agenda: ["demo-agenda-accounts", "demo-agenda-surplus", "demo-agenda-election"]
            .iter()
            .map(|k| tr.t(k))
            .collect(),
    };
    let ga = meetings::create(tx, org, &draft, leader).await?;
    meetings::advance(tx, org, ga, "open").await?;
    for (i, m) in members.iter().enumerate() {
        if i % 5 < 3 {
            meetings::attend(tx, org, ga, m.id, if i % 2 == 0 { Some(leader) } else { None }).await?;
        }
    }
    // Two members who could not come sent their proxy with a neighbour.
    meetings::give_proxy(tx, org, ga, members[3].id, members[0].id).await?;
    meetings::give_proxy(tx, org, ga, members[4].id, members[1].id).await?;
    let items = crate::meetings::store::items(tx, org.id, ga).await?;
    for (item, key) in items.iter().zip([
        "demo-decision-accounts",
        "demo-decision-surplus",
        "demo-decision-election",
    ]) {
        meetings::decide(tx, org, ga, item.id, &tr.t(key), None, leader).await?;
    }
    meetings::save_minutes(tx, org, ga, &tr.t("demo-minutes")).await?;

    // The board elected at the assembly: five nominees, three seats, ranked ballots.
    let election = elections::start(tx, org, offices[3], "stv", &now, leader).await?;
    for m in &members[2..7] {
        elections::nominate(tx, org, election, &m.member_number, leader).await?;
    }
    let proposal = elections::open_voting(tx, org, election, &ga_day, &ga_day, leader).await?;
    for (i, m) in members.iter().enumerate() {
        let ballot: Vec<usize> = match i % 6 {
            0 => vec![0, 2, 1],
            1 => vec![1, 0],
            2 => vec![2, 3, 0],
            3 => vec![3, 2],
            4 => vec![0, 1, 4],
            _ => continue,
        };
        crate::votes::service::vote(tx, org, proposal, m.id, &ballot, &ga_day).await?;
    }
    elections::close(tx, org, election, leader).await?;
    meetings::advance(tx, org, ga, "closed").await?;

    // The next general assembly, three weeks from now, notices queued.
    let draft = meetings::Draft {
        kind: "general".into(),
        title: tr.ta("demo-ga-title", &[("year", i64::from(year).into())]),
        date: day_from_today(21),
        time: "10:00".into(),
        place,
        agenda: ["demo-agenda-accounts", "demo-agenda-thread"]
            .iter()
            .map(|k| tr.t(k))
            .collect(),
    };
    meetings::create(tx, org, &draft, leader).await?;
    Ok(())
}

/// A demo article: code, name, unit, pack size, pack price and retail price (in hundredths
/// of a share), category.
type DemoArticle = (&'static str, &'static str, &'static str, i64, i64, i64, &'static str);

/// Buying together: Dura Sundari's monthly thread and fabric rounds, ATEMDO's mixed raw
/// materials; three rounds settled this year with their savings and one open now.
async fn purchases(tx: &mut Tx, org: &crate::orgs::Org, members: &[crate::members::MemberRow]) -> Result<(), AppError> {
    use crate::purchases::service::{self as buy, ArticleDraft, Collectors, RoundDraft, Want};
    let rupee = org.bylaws.share_par_value / 100; // one hundredth of a share, in minor units
    let catalogue: Vec<(&str, Vec<DemoArticle>)> = match org.slug.as_str() {
        "dura-sundari" => vec![
            (
                "SEWA Federation thread supply",
                vec![
                    ("THR-WHT", "Cotton thread, white", "reel", 12, 240, 28, "thread"),
                    ("THR-RED", "Cotton thread, red", "reel", 12, 240, 28, "thread"),
                    ("BTN-12", "Shirt buttons (12)", "packet", 20, 300, 20, "trims"),
                ],
            ),
            (
                "Ratanpol cloth market",
                vec![
                    ("FAB-POP", "Poplin, printed", "metre", 25, 1_500, 80, "fabric"),
                    ("FAB-CAM", "Cambric, white", "metre", 25, 1_250, 70, "fabric"),
                ],
            ),
        ],
        "atemdo" => vec![(
            "Distribuidora Brás",
            vec![
                ("LIN-AL", "Linha de algodão", "reel", 10, 60, 9, "aviamentos"),
                ("TEC-TRI", "Tecido tricoline", "metre", 50, 900, 24, "tecidos"),
                ("ELA-10", "Elástico 10 mm", "metre", 100, 150, 3, "aviamentos"),
            ],
        )],
        // Washable pads need flannel, a waterproof layer and snaps, bought by the bolt.
        "aster-tadelech" => vec![(
            "መርካቶ ጨርቃጨርቅ ነጋዴዎች",
            vec![
                ("FLN-COT", "የጥጥ ፍላኔል", "metre", 20, 200, 14, "ጨርቅ"),
                ("PUL-WP", "ውሃ የማያስገባ ጨርቅ", "metre", 10, 240, 30, "ጨርቅ"),
                ("SNP-100", "የልብስ ቁልፍ (ስናፕ)", "piece", 100, 60, 1, "ቁልፍ"),
            ],
        )],
        _ => return Ok(()),
    };
    if members.len() < 8 {
        return Ok(());
    }
    let leader = members[0].person_id;
    let year_start = format!("{}-01-01", time::OffsetDateTime::now_utc().year());
    let mut suppliers = vec![];
    for (name, articles) in &catalogue {
        // Dura Sundari's thread comes from its federation, on this same Tejido.
        let from = (org.slug == "dura-sundari" && name.starts_with("SEWA")).then_some("sewa-federation");
        let id = buy::create_supplier(tx, org, name, "", "", from).await?;
        for (code, article, unit, pack, pack_price, retail, category) in articles {
            let a = ArticleDraft {
                code: code.to_string(),
                name: article.to_string(),
                unit: unit.to_string(),
                pack_size: *pack,
                pack_price: pack_price * rupee,
                min_packs: 1,
                category: category.to_string(),
                retail_price: retail * rupee,
            };
            buy::put_article(tx, org, id, &a, &year_start).await?;
        }
        suppliers.push(id);
    }
    let tr = org.own_tr();
    // Three rounds settled, a month apart, and one open now.
    for back in [3i64, 2, 1, 0] {
        let closes = std::cmp::max(day_from_today(-30 * back), year_start.clone());
        let collection = if back == 0 {
            day_from_today(12)
        } else {
            std::cmp::max(day_from_today(-30 * back + 3), year_start.clone())
        };
        let draft = RoundDraft {
            title: tr.ta("demo-round-title", &[("date", tr.fmt().date(&closes).into())]),
            suppliers: suppliers.clone(),
            closes_at: if back == 0 {
                format!("{}T18:00", day_from_today(10))
            } else {
                format!("{closes}T18:00")
            },
            collection_on: collection.clone(),
            place: members[0].locality.clone(),
            rule: if back % 2 == 0 {
                "proportional".into()
            } else {
                "first_come".into()
            },
            keep_partial: back == 2,
        };
        let id = buy::create_round(tx, org, &draft, leader).await?;
        // Opened a week before it closes; members ask in the days between.
        let opened = format!(
            "{}T09:00",
            std::cmp::min(day_from_today(-30 * back - 7), closes.clone())
        );
        buy::open(tx, org, id, &opened).await?;
        let articles = crate::purchases::store::round_articles(tx, org.id, id).await?;
        for (i, m) in members.iter().enumerate() {
            if i % 3 == 2 || (back == 0 && i % 2 == 1) {
                continue;
            }
            let wants: Vec<Want> = articles
                .iter()
                .enumerate()
                .filter(|(k, _)| (i + k) % 2 == 0)
                .map(|(k, a)| Want {
                    article_id: a.id,
                    quantity: a.pack_size / 3 + ((i + k) as i64 % 5),
                    tolerance: if i % 4 == 0 { a.pack_size / 4 } else { 0 },
                })
                .collect();
            let asked = if back == 0 {
                org.clock()
            } else {
                format!("{closes}T12:00")
            };
            buy::request(tx, org, id, m.id, &wants, &asked, m.person_id).await?;
        }
        if back == 0 {
            continue;
        }
        buy::close(tx, org, id).await?;
        buy::order(tx, org, id).await?;
        // The last round's cloth came two metres short.
        let lines = crate::purchases::store::lines(tx, org.id, id).await?;
        let came: Vec<crate::purchases::service::Received> = lines
            .iter()
            .map(|l| crate::purchases::service::Received {
                article_id: l.article_id,
                units: l.packs * l.pack_size
                    - if back == 1 && l.pack_size == 25 && l.packs > 0 {
                        2
                    } else {
                        0
                    },
                pack_price: l.pack_price,
            })
            .collect();
        buy::receive(tx, org, id, &came, false, &collection, leader).await?;
        let shares = buy::get(tx, org, id).await?.shares;
        // Some pay cash at the desk; the rest are charged to their accounts together.
        for s in shares.iter().skip(1).step_by(2) {
            let cash = Some(crate::ledger::Till::Cash);
            buy::collect(
                tx,
                org,
                id,
                Collectors::These(&[s.member_id]),
                cash,
                &collection,
                leader,
            )
            .await?;
        }
        buy::collect(tx, org, id, Collectors::AllWaiting, None, &collection, leader).await?;
        buy::pay_supplier(tx, org, id, crate::ledger::Till::Cash, &collection, leader).await?;
        buy::finish(tx, org, id).await?;
        buy::settle(tx, org, id).await?;
    }
    Ok(())
}

/// Three loans: one repaid on time so far, one in arrears, one awaiting approval.
async fn loans(tx: &mut Tx, org: &crate::orgs::Org, members: &[crate::members::MemberRow]) -> Result<(), AppError> {
    use crate::loans::service::{self as loans, ProductDraft};
    let (Some(leader), Some(second)) = (members.first(), members.get(3)) else {
        return Ok(());
    };
    let tr = org.own_tr();
    let product = ProductDraft {
        name: tr.t("acct-loans-to-members"),
        method: "flat".into(),
        annual_rate_bp: 1_200,
        instalments: 10,
        frequency: "monthly".into(),
        max_savings_multiple: 0,
        two_approvals: false,
    };
    let product_id = loans::create_product(tx, org, &product).await?;
    let amount = org.bylaws.share_par_value * 50;
    let today = org.today();
    let borrowers: Vec<&crate::members::MemberRow> = members.iter().skip(5).step_by(7).take(3).collect();
    for (i, m) in borrowers.iter().enumerate() {
        // Applied for, approved and paid out on the same day; the last one waits today.
        let start = if i == 2 {
            today.clone()
        } else {
            month_start(5 - i as i32)
        };
        let id = loans::apply(
            tx,
            org,
            m.id,
            product_id,
            amount,
            &tr.t("acct-raw-material-stock"),
            &start,
        )
        .await?;
        if i == 2 {
            continue;
        }
        loans::approve(tx, org, id, leader.person_id, &start).await?;
        loans::disburse(tx, org, id, &start, crate::ledger::Till::Cash, second.person_id).await?;
        // The first borrower pays each month; the second paid once and then stopped.
        let paid_months = if i == 0 { 5 } else { 1 };
        let instalment = amount / 10 + amount * 12 / 100 / 12;
        for k in 0..paid_months {
            let Some(on) = paid_on(&month_start(4 - i as i32 - k), &today) else {
                continue;
            };
            loans::repay(
                tx,
                org,
                id,
                instalment,
                &on,
                crate::ledger::Till::Cash,
                second.person_id,
            )
            .await?;
        }
    }
    Ok(())
}

/// The fifth of the month that starts on `first`, or None while that day has not come
/// (a repayment is never dated in the future).
fn paid_on(first: &str, today: &str) -> Option<String> {
    let fifth = crate::db::iso_day(crate::db::parse_day(first)? + time::Duration::days(4));
    (fifth.as_str() <= today).then_some(fifth)
}

/// Last calendar year closed, its surplus shared equally among active members.
async fn closed_year(
    tx: &mut Tx,
    org: &crate::orgs::Org,
    members: &[crate::members::MemberRow],
) -> Result<(), AppError> {
    use crate::surplus::model::Rule;
    use crate::surplus::service::{self as surplus, Proposal};
    let year = crate::db::today()
        .get(..4)
        .and_then(|y| y.parse::<i32>().ok())
        .unwrap_or(2026)
        - 1;
    let p = Proposal {
        from: format!("{year}-01-01"),
        through: format!("{year}-12-31"),
        rule: Rule {
            reserve_bp: org.bylaws.reserve_percent * 100,
            education_bp: surplus::default_education_bp(&org.country),
            share_interest_bp: 0,
        },
        measure: "equal".into(),
        destination: "savings".into(),
    };
    let (Some(leader), Some(treasurer)) = (members.first(), members.get(1)) else {
        return Ok(());
    };
    // The year's interest on savings, where the bylaws pay it, before the year closes.
    if org.bylaws.savings_interest_bp > 0 {
        let tr = org.own_tr();
        let description = tr.ta(
            "savings-interest-entry",
            &[("from", p.from.clone().into()), ("through", p.through.clone().into())],
        );
        match crate::savings::service::credit_interest(tx, org, &p.from, &p.through, &description, treasurer.person_id)
            .await
        {
            Ok(_) | Err(AppError::Invalid(_)) => {}
            Err(e) => return Err(e),
        }
    }
    if crate::ledger::service::surplus(tx, org, &p.from, &p.through).await? <= 0 {
        return Ok(());
    }
    let id = surplus::propose(tx, org, &p, treasurer.person_id).await?;
    surplus::approve(tx, org, id, leader.person_id).await
}

//! The `tejido` command: parses, then calls the library.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tejido::app;
use tejido::auth::{service as auth_service, store as people};
use tejido::config::Config;
use tejido::members::{self, MemberDraft};
use tejido::orgs::{self, OrgDraft};
use tejido::web::AppError;

#[derive(Parser)]
#[command(
    name = "tejido",
    version,
    about = "Tejido: the books, members and work of solidarity enterprises of home-based workers"
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Global {
    /// Folder of the embedded database and other data.
    #[arg(long, global = true, env = "TEJIDO_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
    /// sqlite://FILE or postgres://…; defaults to the SQLite file in the data folder.
    #[arg(long, global = true, env = "DATABASE_URL")]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Serves Tejido over HTTP.
    Serve(ServeArgs),
    /// Applies the database migrations.
    Migrate,
    /// Creates a fresh database with the demo organisations and serves it.
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// Only create the demo database.
        #[arg(long)]
        no_serve: bool,
    },
    /// Organisations.
    #[command(subcommand)]
    Org(OrgCommand),
    /// People.
    #[command(subcommand)]
    User(UserCommand),
    /// API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Recomputes the chain of journal entries and exits non-zero at the first altered one.
    Verify {
        /// One organisation (short name); all when absent.
        #[arg(long)]
        org: Option<String>,
    },
    /// Writes the books as a plain-text journal (hledger/ledger or beancount).
    Export {
        /// What to export: `journal`.
        what: String,
        #[arg(long)]
        org: String,
        /// ledger (also read by hledger) or beancount.
        #[arg(long, default_value = "ledger")]
        format: String,
        /// A file to write; standard output when absent.
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// Copies the SQLite database, online and consistent, to a new file.
    Backup {
        /// The new file.
        #[arg(long)]
        to: PathBuf,
    },
}

#[derive(Args, Clone)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TEJIDO_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Mark the session cookie Secure (default: on unless listening on loopback).
    #[arg(long, env = "TEJIDO_COOKIE_SECURE")]
    cookie_secure: Option<bool>,
    /// Where people reach Tejido, e.g. https://coop.example; https makes cookies Secure and sends HSTS.
    #[arg(long, env = "TEJIDO_PUBLIC_URL")]
    public_url: Option<String>,
    /// Proxies trusted to name the client in Forwarded / X-Forwarded-For (comma-separated addresses).
    #[arg(long, env = "TEJIDO_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxy: Vec<std::net::IpAddr>,
    /// The bearer token /metrics asks for; without one, /metrics answers only on loopback.
    #[arg(long, env = "TEJIDO_METRICS_TOKEN")]
    metrics_token: Option<String>,
    /// How SMS notices leave: log, africastalking:USER:KEY[:FROM], msg91:AUTHKEY, or http:{"url": …}.
    #[arg(long, env = "TEJIDO_SMS_GATEWAY", default_value = "")]
    sms_gateway: String,
    /// How WhatsApp notices leave: log, or whatsapp:PHONE_NUMBER_ID:TOKEN.
    #[arg(long, env = "TEJIDO_WHATSAPP_GATEWAY", default_value = "")]
    whatsapp_gateway: String,
    /// How email notices leave: log, smtp://user:pass@host:587?tls=required&from=ADDRESS (or smtps://), or http:{"url": …}.
    #[arg(long, env = "TEJIDO_EMAIL_GATEWAY", default_value = "")]
    email_gateway: String,
    /// The token carriers add to the webhook address (?token=…) for receipts and STOP replies.
    #[arg(long, env = "TEJIDO_HOOK_TOKEN")]
    hook_token: Option<String>,
}

impl ServeArgs {
    fn apply(&self, c: Config) -> Config {
        let mut c = c.with_public_url(self.public_url.clone());
        c.trusted_proxies = self.trusted_proxy.clone();
        c.metrics_token = self.metrics_token.clone().filter(|t| !t.is_empty());
        c.sms_gateway = self.sms_gateway.clone();
        c.whatsapp_gateway = self.whatsapp_gateway.clone();
        c.email_gateway = self.email_gateway.clone();
        c.hook_token = self.hook_token.clone().filter(|t| !t.is_empty());
        c
    }
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Creates an organisation.
    Create {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        /// cooperative, producer_group, self_help_group, union, association, federation, network
        #[arg(long, default_value = "cooperative")]
        kind: String,
        /// ISO 3166 alpha-2, e.g. IN
        #[arg(long)]
        country: String,
        /// ISO 4217, e.g. INR
        #[arg(long)]
        currency: String,
        /// Comma-separated: en, hi, gu, fil, am, es, pt-BR
        #[arg(long, default_value = "en")]
        languages: String,
        /// Federations or networks it belongs to (short names, comma-separated).
        #[arg(long, default_value = "")]
        parents: String,
    },
    /// Lists organisations.
    List,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Creates a person; with --org, also a member there.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// The operator manages organisations.
        #[arg(long)]
        operator: bool,
        #[arg(long)]
        org: Option<String>,
        /// Roles in --org beyond member: leader, treasurer, coordinator, admin (comma-separated).
        #[arg(long, default_value = "")]
        roles: String,
        /// Read the password from the first line of standard input (else one is generated).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Sets a person's password, read from the first line of standard input.
    SetPassword {
        /// Phone number or email address.
        #[arg(long)]
        login: String,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Creates an API token for a person in an organisation; printed once.
    Create {
        /// Phone number or email address.
        #[arg(long)]
        login: String,
        #[arg(long)]
        org: String,
        #[arg(long, default_value = "cli")]
        label: String,
    },
    /// Lists every API token (never the token itself): id, organisation, person, label.
    List,
    /// Revokes an API token by its id.
    Revoke {
        #[arg(long)]
        id: i64,
    },
}

#[derive(Debug)]
struct Failure(String);

impl From<AppError> for Failure {
    fn from(e: AppError) -> Failure {
        match e {
            AppError::Invalid(fields) => Failure(
                fields
                    .iter()
                    .map(|f| {
                        format!(
                            "{}: {}",
                            f.field,
                            tejido::i18n::Tr::new(tejido::i18n::Locale::En).t(f.message)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            other => Failure(other.to_string()),
        }
    }
}

impl From<tejido::db::DbError> for Failure {
    fn from(e: tejido::db::DbError) -> Failure {
        Failure(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure(e.to_string())
    }
}

fn read_password() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let p = line.trim_end_matches(['\r', '\n']).to_string();
    if !tejido::auth::model::password_ok(&p) {
        return Err(Failure(format!(
            "the password needs at least {} characters",
            tejido::auth::model::MIN_PASSWORD
        )));
    }
    Ok(p)
}

async fn serve(config: Config) -> Result<(), Failure> {
    let bind = config.bind;
    let state = app::state(config).await?;
    let listener = tokio::net::TcpListener::bind(bind).await?;
    tracing::info!("Tejido listening on http://{}", listener.local_addr()?);
    println!("Tejido is serving on http://{}", listener.local_addr()?);
    app::serve_on(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let g = cli.global;
    let default_bind: SocketAddr = ([127, 0, 0, 1], 8080).into();
    let config =
        |bind: SocketAddr, secure: Option<bool>| Config::new(g.data_dir.clone(), g.database_url.clone(), bind, secure);
    match cli.command {
        Command::Serve(a) => serve(a.apply(config(a.bind, a.cookie_secure))).await,
        Command::Migrate => {
            app::state(config(default_bind, None)).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Demo { serve: a, no_serve } => {
            let mut cfg = a.apply(config(a.bind, a.cookie_secure));
            // The demo's notices go to the log unless a gateway is set.
            for g in [&mut cfg.sms_gateway, &mut cfg.whatsapp_gateway, &mut cfg.email_gateway] {
                if g.is_empty() {
                    *g = "log".into();
                }
            }
            tejido::demo::reset(&cfg).await?;
            let state = app::state(cfg.clone()).await?;
            let summary = tejido::demo::load(&state.db).await?;
            println!("{summary}");
            state.db.close().await;
            if no_serve { Ok(()) } else { serve(cfg).await }
        }
        Command::Org(OrgCommand::Create {
            slug,
            name,
            kind,
            country,
            currency,
            languages,
            parents,
        }) => {
            let state = app::state(config(default_bind, None)).await?;
            let draft = OrgDraft {
                slug,
                name,
                kind,
                country,
                currency,
                languages: languages.split(',').map(|s| s.trim().to_string()).collect(),
                bylaws: None,
                timezone: String::new(),
            };
            let parents: Vec<String> = parents
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            let mut tx = state.db.begin_write().await?;
            let org = orgs::service::create(&mut tx, &draft, &parents).await?;
            tx.commit().await?;
            println!("created {} ({})", org.name, org.slug);
            Ok(())
        }
        Command::Org(OrgCommand::List) => {
            let state = app::state(config(default_bind, None)).await?;
            let mut tx = state.db.begin().await?;
            for o in orgs::all(&mut tx).await? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    o.slug,
                    o.kind.as_str(),
                    o.country,
                    o.currency.code(),
                    o.name
                );
            }
            Ok(())
        }
        Command::User(UserCommand::Create {
            name,
            phone,
            email,
            operator,
            org,
            roles,
            password_stdin,
        }) => {
            let state = app::state(config(default_bind, None)).await?;
            let (password, generated) = if password_stdin {
                (read_password()?, false)
            } else {
                (tejido::auth::random_token(8), true)
            };
            let hash = auth_service::hash_password(&password)?;
            let mut tx = state.db.begin_write().await?;
            let draft = MemberDraft {
                name: name.clone(),
                phone: phone.clone().unwrap_or_default(),
                email: email.clone().unwrap_or_default(),
                roles: roles
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
                ..Default::default()
            };
            let org = match &org {
                Some(slug) => Some(
                    orgs::by_slug(&mut tx, slug)
                        .await?
                        .ok_or_else(|| Failure(format!("no organisation {slug}")))?,
                ),
                None => None,
            };
            // A local number is read in the organisation's country; without one, only
            // the international form (+…) is understood.
            let country = org.as_ref().map_or("", |o| o.country.as_str());
            let valid = draft.validate(country).map_err(AppError::Invalid)?;
            if valid.phone.is_none() && valid.email.is_none() {
                return Err(Failure(
                    "a person needs a phone number or an email address to log in".into(),
                ));
            }
            let person_id = match org {
                Some(org) => {
                    let m = members::service::add_valid(
                        &mut tx,
                        &org,
                        &valid,
                        Some(&hash),
                        members::service::Editor::SYSTEM,
                    )
                    .await?;
                    m.person_id
                }
                None => people::insert_person(
                    &mut tx,
                    &valid.name,
                    valid.phone.as_deref(),
                    valid.email.as_deref(),
                    Some(&hash),
                    None,
                    operator,
                )
                .await
                .map_err(|e| {
                    if e.is_unique_violation() {
                        Failure("a person with this phone or email exists".into())
                    } else {
                        e.into()
                    }
                })?,
            };
            if operator {
                people::set_operator(&mut tx, person_id, true).await?;
            }
            tx.commit().await?;
            println!("created {name} (person {person_id})");
            if generated {
                println!("password: {password}");
            }
            Ok(())
        }
        Command::User(UserCommand::SetPassword { login }) => {
            let state = app::state(config(default_bind, None)).await?;
            let id = tejido::auth::model::LoginId::parse(&login)
                .ok_or_else(|| Failure("not a phone number or email address".into()))?;
            let password = read_password()?;
            let hash = auth_service::hash_password(&password)?;
            let mut tx = state.db.begin_write().await?;
            let p = auth_service::find_by_login(&mut tx, &id)
                .await?
                .ok_or_else(|| Failure(format!("no person {login}")))?;
            people::set_password_hash(&mut tx, p.id, &hash).await?;
            tx.commit().await?;
            println!("password set for {}", p.name);
            Ok(())
        }
        Command::Token(TokenCommand::Create { login, org, label }) => {
            let state = app::state(config(default_bind, None)).await?;
            let id = tejido::auth::model::LoginId::parse(&login)
                .ok_or_else(|| Failure("not a phone number or email address".into()))?;
            let mut tx = state.db.begin_write().await?;
            let p = auth_service::find_by_login(&mut tx, &id)
                .await?
                .ok_or_else(|| Failure(format!("no person {login}")))?;
            let o = orgs::by_slug(&mut tx, &org)
                .await?
                .ok_or_else(|| Failure(format!("no organisation {org}")))?;
            if members::active_membership(&mut tx, o.id, p.id).await?.is_none() {
                return Err(Failure(format!("{} is not an active member of {}", p.name, o.name)));
            }
            let token = auth_service::create_token(&mut tx, o.id, p.id, &label).await?;
            tx.commit().await?;
            println!("{token}");
            Ok(())
        }
        Command::Token(TokenCommand::List) => {
            let state = app::state(config(default_bind, None)).await?;
            let mut tx = state.db.begin().await?;
            for t in people::tokens(&mut tx, None).await? {
                let org = orgs::by_id(&mut tx, t.org_id)
                    .await?
                    .map(|o| o.slug)
                    .unwrap_or_default();
                let who = people::person(&mut tx, t.person_id)
                    .await?
                    .map(|p| p.name)
                    .unwrap_or_default();
                println!("{}\t{org}\t{who}\t{}\tcreated {}", t.id, t.label, t.created_at);
            }
            Ok(())
        }
        Command::Token(TokenCommand::Revoke { id }) => {
            let state = app::state(config(default_bind, None)).await?;
            let mut tx = state.db.begin_write().await?;
            if !people::revoke_token(&mut tx, id, None).await? {
                return Err(Failure(format!("no token {id}")));
            }
            tx.commit().await?;
            println!("token {id} revoked");
            Ok(())
        }
        Command::Verify { org } => {
            let state = app::state(config(default_bind, None)).await?;
            let mut tx = state.db.begin().await?;
            let orgs = match org {
                Some(slug) => vec![
                    orgs::by_slug(&mut tx, &slug)
                        .await?
                        .ok_or_else(|| Failure(format!("no organisation {slug}")))?,
                ],
                None => orgs::all(&mut tx).await?,
            };
            let mut bad = vec![];
            // Every organisation is checked and reported, whatever one of them holds.
            for o in orgs {
                match tejido::ledger::verify(&mut tx, &o).await {
                    Ok(Ok(n)) => println!("{}: {n} entries, chain and balances intact", o.slug),
                    Ok(Err(t)) => bad.push(format!("{}: entry #{} was altered: {}", o.slug, t.seq, t.reason)),
                    Err(e) => bad.push(format!("{}: the books could not be read: {e}", o.slug)),
                }
            }
            if bad.is_empty() {
                Ok(())
            } else {
                Err(Failure(bad.join("\n")))
            }
        }
        Command::Export { what, org, format, to } => {
            if what != "journal" {
                return Err(Failure(format!("can export `journal`, not `{what}`")));
            }
            let format = tejido::ledger::export::Format::parse(&format)
                .ok_or_else(|| Failure(format!("unknown format {format}: use ledger or beancount")))?;
            let state = app::state(config(default_bind, None)).await?;
            let mut tx = state.db.begin().await?;
            let o = orgs::by_slug(&mut tx, &org)
                .await?
                .ok_or_else(|| Failure(format!("no organisation {org}")))?;
            let result = match to {
                Some(path) => {
                    let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
                    tejido::ledger::service::export(&mut tx, &o, format, &mut file).await
                }
                None => {
                    let mut stdout = std::io::BufWriter::new(UntilClosed(std::io::stdout(), false));
                    tejido::ledger::service::export(&mut tx, &o, format, &mut stdout).await
                }
            };
            Ok(result?)
        }
        Command::Backup { to } => {
            let state = app::state(config(default_bind, None)).await?;
            state.db.backup_to(&to).await?;
            println!("backup written to {}", to.display());
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "tejido=info,warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("tejido: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(msg)) => {
            eprintln!("tejido: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// Standard output for a reader that may stop early (`| head`): once the pipe is closed,
/// the rest is dropped without an error.
struct UntilClosed(std::io::Stdout, bool);

impl std::io::Write for UntilClosed {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.1 {
            return Ok(buf.len());
        }
        match self.0.write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.1 = true;
                Ok(buf.len())
            }
            r => r,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.0.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            r => r,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_valid() {
        super::Cli::command().debug_assert();
    }
}

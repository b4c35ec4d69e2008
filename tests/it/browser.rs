//! A key journey in headless Chromium: a leader logs in, switches to Gujarati, adds a
//! member and finds her in the list.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::common::*;

struct Driver {
    child: Child,
    port: u16,
    profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_chromedriver() -> Option<&'static str> {
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
}

async fn start_driver() -> Option<Driver> {
    let Some(bin) = find_chromedriver() else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("CI=true but chromedriver is not installed: .ci/run installs chromium-driver");
        }
        eprintln!("skipping the browser test: no chromedriver");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Some(Driver {
        child,
        port,
        profile: tempfile::tempdir().unwrap(),
    })
}

/// One browser at a time: three Chromiums on a 2-core CI machine starve each other.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// How long a page may take on a loaded CI machine before the test gives up.
const PATIENCE: Duration = Duration::from_secs(90);

/// Waits for an element to appear.
async fn wait_for(
    b: &fantoccini::Client,
    locator: Locator<'_>,
) -> Result<fantoccini::elements::Element, fantoccini::error::CmdError> {
    b.wait().at_most(PATIENCE).for_element(locator).await
}

/// Fails the test with where the browser was and what it showed, not just the error.
async fn explain(b: &fantoccini::Client, result: Result<(), fantoccini::error::CmdError>) {
    if let Err(e) = result {
        let url = b.current_url().await.map(|u| u.to_string()).unwrap_or_default();
        let page = b.source().await.unwrap_or_default();
        let _ = b.clone().close().await;
        panic!("{e:?} at {url}\n{}", page.chars().take(3000).collect::<String>());
    }
    let _ = b.clone().close().await;
}

async fn browser(driver: &Driver) -> fantoccini::Client {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or("/usr/bin/chromium");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=360,800", "--lang=en",
                     format!("--user-data-dir={}", driver.profile.path().display())],
            // A desktop window is never narrower than about 500 px: the phone is emulated.
            "mobileEmulation": {"deviceMetrics": {"width": 360, "height": 800, "pixelRatio": 2.0, "touch": true}},
        }),
    );
    ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leader_switches_to_gujarati_and_adds_a_member() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let b = browser(&driver).await;
    let result = journey(&app, &b).await;
    explain(&b, result).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_treasurer_records_money_in_and_the_member_reads_her_passbook() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let b = browser(&driver).await;
    let result = money_in(&app, &b).await;
    explain(&b, result).await;
}

/// Logs out and waits until the page says so, so the next navigation cannot race it.
async fn log_out(b: &fantoccini::Client) -> Result<(), fantoccini::error::CmdError> {
    b.find(Locator::Css("header form button")).await?.click().await?;
    wait_for(b, Locator::Css("header.top a[href='/login']")).await?;
    Ok(())
}

async fn log_in(app: &TestApp, b: &fantoccini::Client, login: &str) -> Result<(), fantoccini::error::CmdError> {
    b.goto(&app.url("/lang/en?next=/login")).await?;
    // After a logout the browser may still be leaving the last page: wait for the form.
    wait_for(b, Locator::Id("identifier")).await?.send_keys(login).await?;
    b.find(Locator::Id("password")).await?.send_keys("tejido-demo").await?;
    b.find(Locator::Css("main form button[type=submit]"))
        .await?
        .click()
        .await?;
    // Let the login answer arrive (its cookie with it) before going anywhere else.
    wait_for(b, Locator::Css("header form button")).await?;
    b.goto(&app.url("/lang/en?next=/")).await
}

async fn money_in(app: &TestApp, b: &fantoccini::Client) -> Result<(), fantoccini::error::CmdError> {
    log_in(app, b, DS_TREASURER).await?;
    b.goto(&app.url("/o/dura-sundari/books")).await?;
    b.find(Locator::Css("a[href='/o/dura-sundari/books/cashbook']"))
        .await?
        .click()
        .await?;
    b.find(Locator::Css("#purpose option[value=saving-deposit]"))
        .await?
        .click()
        .await?;
    b.find(Locator::Id("amount")).await?.send_keys("1234.50").await?;
    b.find(Locator::Id("member_number")).await?.send_keys("5").await?;
    b.find(Locator::Css("main form button[type=submit]"))
        .await?
        .click()
        .await?;
    // Before posting to "member 5" she sees who that is, and confirms.
    wait_for(b, Locator::Css("form.confirm")).await?;
    let asked = b.source().await?;
    assert!(
        asked.contains("member 5") && asked.contains("₹1,234.50"),
        "her name and the amount"
    );
    b.find(Locator::Css("form.confirm button[type=submit]"))
        .await?
        .click()
        .await?;
    // Wait for the receipt page that the form leads to.
    wait_for(b, Locator::Css("section.receipt")).await?;
    let receipt = b.source().await?;
    assert!(receipt.contains("₹1,234.50"), "the receipt shows the amount");
    // On the shared phone the treasurer logs out; the member logs in and opens her passbook.
    log_out(b).await?;
    log_in(app, b, DS_MEMBER).await?;
    // Her home opens on her figures; her passbook is one tap away.
    b.goto(&app.url("/")).await?;
    wait_for(b, Locator::Css("section.mine")).await?;
    b.find(Locator::Css("section.mine a.button[href$='/passbook']"))
        .await?
        .click()
        .await?;
    wait_for(b, Locator::Css("section.passbook")).await?;
    let passbook = b.source().await?;
    assert!(
        passbook.contains("Passbook") && passbook.contains("₹1,234.50"),
        "her saving is in her passbook"
    );
    assert!(passbook.contains("entered by"), "who wrote the line in her book");
    Ok(())
}

async fn journey(app: &TestApp, b: &fantoccini::Client) -> Result<(), fantoccini::error::CmdError> {
    // Start in English, whatever the browser says.
    log_in(app, b, DS_LEADER).await?;
    b.goto(&app.url("/lang/en?next=/o/dura-sundari")).await?;
    let page = b.source().await?;
    assert!(page.contains("Add a member"), "English first");
    // Switch to Gujarati with the switcher at the foot of the page.
    b.find(Locator::Css("nav.langs a[lang=gu]")).await?.click().await?;
    wait_for(b, Locator::Css("html[lang=gu]")).await?;
    let page = b.source().await?;
    assert!(page.contains("સભ્ય ઉમેરો"), "the dashboard is in Gujarati");
    b.find(Locator::Css("a[href='/o/dura-sundari/members/new']"))
        .await?
        .click()
        .await?;
    b.find(Locator::Id("name")).await?.send_keys("ગીતાબેન ચાવડા").await?;
    b.find(Locator::Id("phone")).await?.send_keys("+91 98250 55555").await?;
    b.find(Locator::Id("trade")).await?.send_keys("ભરતકામ").await?;
    b.find(Locator::Css("main form button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_for(b, Locator::XPath("//h1[contains(., 'ગીતાબેન ચાવડા')]")).await?;
    let page = b.source().await?;
    assert!(page.contains("ગીતાબેન ચાવડા"), "her page after saving");
    b.goto(&app.url("/o/dura-sundari/members")).await?;
    b.find(Locator::Id("q")).await?.send_keys("ગીતાબેન").await?;
    b.find(Locator::Css("form.search button")).await?.click().await?;
    wait_for(b, Locator::XPath("//td//a[contains(., 'ગીતાબેન ચાવડા')]")).await?;
    let page = b.source().await?;
    assert!(page.contains("ગીતાબેન ચાવડા"), "she is in the list");
    assert!(page.contains("1 સભ્ય"), "one match, counted in Gujarati");
    Ok(())
}

/// A member opens her home page, votes on the open proposal and sees her vote recorded;
/// a leader closes the vote and reads the result.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_votes_and_a_leader_reads_the_result() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let b = browser(&driver).await;
    let result = voting(&app, &b).await;
    explain(&b, result).await;
}

async fn voting(app: &TestApp, b: &fantoccini::Client) -> Result<(), fantoccini::error::CmdError> {
    // Member 8 has not voted on the demo's open proposal yet.
    log_in(app, b, "+919825000008").await?;
    b.goto(&app.url("/o/dura-sundari")).await?;
    assert!(b.source().await?.contains("Open for your vote"));
    b.find(Locator::Css("main section.card a[href^='/o/dura-sundari/votes/']"))
        .await?
        .click()
        .await?;
    wait_for(b, Locator::Css("input[name=choice][value='0']")).await?;
    let proposal = b.current_url().await?.to_string();
    b.find(Locator::Css("input[name=choice][value='0']"))
        .await?
        .click()
        .await?;
    b.find(Locator::Css("form[action$='/ballot'] button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_for(b, Locator::Css("p.flash")).await?;
    assert!(b.source().await?.contains("Your vote is recorded"));
    log_out(b).await?;
    log_in(app, b, DS_LEADER).await?;
    b.goto(&proposal).await?;
    b.find(Locator::Css("form[action$='/close'] button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_for(b, Locator::Css("p.big")).await?;
    let result = b.source().await?;
    assert!(result.contains("Result") && result.contains("Voted"));
    Ok(())
}

/// A full purchase round in the browser: the coordinator opens it, two members ask for
/// thread, she closes it, records the delivery and hands out each share; each member's
/// passbook shows her charge and her saving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_purchase_round_from_requests_to_passbooks() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    // The round is set up through the API with the demo's cloth market (first by name),
    // closing in a week.
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (_, suppliers) = app.api_get(&token, "/api/v1/orgs/dura-sundari/suppliers").await;
    let supplier = suppliers[0]["id"].as_i64().unwrap();
    let week = tejido::db::iso_day(time::OffsetDateTime::now_utc().date() + time::Duration::days(7));
    let (s, r) = app
        .api_post(
            &token,
            "/api/v1/orgs/dura-sundari/rounds",
            serde_json::json!({"title": "Browser thread round", "suppliers": [supplier], "closes_at": week, "collection_on": week, "collection_place": "Saraspur", "rule": "first_come"}),
        )
        .await;
    assert_eq!(s, 201);
    let path = format!("/o/dura-sundari/purchases/{}", r["id"].as_i64().unwrap());
    let b = browser(&driver).await;
    let result = round_journey(&app, &b, &path).await;
    explain(&b, result).await;
}

async fn click(b: &fantoccini::Client, css: &str) -> Result<(), fantoccini::error::CmdError> {
    wait_for(b, Locator::Css(css)).await?.click().await
}

async fn round_journey(app: &TestApp, b: &fantoccini::Client, path: &str) -> Result<(), fantoccini::error::CmdError> {
    log_in(app, b, DS_LEADER).await?;
    b.goto(&app.url(path)).await?;
    click(b, "form[action$='/open'] button").await?;
    wait_for(b, Locator::Css("form[action$='/close']")).await?;
    log_out(b).await?;
    // Two members ask for the first cloth (bundles of 25 metres): 20 and 5 metres.
    for (who, reels) in [(DS_MEMBER, "20"), ("+919825000008", "5")] {
        log_in(app, b, who).await?;
        b.goto(&app.url(path)).await?;
        let input = wait_for(b, Locator::Css("form[action$='/request'] input[name^='q_']")).await?;
        input.clear().await?;
        input.send_keys(reels).await?;
        click(b, "form[action$='/request'] button[type=submit]").await?;
        wait_for(b, Locator::Css(&format!("input[name^='q_'][value='{reels}']"))).await?;
        log_out(b).await?;
    }
    // The coordinator closes, sends the order, records the delivery and hands out.
    log_in(app, b, DS_LEADER).await?;
    b.goto(&app.url(path)).await?;
    click(b, "form[action$='/close'] button").await?;
    click(b, "form[action$='/order'] button").await?;
    click(b, "form[action$='/receive'] button[type=submit]").await?;
    // One comes to the desk; the other is ticked on the collection list.
    wait_for(b, Locator::Css("form[action$='/collect'] #member_number"))
        .await?
        .send_keys("5")
        .await?;
    click(b, "form[action$='/collect'] button[type=submit]").await?;
    wait_for(
        b,
        Locator::XPath("//p[@id='handed'][starts-with(normalize-space(.), '1 of')]"),
    )
    .await?;
    b.goto(&app.url(&format!("{path}/collection-list"))).await?;
    click(b, "input[type=checkbox][name^='m_']").await?;
    click(b, "form[action$='/collect']:not(.card) button[type=submit]").await?;
    wait_for(
        b,
        Locator::XPath("//p[@id='handed'][starts-with(normalize-space(.), '2 of')]"),
    )
    .await?;
    b.goto(&app.url(path)).await?;
    wait_for(b, Locator::Css("form[action$='/finish']")).await?;
    let page = b.source().await?;
    assert!(page.contains("This round saved the members"), "the round's saving");
    b.goto(&app.url(&format!("{path}/collection-list"))).await?;
    wait_for(b, Locator::Css("section.report table")).await?;
    let list = b.source().await?;
    assert_eq!(
        list.matches("✓").count(),
        2,
        "both shares handed out: {}",
        &list[..list.len().min(1500)]
    );
    log_out(b).await?;
    // Each member reads her charge and her saving in her passbook.
    for who in [DS_MEMBER, "+919825000008"] {
        log_in(app, b, who).await?;
        b.goto(&app.url("/o/dura-sundari")).await?;
        click(b, "section.mine a.button[href$='/passbook']").await?;
        wait_for(b, Locator::Css("section.passbook")).await?;
        let passbook = b.source().await?;
        assert!(passbook.contains("Saved by buying together this year"), "her saving");
        assert!(
            passbook.contains("Browser thread round"),
            "her charge, named after the round: {who}"
        );
        log_out(b).await?;
    }
    Ok(())
}

/// Two members of one household share a phone: each picks her name and gives her PIN;
/// switching ends the first one's session, and Back shows nothing of hers. In Gujarati,
/// at 360 px, the number typed as people in India type it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_members_share_a_phone_and_switch_with_their_pins() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let b = browser(&driver).await;
    let result = household(&app, &b).await;
    explain(&b, result).await;
}

async fn household(app: &TestApp, b: &fantoccini::Client) -> Result<(), fantoccini::error::CmdError> {
    let name = |n: &str| {
        format!(
            "SELECT name FROM memberships WHERE member_number = '{n}' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')"
        )
    };
    let (first, second) = (app.one(name("45")).await, app.one(name("46")).await);
    let pick = |full: &str| full.split_whitespace().next().unwrap_or_default().to_string();
    b.goto(&app.url("/lang/gu?next=/login")).await?;
    wait_for(b, Locator::Id("identifier"))
        .await?
        .send_keys("98250 00045")
        .await?;
    b.find(Locator::Css("main form button[type=submit]"))
        .await?
        .click()
        .await?;
    // Who are you? She taps her name, then her PIN on the number pad.
    async fn choose(b: &fantoccini::Client, first_name: &str, pin: &str) -> Result<(), fantoccini::error::CmdError> {
        wait_for(b, Locator::Css("ul.people")).await?;
        let xpath = format!("//ul[contains(@class,'people')]//button[contains(normalize-space(.), '{first_name}')]");
        b.find(Locator::XPath(&xpath)).await?.click().await?;
        let field = wait_for(b, Locator::Id("pin")).await?;
        assert_eq!(
            field.attr("inputmode").await?.as_deref(),
            Some("numeric"),
            "the number pad opens"
        );
        field.send_keys(pin).await?;
        b.find(Locator::Css("main form button[type=submit]"))
            .await?
            .click()
            .await?;
        wait_for(b, Locator::Css("section.mine")).await?;
        Ok(())
    }
    choose(b, &pick(&first), "4545").await?;
    assert_eq!(b.title().await?, "Tejido", "the title names nobody");
    b.find(Locator::Css("section.mine a.button[href$='/passbook']"))
        .await?
        .click()
        .await?;
    wait_for(b, Locator::Css("section.passbook")).await?;
    assert!(b.source().await?.contains(&first), "her passbook");
    // Her sister-in-law's turn: switch member.
    b.find(Locator::Css("header form[action='/switch'] button"))
        .await?
        .click()
        .await?;
    choose(b, &pick(&second), "4646").await?;
    assert!(b.source().await?.contains(&second));
    // Back, and back again: nothing of the first member.
    for _ in 0..3 {
        b.back().await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let page = b.source().await?;
        assert!(
            !page.contains(&first),
            "Back shows the first member's page: {}",
            b.current_url().await?
        );
    }
    Ok(())
}

/// Every page the demo's people can reach, walked by following links as each role does,
/// in Gujarati at 360 px: none is wider than the phone, none weighs over 14 KB
/// compressed, and every number field opens the number pad.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_the_phone_as_each_role() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let b = browser(&driver).await;
    let result = walk_all(&app, &b).await;
    explain(&b, result).await;
}

/// Links not to follow: they leave, log out, switch language, download or change state.
fn walkable(href: &str) -> bool {
    href.starts_with('/')
        && !href.starts_with("/static/")
        && !href.starts_with("/lang/")
        && !href.starts_with("/api/")
        && !href.contains("format=")
        && !href.ends_with(".csv")
        && !href.contains("/export")
        && !href.contains("/xlsx")
        && !href.contains("/csv")
        && !href.contains('#')
}

async fn walk_all(app: &TestApp, b: &fantoccini::Client) -> Result<(), fantoccini::error::CmdError> {
    let mut problems = vec![];
    let mut pages = 0;
    for login in [
        DS_MEMBER,
        DS_TREASURER,
        DS_LEADER,
        "+919825000003",
        SEWA_STAFF,
        OPERATOR,
    ] {
        // The same person over HTTP weighs each page as it travels, compressed.
        let http = app.login_in_own_language(login).await;
        log_in(app, b, login).await?;
        b.goto(&app.url("/lang/gu?next=/")).await?;
        let mut seen = std::collections::BTreeSet::new();
        let mut queue = std::collections::VecDeque::from([String::from("/")]);
        while let Some(path) = queue.pop_front() {
            let key = path.split('?').next().unwrap_or("").to_string();
            // One page of a kind is enough: members/7 stands for members/8.
            let shape: String = key
                .split('/')
                .map(|s| {
                    if s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty() {
                        "#"
                    } else {
                        s
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            if !seen.insert(shape) || seen.len() > 80 {
                continue;
            }
            b.goto(&app.url(&path)).await?;
            pages += 1;
            // Can the page be moved sideways? (A table may scroll in its own box.)
            let moved = b
                .execute(
                    "window.scrollTo(9999, 0); const x = window.scrollX; window.scrollTo(0, 0); return x",
                    vec![],
                )
                .await?;
            let width = b.execute("return document.documentElement.scrollWidth", vec![]).await?;
            let width = width.as_i64().unwrap_or(0);
            // A phone widens its layout to the widest content (and shrinks the page to
            // fit it) rather than scroll: the layout's width tells.
            let layout = b.execute("return window.innerWidth", vec![]).await?;
            if moved.as_f64().unwrap_or(0.0) > 0.5 || layout.as_i64().unwrap_or(0) > 360 {
                // Name what overflows its box, to know what to mend.
                let culprit = b
                    .execute(
                        "const o=[...document.querySelectorAll('main *')].filter(e=>e.scrollWidth>e.clientWidth+1&&getComputedStyle(e).overflowX==='visible'&&e.clientWidth>0);return o.slice(-3).map(e=>e.tagName+'.'+e.className+' '+e.clientWidth+'/'+e.scrollWidth+': '+e.outerHTML.slice(0,80)).join(' | ')",
                        vec![],
                    )
                    .await?;
                problems.push(format!("{login} {path}: {width} px wide; {culprit}"));
            }
            let bad_inputs = b
                .execute(
                    "return [...document.querySelectorAll('input')].filter(i=>/^(amount|price|budget|pin|shares|quantity|units|q_|t_|u_|p_)/.test(i.name)&&i.type!=='hidden'&&i.type!=='radio'&&!['numeric','decimal'].includes(i.inputMode)).map(i=>i.name).join(',')",
                    vec![],
                )
                .await?;
            if bad_inputs.as_str().is_some_and(|s| !s.is_empty()) {
                problems.push(format!("{login} {path}: no number pad for {bad_inputs}"));
            }
            // Every link and button is at least 24 px each way (WCAG 2.5.8), but links
            // inside a sentence, which the rule leaves out.
            let small = b
                .execute(
                    "return [...document.querySelectorAll('main a, main button, header a, header button, nav a, summary')].filter(e=>{const r=e.getBoundingClientRect();if(r.width===0||r.height===0)return false;const p=e.parentElement;const inText=p&&p.tagName==='P'&&p.textContent.trim().length>e.textContent.trim().length+2;return !inText&&(r.width<24||r.height<24)}).map(e=>e.textContent.trim().slice(0,20)+' '+Math.round(e.getBoundingClientRect().width)+'x'+Math.round(e.getBoundingClientRect().height)).join(', ')",
                    vec![],
                )
                .await?;
            if small.as_str().is_some_and(|s| !s.is_empty()) {
                problems.push(format!("{login} {path}: targets under 24 px: {small}"));
            }
            let r = http
                .get(app.url(&path))
                .header("accept-encoding", "br")
                .send()
                .await
                .map_err(|e| fantoccini::error::CmdError::NotJson(e.to_string()))?;
            if r.status().as_u16() >= 400 {
                problems.push(format!("{login} {path}: a link she is shown answers {}", r.status()));
            }
            let bytes = r.bytes().await.map(|b| b.len()).unwrap_or(0);
            if bytes > 14 * 1024 {
                problems.push(format!("{login} {path}: {bytes} bytes compressed"));
            }
            let links = b
                .execute(
                    "return [...document.querySelectorAll('a[href]')].map(a=>a.getAttribute('href'))",
                    vec![],
                )
                .await?;
            for href in links.as_array().into_iter().flatten().filter_map(|v| v.as_str()) {
                if walkable(href) {
                    queue.push_back(href.to_string());
                }
            }
        }
        log_out_any(app, b).await?;
    }
    assert!(pages > 60, "the walk reached {pages} pages");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    Ok(())
}

/// Logs out whoever is logged in (the last button in the header is "log out").
async fn log_out_any(app: &TestApp, b: &fantoccini::Client) -> Result<(), fantoccini::error::CmdError> {
    b.goto(&app.url("/account")).await?;
    b.find(Locator::Css("header form[action='/logout'] button"))
        .await?
        .click()
        .await?;
    wait_for(b, Locator::Css("header.top a[href='/login']")).await?;
    Ok(())
}

/// The network goes while the treasurer records rent: the form is kept on the phone and
/// sent once when the network returns; sent again it still counts once, changed it is
/// refused; the entry says it came from the phone's offline queue.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_sent_offline_arrives_once_when_the_network_returns() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else { return };
    let mut app = spawn_app(Backend::Sqlite).await.unwrap();
    let b = browser(&driver).await;
    let result = offline(&mut app, &b).await;
    explain(&b, result).await;
}

async fn offline(app: &mut TestApp, b: &fantoccini::Client) -> Result<(), fantoccini::error::CmdError> {
    let count = "SELECT COUNT(*) FROM journal_entries WHERE description = 'Rent paid offline'";
    log_in(app, b, DS_TREASURER).await?;
    b.goto(&app.url("/o/dura-sundari/books/cashbook")).await?;
    // The service worker installs and takes the page.
    let mut controlled = false;
    for _ in 0..50 {
        controlled = b
            .execute(
                "return !!(navigator.serviceWorker && navigator.serviceWorker.controller)",
                vec![],
            )
            .await?
            .as_bool()
            .unwrap_or(false);
        if controlled {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(controlled, "the service worker looks after the page");
    b.refresh().await?;
    wait_for(b, Locator::Css("#purpose option[value=rent-paid]"))
        .await?
        .click()
        .await?;
    b.find(Locator::Id("amount")).await?.send_keys("77.77").await?;
    b.find(Locator::Id("description"))
        .await?
        .send_keys("Rent paid offline")
        .await?;
    // The network goes.
    app.stop();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    b.find(Locator::Css("main form button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_for(b, Locator::Css("section.offline")).await?;
    assert_eq!(app.count(count).await, 0, "nothing arrived yet");
    // What the phone kept: the form as sent, with the key it was made with.
    let kept = b
        .execute_async(
            "const done = arguments[arguments.length - 1]; const o = indexedDB.open('tejido', 1); o.onsuccess = () => { const r = o.result.transaction('outbox').objectStore('outbox').getAll(); r.onsuccess = () => done(r.result); };",
            vec![],
        )
        .await?;
    let item = kept.as_array().and_then(|a| a.first()).cloned().unwrap_or_default();
    let (url, body) = (
        item["url"].as_str().unwrap_or("").to_string(),
        item["body"].as_str().unwrap_or("").to_string(),
    );
    assert!(body.contains("idem=") && body.contains("Rent+paid+offline"), "{kept}");
    // The network returns: the next page sends what waited, once.
    app.resume().await;
    b.goto(&app.url("/o/dura-sundari/books")).await?;
    for _ in 0..100 {
        if app.count(count).await == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(app.count(count).await, 1, "it arrived");
    // Replayed twice more, as a flaky network might: still once. Changed: refused.
    let send = "const done = arguments[arguments.length - 1]; const [url, body] = [arguments[0], arguments[1]]; \
                Promise.all([1, 2].map(() => fetch(url, {method: 'POST', body, redirect: 'manual', headers: {'content-type': 'application/x-www-form-urlencoded', 'x-tejido-offline': '1'}}).then(r => r.status))).then(done, e => done(String(e)));";
    let twice = b
        .execute_async(send, vec![url.clone().into(), body.clone().into()])
        .await?;
    assert_eq!(app.count(count).await, 1, "replayed twice, counted once: {twice}");
    let changed = body.replace("77.77", "99.99");
    let refused = b.execute_async(send, vec![url.into(), changed.into()]).await?;
    assert_eq!(
        app.count(count).await,
        1,
        "a changed form under the same key: {refused}"
    );
    assert!(
        refused
            .as_array()
            .is_some_and(|a| a.iter().all(|s| s.as_i64().unwrap_or(0) >= 400)),
        "{refused}"
    );
    // The treasurer sees where it came from.
    let id = app
        .count("SELECT id FROM journal_entries WHERE description = 'Rent paid offline'")
        .await;
    b.goto(&app.url(&format!("/o/dura-sundari/books/entries/{id}"))).await?;
    let page = b.source().await?;
    assert!(
        page.contains("offline queue"),
        "marked as arrived from the phone's queue"
    );
    Ok(())
}

/// Producing together in the browser: the coordinator creates an order, splits it into
/// lots for two members, records a hand-in with a reject and the other whole, and pays
/// them both on one pay day; each member finds her receipt and her earnings on her
/// passbook.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_is_split_handed_in_and_paid() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    // A product of one operation at ₹12 a piece, set up through the API.
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let product = serde_json::json!({"code": "BAG-B", "name": "Browser bag", "region": "Ahmedabad",
        "operations": [{"name": "Stitching", "skill": "skilled", "sam_centi": 1000, "rate": 1200}]});
    let (s, out) = app
        .api_post(&token, "/api/v1/orgs/dura-sundari/products", product)
        .await;
    assert_eq!(s, 201, "{out}");
    let b = browser(&driver).await;
    let result = production_journey(&app, &b, out["id"].as_i64().unwrap()).await;
    explain(&b, result).await;
}

async fn set_date(b: &fantoccini::Client, css: &str, days: i64) -> Result<(), fantoccini::error::CmdError> {
    let day = tejido::db::iso_day(time::OffsetDateTime::now_utc().date() + time::Duration::days(days));
    wait_for(b, Locator::Css(css)).await?;
    b.execute(
        "document.querySelector(arguments[0]).value = arguments[1];",
        vec![serde_json::json!(css), serde_json::json!(day)],
    )
    .await?;
    Ok(())
}

async fn type_into(b: &fantoccini::Client, css: &str, text: &str) -> Result<(), fantoccini::error::CmdError> {
    let input = wait_for(b, Locator::Css(css)).await?;
    input.clear().await?;
    input.send_keys(text).await
}

async fn production_journey(
    app: &TestApp,
    b: &fantoccini::Client,
    product: i64,
) -> Result<(), fantoccini::error::CmdError> {
    log_in(app, b, DS_LEADER).await?;
    b.goto(&app.url("/o/dura-sundari/production")).await?;
    wait_for(b, Locator::Css("select#product")).await?;
    b.execute(
        "document.getElementById('product').value = arguments[0];",
        vec![serde_json::json!(product.to_string())],
    )
    .await?;
    type_into(b, "#quantity", "10").await?;
    set_date(b, "#due_on", 14).await?;
    type_into(b, "#buyer", "Browser buyer").await?;
    click(b, "form[action='/o/dura-sundari/production'] button[type=submit]").await?;
    // On the order: a lot for member 5 of six pieces, one for member 8 of four.
    for (given, (member, pieces)) in [("5", "6"), ("8", "4")].into_iter().enumerate() {
        type_into(b, "form input[name='action'][value='lot'] ~ #member", member).await?;
        type_into(b, "#quantity", pieces).await?;
        set_date(b, "#due_on", 3).await?;
        click(b, "form.card button[type=submit]").await?;
        // The order page again, its lots one more.
        let mut waited = 0;
        while b.source().await?.matches("/production/lots/").count() <= given && waited < 100 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            waited += 1;
        }
        wait_for(b, Locator::Css("form input[name='action'][value='lot'] ~ #member")).await?;
    }
    let order_url = b.current_url().await?.to_string();
    // Member 5 hands in six: five good, one stained.
    let lots: Vec<String> = {
        let page = b.source().await?;
        page.match_indices("/production/lots/")
            .map(|(i, _)| page[i..].split('"').next().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(lots.len(), 2, "two lots on the order");
    b.goto(&app.url(&format!("/o/dura-sundari{}", lots[0]))).await?;
    type_into(b, "#accepted", "5").await?;
    type_into(b, "#rejected", "1").await?;
    type_into(b, "#reason", "stain").await?;
    click(b, "input[value='hand-in'] ~ button[type=submit]").await?;
    wait_for(b, Locator::Css("section.receipt")).await?;
    assert!(b.source().await?.contains("stain"), "the receipt names the reject");
    b.goto(&app.url(&format!("/o/dura-sundari{}", lots[1]))).await?;
    click(b, "input[value='hand-in'] ~ button[type=submit]").await?;
    wait_for(b, Locator::Css("section.receipt")).await?;
    b.goto(&order_url).await?;
    // Pay day: both, in one go.
    b.goto(&app.url("/o/dura-sundari/production/pay")).await?;
    for m in ["5", "8"] {
        let id = app.member_id("dura-sundari", m).await;
        click(b, &format!("input#m_{id}")).await?;
    }
    click(b, "form[action$='/production/pay'] button[type=submit]").await?;
    let told = wait_for(b, Locator::Css("p.flash")).await?.text().await?;
    assert!(told.contains("to 2 members"), "{told}");
    log_out(b).await?;
    // Each member: her earnings on her passbook, her receipt one tap away.
    for (who, earned) in [(DS_MEMBER, "₹60.00"), ("+919825000008", "₹48.00")] {
        log_in(app, b, who).await?;
        b.goto(&app.url("/o/dura-sundari")).await?;
        click(b, "section.mine a.button[href$='/passbook']").await?;
        wait_for(b, Locator::Css("section.passbook")).await?;
        let passbook = b.source().await?;
        assert!(
            passbook.contains("Your work") && passbook.contains(earned),
            "{who}: her earnings {earned}"
        );
        click(b, "a[href*='/production/hand-ins/']").await?;
        wait_for(b, Locator::Css("section.receipt")).await?;
        assert!(
            b.source().await?.contains("paid on"),
            "{who}: her receipt says it was paid"
        );
        log_out(b).await?;
    }
    Ok(())
}

/// A guest buyer on a phone orders doormats from PATAMABA-WISE's shopfront in Filipino;
/// the coordinator confirms, delivers and invoices the order, records the payment, and
/// the sale shows in market intelligence under the online shop.
#[tokio::test]
async fn a_guest_orders_from_the_shopfront_and_is_invoiced() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let b = browser(&driver).await;
    let result = shopfront_journey(&app, &b).await;
    explain(&b, result).await;
}

async fn shopfront_journey(app: &TestApp, b: &fantoccini::Client) -> Result<(), fantoccini::error::CmdError> {
    b.goto(&app.url("/lang/fil?next=/shop/patamaba-wise")).await?;
    wait_for(b, Locator::Css("form.add")).await?;
    type_into(b, "form.add input[name='pieces']", "2").await?;
    click(b, "form.add button[type=submit]").await?;
    wait_for(b, Locator::Css("input#name")).await?;
    assert!(b.source().await?.contains("Ang order mo"), "her order, in Filipino");
    type_into(b, "#name", "Ka Lorna").await?;
    type_into(b, "#phone", "0917 555 0101").await?;
    type_into(b, "#address", "Kukunin sa Quiapo").await?;
    click(b, "form[action='/shop/patamaba-wise/order'] button[type=submit]").await?;
    wait_for(b, Locator::Css("section.receipt")).await?;
    let sent = b.source().await?;
    assert!(sent.contains("Naghihintay"), "waiting to be confirmed");
    let guest_page = b.current_url().await?.to_string();
    // The coordinator, in English.
    log_in(app, b, PH_LEADER).await?;
    b.goto(&app.url("/lang/en?next=/o/patamaba-wise/sales/orders")).await?;
    click(b, "table a[href*='/sales/orders/']").await?;
    click(b, "input[value='confirm'] ~ button[type=submit]").await?;
    wait_for(b, Locator::Css("input[value='deliver']")).await?;
    click(b, "input[value='deliver'] ~ button[type=submit]").await?;
    wait_for(b, Locator::Css("input[value='invoice']")).await?;
    click(b, "input[value='invoice'] ~ button[type=submit]").await?;
    wait_for(b, Locator::Css("a[href*='/sales/invoices/']")).await?;
    click(b, "a[href*='/sales/invoices/']").await?;
    wait_for(b, Locator::Css("section.receipt")).await?;
    let invoice = b.source().await?;
    assert!(
        invoice.contains("Ka Lorna") && invoice.contains("three hundred sixty"),
        "the invoice, in words"
    );
    b.goto(&app.url("/o/patamaba-wise/sales/buyers")).await?;
    type_into(b, "#amount", "360").await?;
    click(b, "input[value='pay'] ~ button[type=submit]").await?;
    wait_for(b, Locator::Css("p.flash")).await?;
    b.goto(&app.url("/o/patamaba-wise/reports/sales")).await?;
    let report = b.source().await?;
    assert!(report.contains("Online shop"), "the sale, under the online shop");
    log_out(b).await?;
    b.goto(&app.url("/lang/fil")).await?;
    b.goto(&guest_page).await?;
    assert!(b.source().await?.contains("Kumpirmado"), "the guest sees it confirmed");
    Ok(())
}

/// A coordinator enrols a member in health insurance, records her contribution, remits
/// the batch and follows her claim to payment; the member reads each step on her passbook.
#[tokio::test]
async fn a_claim_is_followed_to_payment_on_the_phone() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let b = browser(&driver).await;
    let result = protection_journey(&app, &b).await;
    explain(&b, result).await;
}

async fn choose(b: &fantoccini::Client, css: &str, value: &str) -> Result<(), fantoccini::error::CmdError> {
    wait_for(b, Locator::Css(css)).await?;
    b.execute(
        "document.querySelector(arguments[0]).value = arguments[1];",
        vec![serde_json::json!(css), serde_json::json!(value)],
    )
    .await?;
    Ok(())
}

/// Sends the form that carries this hidden action, and waits for the next page's told
/// message (the page before is marked, so its own message is not taken for it).
async fn send(b: &fantoccini::Client, action: &str) -> Result<String, fantoccini::error::CmdError> {
    submit_and_wait(
        b,
        &format!("form input[name='action'][value='{action}'] ~ button[type=submit]"),
    )
    .await
}

async fn submit_and_wait(b: &fantoccini::Client, css: &str) -> Result<String, fantoccini::error::CmdError> {
    b.execute("document.body.dataset.left = 'yes';", vec![]).await?;
    click(b, css).await?;
    let mut waited = 0;
    while waited < 200 {
        let left = b
            .execute("return document.body && document.body.dataset.left === 'yes';", vec![])
            .await
            .unwrap_or(serde_json::json!(true));
        if left == serde_json::json!(false) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += 1;
    }
    wait_for(b, Locator::Css("p.flash")).await?.text().await
}

async fn protection_journey(app: &TestApp, b: &fantoccini::Client) -> Result<(), fantoccini::error::CmdError> {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (_, schemes) = app.api_get(&token, "/api/v1/orgs/dura-sundari/schemes").await;
    let health = schemes
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == "Family health insurance"))
        .and_then(|s| s["id"].as_i64())
        .expect("the demo's health insurance");
    log_in(app, b, DS_LEADER).await?;
    b.goto(&app.url("/o/dura-sundari/protection")).await?;
    click(b, &format!("a[href='/o/dura-sundari/protection/schemes/{health}']")).await?;
    // Member 5 applies; her Aadhaar card comes in; she is submitted, then enrolled.
    type_into(b, "form input[name='action'][value='enrol'] ~ #member", "5").await?;
    send(b, "enrol").await?;
    let (_, all) = app.api_get(&token, "/api/v1/orgs/dura-sundari/enrolments").await;
    let her = all
        .as_array()
        .and_then(|a| a.iter().find(|e| e["scheme_id"] == health && e["member_number"] == "5"))
        .and_then(|e| e["id"].as_i64())
        .expect("her enrolment");
    for (document, step, number) in [("Aadhaar card", "submitted", ""), ("", "enrolled", "GP-5555")] {
        choose(b, "select#enrolment", &her.to_string()).await?;
        choose(b, "select#document", document).await?;
        choose(b, "select#step", step).await?;
        type_into(b, "#policy_number", number).await?;
        send(b, "step").await?;
    }
    // Her year's premium in cash, then the batch to the insurer.
    choose(b, "select#c_enrolment", &her.to_string()).await?;
    send(b, "collect").await?;
    send(b, "remit").await?;
    assert!(b.source().await?.contains("₹0.00"), "nothing left to send");
    // Her claim, from the report to the money in her hand.
    b.goto(&app.url("/o/dura-sundari/protection/claims")).await?;
    choose(b, "select#enrolment", &her.to_string()).await?;
    type_into(b, "#what", "Hospital stay").await?;
    type_into(b, "#asked", "2000").await?;
    submit_and_wait(
        b,
        "form[action='/o/dura-sundari/protection/claims'] button[type=submit]",
    )
    .await?;
    type_into(b, "#documents", "Hospital bill").await?;
    send(b, "request").await?;
    click(b, "input[name='doc_0']").await?;
    send(b, "receive").await?;
    for (step, amount) in [("submitted", ""), ("approved", "1800"), ("received", ""), ("paid", "")] {
        choose(b, "select#step", step).await?;
        if !amount.is_empty() {
            type_into(b, "#amount", amount).await?;
        }
        send(b, "step").await?;
    }
    let page = b.source().await?;
    assert!(
        page.contains("₹1,800.00") && !page.contains("Next step of the claim"),
        "paid, no step left"
    );
    log_out(b).await?;
    // She reads it on her passbook.
    log_in(app, b, DS_MEMBER).await?;
    b.goto(&app.url("/o/dura-sundari")).await?;
    click(b, "section.mine a.button[href$='/passbook']").await?;
    wait_for(b, Locator::Css("section.passbook")).await?;
    let passbook = b.source().await?;
    for shown in [
        "Family health insurance",
        "GP-5555",
        "Hospital stay",
        "Paid",
        "₹1,800.00",
    ] {
        assert!(passbook.contains(shown), "her passbook shows {shown}");
    }
    log_out(b).await?;
    Ok(())
}

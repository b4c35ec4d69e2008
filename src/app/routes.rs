//! The route table: every route names its guard, and the tenancy test walks the table,
//! so a route added without protection fails a test.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, on};

use super::{openapi, probes};
use crate::state::AppState;
use crate::web::assets;
use crate::{
    audio, auth, cashbook, elections, home, ledger, loans, meetings, members, notices, orgs, passbook, production,
    protection, purchases, reports, sales, savings, shares, surplus, votes,
};

/// Who may call a route; the tenancy test walks the table and checks each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Anyone, logged in or not; shows nothing private.
    Public,
    /// A logged-in person.
    Person,
    /// The operator.
    Operator,
    /// A person with access to the organisation named by `{slug}`.
    Org,
    /// A carrier's webhook: answers only with the server's hook token.
    Hook,
}

/// One entry of the route table.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    pub guard: Guard,
}

pub(super) struct Routes {
    pub(super) router: Router<AppState>,
    table: Vec<RouteInfo>,
}

impl Routes {
    fn add<H, T>(mut self, method: Method, path: &'static str, guard: Guard, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = match method {
            Method::POST => MethodFilter::POST,
            Method::PATCH => MethodFilter::PATCH,
            _ => MethodFilter::GET,
        };
        self.router = self.router.route(path, on(filter, handler));
        self.table.push(RouteInfo { method, path, guard });
        self
    }
}

pub(super) fn routes() -> Routes {
    use Guard::*;
    let (get, post, patch) = (Method::GET, Method::POST, Method::PATCH);
    Routes {
        router: Router::new(),
        table: vec![],
    }
    .add(get.clone(), "/", Public, auth::pages::home)
    .add(get.clone(), "/login", Public, auth::pages::login_page)
    .add(post.clone(), "/login", Public, auth::pages::login)
    .add(post.clone(), "/login/who", Public, auth::household_pages::who)
    .add(post.clone(), "/login/pin", Public, auth::household_pages::pin)
    .add(post.clone(), "/switch", Person, auth::household_pages::switch)
    .add(post.clone(), "/logout", Person, auth::pages::logout)
    .add(get.clone(), "/lang/{tag}", Public, auth::pages::switch_language)
    .add(get.clone(), "/join/{slug}", Public, members::pages::join_page)
    .add(post.clone(), "/join/{slug}", Public, members::pages::join)
    .add(
        post.clone(),
        "/invitations/{id}/{answer}",
        Person,
        members::pages::answer_invitation,
    )
    .add(get.clone(), "/account", Person, auth::pages::account_page)
    .add(
        post.clone(),
        "/account/{kind}/{id}/end",
        Person,
        auth::pages::end_access,
    )
    .add(
        post.clone(),
        "/account/{kind}/{id}/revoke",
        Person,
        auth::pages::end_access,
    )
    .add(
        post.clone(),
        "/account/household",
        Person,
        auth::household_pages::set_secret,
    )
    .add(get.clone(), "/account/password", Person, auth::pages::password_page)
    .add(post.clone(), "/account/password", Person, auth::pages::change_password)
    .add(get.clone(), "/admin/orgs/new", Operator, orgs::pages::new_org_page)
    .add(post.clone(), "/admin/orgs", Operator, orgs::pages::create_org)
    .add(get.clone(), "/o/{slug}", Org, home::pages::home)
    .add(get.clone(), "/o/{slug}/notices", Org, notices::pages::page)
    .add(get.clone(), "/o/{slug}/audio", Org, audio::pages::page)
    .add(post.clone(), "/o/{slug}/audio", Org, audio::pages::upload)
    .add(
        get.clone(),
        "/o/{slug}/audio/{message}/{locale}",
        Org,
        audio::pages::clip,
    )
    .add(
        post.clone(),
        "/o/{slug}/notices/choices",
        Org,
        notices::pages::save_choices,
    )
    .add(
        post.clone(),
        "/o/{slug}/notices/budget",
        Org,
        notices::pages::save_budget,
    )
    .add(
        post.clone(),
        "/hooks/notices/{gateway}/receipt",
        Hook,
        notices::api::receipt,
    )
    .add(
        post.clone(),
        "/hooks/notices/{channel}/inbound",
        Hook,
        notices::api::inbound,
    )
    .add(get.clone(), "/o/{slug}/settings", Org, orgs::pages::settings_page)
    .add(post.clone(), "/o/{slug}/settings", Org, orgs::pages::save_settings)
    .add(
        post.clone(),
        "/o/{slug}/settings/sharing",
        Org,
        orgs::pages::save_sharing,
    )
    .add(get.clone(), "/o/{slug}/federation", Org, orgs::pages::federation)
    .add(get.clone(), "/o/{slug}/members", Org, members::pages::list)
    .add(post.clone(), "/o/{slug}/members", Org, members::pages::create)
    .add(
        get.clone(),
        "/o/{slug}/members/import",
        Org,
        members::pages::import_page,
    )
    .add(post.clone(), "/o/{slug}/members/import", Org, members::pages::import)
    .add(
        post.clone(),
        "/o/{slug}/members/{id}/withdrawal-notice",
        Org,
        savings::pages::notice_for,
    )
    .add(get.clone(), "/o/{slug}/members/new", Org, members::pages::new_page)
    .add(get.clone(), "/o/{slug}/members/{id}", Org, members::pages::detail)
    .add(post.clone(), "/o/{slug}/members/{id}", Org, members::pages::update)
    .add(
        get.clone(),
        "/o/{slug}/members/{id}/edit",
        Org,
        members::pages::edit_page,
    )
    .add(get.clone(), "/o/{slug}/books", Org, ledger::pages::overview)
    .add(
        get.clone(),
        "/o/{slug}/books/trial-balance.csv",
        Org,
        ledger::pages::trial_balance_csv,
    )
    .add(
        get.clone(),
        "/o/{slug}/books/cashbook",
        Org,
        cashbook::pages::cashbook_page,
    )
    .add(
        post.clone(),
        "/o/{slug}/books/cashbook",
        Org,
        cashbook::pages::record_cash,
    )
    .add(get.clone(), "/o/{slug}/books/journal", Org, ledger::pages::journal)
    .add(
        get.clone(),
        "/o/{slug}/books/journal/new",
        Org,
        ledger::pages::journal_page,
    )
    .add(
        post.clone(),
        "/o/{slug}/books/journal",
        Org,
        ledger::pages::record_journal,
    )
    .add(get.clone(), "/o/{slug}/books/entries/{id}", Org, ledger::pages::entry)
    .add(
        post.clone(),
        "/o/{slug}/books/entries/{id}/reverse",
        Org,
        ledger::pages::reverse,
    )
    .add(post.clone(), "/o/{slug}/books/close", Org, ledger::pages::close)
    .add(
        get.clone(),
        "/o/{slug}/books/statements",
        Org,
        ledger::pages::statements,
    )
    .add(
        get.clone(),
        "/o/{slug}/books/accounts/{code}",
        Org,
        ledger::pages::account_ledger,
    )
    .add(
        get.clone(),
        "/o/{slug}/members/{id}/passbook",
        Org,
        passbook::pages::passbook,
    )
    .add(get.clone(), "/o/{slug}/loans", Org, loans::pages::portfolio)
    .add(post.clone(), "/o/{slug}/loans", Org, loans::pages::apply)
    .add(
        post.clone(),
        "/o/{slug}/loans/products",
        Org,
        loans::pages::create_product,
    )
    .add(get.clone(), "/o/{slug}/loans/{id}", Org, loans::pages::loan)
    .add(post.clone(), "/o/{slug}/loans/{id}/{action}", Org, loans::pages::act)
    .add(get.clone(), "/o/{slug}/shares", Org, shares::pages::page)
    .add(get.clone(), "/o/{slug}/shares/import", Org, shares::pages::import_page)
    .add(post.clone(), "/o/{slug}/shares/import", Org, shares::pages::import)
    .add(
        get.clone(),
        "/o/{slug}/shares/certificate/{id}",
        Org,
        shares::pages::certificate,
    )
    .add(post.clone(), "/o/{slug}/shares/{action}", Org, shares::pages::act)
    .add(
        get.clone(),
        "/o/{slug}/members/{id}/exit",
        Org,
        shares::pages::exit_page,
    )
    .add(post.clone(), "/o/{slug}/members/{id}/exit", Org, shares::pages::exit)
    .add(get.clone(), "/o/{slug}/meetings", Org, meetings::pages::list)
    .add(post.clone(), "/o/{slug}/meetings", Org, meetings::pages::create)
    .add(get.clone(), "/o/{slug}/meetings/{id}", Org, meetings::pages::detail)
    .add(
        post.clone(),
        "/o/{slug}/meetings/{id}/{action}",
        Org,
        meetings::pages::act,
    )
    .add(get.clone(), "/o/{slug}/leadership", Org, elections::pages::leadership)
    .add(
        post.clone(),
        "/o/{slug}/leadership/offices",
        Org,
        elections::pages::create_office,
    )
    .add(
        post.clone(),
        "/o/{slug}/elections",
        Org,
        elections::pages::create_election,
    )
    .add(get.clone(), "/o/{slug}/elections/{id}", Org, elections::pages::election)
    .add(
        post.clone(),
        "/o/{slug}/elections/{id}/{action}",
        Org,
        elections::pages::act,
    )
    .add(get.clone(), "/o/{slug}/purchases", Org, purchases::pages::rounds)
    .add(post.clone(), "/o/{slug}/purchases", Org, purchases::pages::create_round)
    .add(
        get.clone(),
        "/o/{slug}/purchases/suppliers",
        Org,
        purchases::supplier_pages::suppliers,
    )
    .add(
        post.clone(),
        "/o/{slug}/purchases/suppliers",
        Org,
        purchases::supplier_pages::create_supplier,
    )
    .add(
        post.clone(),
        "/o/{slug}/purchases/suppliers/prices",
        Org,
        purchases::supplier_pages::prices,
    )
    .add(get.clone(), "/o/{slug}/purchases/{id}", Org, purchases::pages::round)
    .add(
        get.clone(),
        "/o/{slug}/purchases/{id}/supplier-order",
        Org,
        purchases::pages::order,
    )
    .add(
        get.clone(),
        "/o/{slug}/purchases/{id}/collection-list",
        Org,
        purchases::pages::collection,
    )
    .add(
        get.clone(),
        "/o/{slug}/purchases/{id}/requests.csv",
        Org,
        purchases::pages::requests_csv,
    )
    .add(
        post.clone(),
        "/o/{slug}/purchases/{id}/{action}",
        Org,
        purchases::pages::act,
    )
    .add(get.clone(), "/shop/{slug}", Public, sales::shop_pages::shop)
    .add(get.clone(), "/market/{slug}", Public, sales::shop_pages::market)
    .add(get.clone(), "/shop/{slug}/order", Public, sales::shop_pages::cart)
    .add(
        get.clone(),
        "/shop/{slug}/signin/{secret}",
        Public,
        sales::shop_pages::sign_in,
    )
    .add(get.clone(), "/shop/{slug}/account", Public, sales::shop_pages::account)
    .add(
        post.clone(),
        "/shop/{slug}/account",
        Public,
        sales::shop_pages::sign_out,
    )
    .add(
        post.clone(),
        "/shop/{slug}/order",
        Public,
        sales::shop_pages::send_order,
    )
    .add(
        get.clone(),
        "/shop/{slug}/orders/{id}",
        Public,
        sales::shop_pages::sent_order,
    )
    .add(
        get.clone(),
        "/shop/{slug}/photos/{id}",
        Public,
        sales::shop_pages::photo,
    )
    .add(get.clone(), "/o/{slug}/protection", Org, protection::pages::index)
    .add(post.clone(), "/o/{slug}/protection", Org, protection::pages::create)
    .add(
        get.clone(),
        "/o/{slug}/protection/schemes/{id}",
        Org,
        protection::pages::scheme,
    )
    .add(
        post.clone(),
        "/o/{slug}/protection/schemes/{id}",
        Org,
        protection::pages::act,
    )
    .add(
        get.clone(),
        "/o/{slug}/protection/remittances/{file}",
        Org,
        protection::pages::remittance_file,
    )
    .add(
        get.clone(),
        "/o/{slug}/protection/claims",
        Org,
        protection::pages::claims,
    )
    .add(
        post.clone(),
        "/o/{slug}/protection/mine",
        Org,
        protection::pages::report_own_claim,
    )
    .add(
        post.clone(),
        "/o/{slug}/protection/claims",
        Org,
        protection::pages::report_claim,
    )
    .add(
        get.clone(),
        "/o/{slug}/protection/claims/{id}",
        Org,
        protection::pages::claim,
    )
    .add(
        post.clone(),
        "/o/{slug}/protection/claims/{id}",
        Org,
        protection::pages::claim_act,
    )
    .add(get.clone(), "/o/{slug}/protection/fund", Org, protection::pages::fund)
    .add(
        post.clone(),
        "/o/{slug}/protection/fund",
        Org,
        protection::pages::fund_act,
    )
    .add(
        get.clone(),
        "/o/{slug}/protection/coverage",
        Org,
        protection::pages::coverage,
    )
    .add(get.clone(), "/o/{slug}/sales", Org, sales::pages::sheet)
    .add(post.clone(), "/o/{slug}/sales", Org, sales::pages::act)
    .add(post.clone(), "/o/{slug}/sales/prices", Org, sales::pages::price_list)
    .add(
        get.clone(),
        "/o/{slug}/sales/prices.csv",
        Org,
        sales::pages::price_list_csv,
    )
    .add(get.clone(), "/o/{slug}/sales/orders", Org, sales::order_pages::orders)
    .add(post.clone(), "/o/{slug}/sales/orders", Org, sales::order_pages::place)
    .add(
        get.clone(),
        "/o/{slug}/sales/orders/{id}",
        Org,
        sales::order_pages::order,
    )
    .add(
        post.clone(),
        "/o/{slug}/sales/orders/{id}",
        Org,
        sales::order_pages::act,
    )
    .add(
        get.clone(),
        "/o/{slug}/sales/deliveries/{id}",
        Org,
        sales::order_pages::delivery,
    )
    .add(
        get.clone(),
        "/o/{slug}/sales/invoices/{id}",
        Org,
        sales::order_pages::invoice,
    )
    .add(
        post.clone(),
        "/o/{slug}/sales/invoices/{id}",
        Org,
        sales::order_pages::credit,
    )
    .add(get.clone(), "/o/{slug}/sales/buyers", Org, sales::order_pages::buyers)
    .add(
        post.clone(),
        "/o/{slug}/sales/buyers",
        Org,
        sales::order_pages::buyers_act,
    )
    .add(
        get.clone(),
        "/o/{slug}/sales/products/{id}",
        Org,
        sales::order_pages::card,
    )
    .add(
        post.clone(),
        "/o/{slug}/sales/products/{id}",
        Org,
        sales::order_pages::save_card,
    )
    .add(get.clone(), "/o/{slug}/production", Org, production::pages::overview)
    .add(
        post.clone(),
        "/o/{slug}/production",
        Org,
        production::pages::create_order,
    )
    .add(get.clone(), "/o/{slug}/production/mine", Org, production::pages::mine)
    .add(
        get.clone(),
        "/o/{slug}/production/products",
        Org,
        production::catalogue_pages::products,
    )
    .add(
        post.clone(),
        "/o/{slug}/production/products",
        Org,
        production::catalogue_pages::products_act,
    )
    .add(
        get.clone(),
        "/o/{slug}/production/products/{id}/photo",
        Org,
        production::catalogue_pages::photo,
    )
    .add(
        post.clone(),
        "/o/{slug}/production/products/{id}/photo",
        Org,
        production::catalogue_pages::upload_photo,
    )
    .add(
        get.clone(),
        "/o/{slug}/production/orders/{id}",
        Org,
        production::pages::order,
    )
    .add(
        post.clone(),
        "/o/{slug}/production/orders/{id}",
        Org,
        production::pages::order_act,
    )
    .add(
        get.clone(),
        "/o/{slug}/production/lots/{id}",
        Org,
        production::pages::lot,
    )
    .add(
        post.clone(),
        "/o/{slug}/production/lots/{id}",
        Org,
        production::pages::lot_act,
    )
    .add(
        get.clone(),
        "/o/{slug}/production/hand-ins/{id}",
        Org,
        production::pages::receipt,
    )
    .add(
        get.clone(),
        "/o/{slug}/production/pay",
        Org,
        production::pages::pay_page,
    )
    .add(post.clone(), "/o/{slug}/production/pay", Org, production::pages::pay)
    .add(get.clone(), "/o/{slug}/savings", Org, savings::pages::page)
    .add(post.clone(), "/o/{slug}/savings/move", Org, savings::pages::move_money)
    .add(
        post.clone(),
        "/o/{slug}/savings/notices",
        Org,
        savings::pages::give_notice,
    )
    .add(
        get.clone(),
        "/o/{slug}/savings/interest",
        Org,
        savings::pages::interest_preview,
    )
    .add(
        post.clone(),
        "/o/{slug}/savings/interest",
        Org,
        savings::pages::credit_interest,
    )
    .add(get.clone(), "/o/{slug}/reports", Org, reports::pages::index)
    .add(get.clone(), "/o/{slug}/reports/{name}", Org, reports::pages::show)
    .add(
        post.clone(),
        "/o/{slug}/members/{id}/{action}",
        Org,
        members::pages::decide,
    )
    .add(get.clone(), "/o/{slug}/votes", Org, votes::pages::list)
    .add(post.clone(), "/o/{slug}/votes", Org, votes::pages::create)
    .add(get.clone(), "/o/{slug}/votes/{id}", Org, votes::pages::detail)
    .add(post.clone(), "/o/{slug}/votes/{id}/ballot", Org, votes::pages::cast)
    .add(post.clone(), "/o/{slug}/votes/{id}/room", Org, votes::pages::room)
    .add(post.clone(), "/o/{slug}/votes/{id}/close", Org, votes::pages::close)
    .add(get.clone(), "/o/{slug}/surplus", Org, surplus::pages::page)
    .add(post.clone(), "/o/{slug}/surplus", Org, surplus::pages::propose)
    .add(
        post.clone(),
        "/o/{slug}/surplus/{id}/approve",
        Org,
        surplus::pages::approve,
    )
    .add(get.clone(), "/api/v1/openapi.json", Public, openapi::serve_document)
    .add(get.clone(), "/api/v1/me", Person, members::api::me)
    .add(get.clone(), "/api/v1/orgs", Person, orgs::api::list)
    .add(post.clone(), "/api/v1/orgs", Operator, orgs::api::create)
    .add(get.clone(), "/api/v1/orgs/{slug}", Org, orgs::api::read)
    .add(patch.clone(), "/api/v1/orgs/{slug}", Org, orgs::api::update)
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/affiliates",
        Org,
        orgs::api::affiliates,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/members", Org, members::api::list)
    .add(post.clone(), "/api/v1/orgs/{slug}/members", Org, members::api::create)
    .add(get.clone(), "/api/v1/orgs/{slug}/members/{id}", Org, members::api::read)
    .add(patch, "/api/v1/orgs/{slug}/members/{id}", Org, members::api::update)
    .add(get.clone(), "/api/v1/orgs/{slug}/accounts", Org, ledger::api::accounts)
    .add(get.clone(), "/api/v1/orgs/{slug}/entries", Org, ledger::api::entries)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/entries",
        Org,
        ledger::api::post_entry,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/entries/{id}", Org, ledger::api::entry)
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/members/{id}/passbook",
        Org,
        passbook::api::read,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/shares", Org, shares::api::list)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/shares/subscriptions",
        Org,
        shares::api::subscribe,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/shares/payments",
        Org,
        shares::api::pay,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/shares/transfers",
        Org,
        shares::api::transfer,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/shares/redemptions",
        Org,
        shares::api::redeem,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/members/{id}/exit",
        Org,
        shares::api::exit,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/meetings", Org, meetings::api::list)
    .add(post.clone(), "/api/v1/orgs/{slug}/meetings", Org, meetings::api::create)
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/meetings/{id}",
        Org,
        meetings::api::read,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/meetings/{id}/attendance",
        Org,
        meetings::api::attend,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/meetings/{id}/proxies",
        Org,
        meetings::api::proxy,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/meetings/{id}/status",
        Org,
        meetings::api::status,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/leadership",
        Org,
        elections::api::leadership,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/offices",
        Org,
        elections::api::create_office,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/elections", Org, elections::api::list)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/elections",
        Org,
        elections::api::create,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/elections/{id}",
        Org,
        elections::api::read,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/elections/{id}/{step}",
        Org,
        elections::api::step,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/suppliers",
        Org,
        purchases::api::suppliers,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/suppliers",
        Org,
        purchases::api::create_supplier,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/suppliers/{id}/articles",
        Org,
        purchases::api::put_article,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/rounds", Org, purchases::api::rounds)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/rounds",
        Org,
        purchases::api::create_round,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/rounds/{id}",
        Org,
        purchases::api::round,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/rounds/{id}/requests",
        Org,
        purchases::api::request,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/rounds/{id}/{step}",
        Org,
        purchases::api::step,
    )
    .add(post.clone(), "/api/v1/orgs/{slug}/stock", Org, purchases::api::stock_in)
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/products",
        Org,
        production::api::products,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/products",
        Org,
        production::api::create_product,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/products/{id}/photo",
        Org,
        production::api::set_photo,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/operations/{id}/rates",
        Org,
        production::api::set_rate,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/minimum-wages",
        Org,
        production::api::wages,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/minimum-wages",
        Org,
        production::api::add_wage,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/production-orders",
        Org,
        production::api::orders,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/production-orders",
        Org,
        production::api::create_order,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/production-orders/{id}",
        Org,
        production::api::order,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/production-orders/{id}/lots",
        Org,
        production::api::create_lot,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/production-orders/{id}/close",
        Org,
        production::api::close_order,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/lots/{id}", Org, production::api::lot)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/lots/{id}/hand-ins",
        Org,
        production::api::hand_in,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/lots/{id}/close",
        Org,
        production::api::close_lot,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/prices", Org, sales::api::prices)
    .add(post.clone(), "/api/v1/orgs/{slug}/prices", Org, sales::api::set_price)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/price-lists",
        Org,
        sales::api::price_list,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/schemes",
        Org,
        protection::api::schemes,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/schemes",
        Org,
        protection::api::create_scheme,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/schemes/{id}/rates",
        Org,
        protection::api::add_rate,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/members/{id}/protection",
        Org,
        protection::api::set_profile,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/enrolments",
        Org,
        protection::api::enrolments,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/enrolments",
        Org,
        protection::api::enrol,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/enrolments/{id}/steps",
        Org,
        protection::api::step,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/enrolments/{id}/documents",
        Org,
        protection::api::document,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/contributions",
        Org,
        protection::api::contributions,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/contributions",
        Org,
        protection::api::collect,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/remittances",
        Org,
        protection::api::remit,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/remittances/{id}/acknowledgement",
        Org,
        protection::api::acknowledge,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/schemes/{id}/group-collections",
        Org,
        protection::api::group_box,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/enrolments/{id}/dependants",
        Org,
        protection::api::add_dependant,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/enrolments/{id}/standing-instruction",
        Org,
        protection::api::instruction,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/schemes/{id}/publication",
        Org,
        protection::api::publish,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/scheme-adoptions",
        Org,
        protection::api::adopt,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/claims", Org, protection::api::claims)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/claims",
        Org,
        protection::api::report_claim,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/claims/{id}/steps",
        Org,
        protection::api::claim_step,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/claims/{id}/documents",
        Org,
        protection::api::claim_documents,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/solidarity-fund",
        Org,
        protection::api::fund,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/solidarity-fund/rule",
        Org,
        protection::api::fund_rule,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/solidarity-fund/moves",
        Org,
        protection::api::fund_move,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/solidarity-fund/meeting-collections",
        Org,
        protection::api::collect_at_meeting,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/protection-coverage",
        Org,
        protection::api::coverage,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/market-sales", Org, sales::api::day)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/market-sales",
        Org,
        sales::api::record,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/buyers", Org, sales::order_api::buyers)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/buyers",
        Org,
        sales::order_api::add_buyer,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/sale-orders",
        Org,
        sales::order_api::orders,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/sale-orders",
        Org,
        sales::order_api::place,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/sale-orders/{id}",
        Org,
        sales::order_api::order,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/sale-orders/{id}/confirm",
        Org,
        sales::order_api::confirm,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/sale-orders/{id}/cancel",
        Org,
        sales::order_api::cancel,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/sale-orders/{id}/deliveries",
        Org,
        sales::order_api::deliver,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/sale-orders/{id}/invoices",
        Org,
        sales::order_api::invoice,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/sale-orders/{id}/production",
        Org,
        sales::order_api::make,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/invoices",
        Org,
        sales::order_api::invoices,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/invoices/{id}/credit-notes",
        Org,
        sales::order_api::credit,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/buyer-payments",
        Org,
        sales::order_api::payments,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/buyer-payments",
        Org,
        sales::order_api::receive,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/products/{id}/catalogue",
        Org,
        sales::order_api::set_catalogue,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/seller-settings",
        Org,
        sales::order_api::settings,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/seller-settings",
        Org,
        sales::order_api::save_settings,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/pay-runs", Org, production::api::owed)
    .add(post.clone(), "/api/v1/orgs/{slug}/pay-runs", Org, production::api::pay)
    .add(get.clone(), "/api/v1/orgs/{slug}/savings", Org, savings::api::list)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/savings/deposits",
        Org,
        savings::api::deposit,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/savings/withdrawals",
        Org,
        savings::api::withdraw,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/savings/notices",
        Org,
        savings::api::notice,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/savings/interest",
        Org,
        savings::api::interest,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/loans", Org, loans::api::list)
    .add(post.clone(), "/api/v1/orgs/{slug}/loans", Org, loans::api::apply)
    .add(get.clone(), "/api/v1/orgs/{slug}/loans/{id}", Org, loans::api::read)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/loans/{id}/{action}",
        Org,
        loans::api::act,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/reports/{name}",
        Org,
        reports::api::read,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/proposals", Org, votes::api::list)
    .add(post.clone(), "/api/v1/orgs/{slug}/proposals", Org, votes::api::create)
    .add(get.clone(), "/api/v1/orgs/{slug}/proposals/{id}", Org, votes::api::read)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/proposals/{id}/votes",
        Org,
        votes::api::vote,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/proposals/{id}/close",
        Org,
        votes::api::close,
    )
    .add(get.clone(), "/healthz", Public, probes::healthz)
    .add(get.clone(), "/sw.js", Public, assets::service_worker)
    .add(get.clone(), "/offline", Public, home::pages::offline)
    .add(get.clone(), "/metrics", Public, probes::metrics)
    .add(get, "/static/{version}/{name}", Public, assets::serve)
}

/// Every route of the application and who may call it.
pub fn route_table() -> Vec<RouteInfo> {
    routes().table
}

//! The API's OpenAPI document, built from the handlers' annotations.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;

use crate::{
    elections, ledger, loans, meetings, members, orgs, passbook, production, protection, purchases, reports, sales,
    savings, shares, votes,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Tejido API", description = "Organisations, members, shares, meetings, votes, elections, books, savings, loans, buying and producing together, and reports of solidarity enterprises of home-based workers."),
    paths(
        orgs::api::list, orgs::api::create, orgs::api::read, orgs::api::update, orgs::api::affiliates,
        members::api::list, members::api::create, members::api::read, members::api::update, members::api::me,
        ledger::api::accounts, ledger::api::entries, ledger::api::entry, ledger::api::post_entry,
        passbook::api::read, reports::api::read,
        savings::api::list, savings::api::deposit, savings::api::withdraw, savings::api::notice, savings::api::interest,
        loans::api::list, loans::api::apply, loans::api::read, loans::api::act,
        votes::api::list, votes::api::create, votes::api::read, votes::api::vote, votes::api::close,
        meetings::api::list, meetings::api::create, meetings::api::read, meetings::api::attend, meetings::api::proxy, meetings::api::status,
        elections::api::leadership, elections::api::create_office, elections::api::list, elections::api::create, elections::api::read, elections::api::step,
        purchases::api::suppliers, purchases::api::create_supplier, purchases::api::put_article, purchases::api::rounds, purchases::api::create_round, purchases::api::round, purchases::api::request, purchases::api::step, purchases::api::stock_in,
        production::api::products, production::api::create_product, production::api::set_photo, production::api::set_rate, production::api::wages, production::api::add_wage,
        production::api::orders, production::api::create_order, production::api::order, production::api::create_lot, production::api::close_order,
        production::api::lot, production::api::hand_in, production::api::close_lot, production::api::owed, production::api::pay,
        sales::api::prices, sales::api::set_price, sales::api::price_list, sales::api::day, sales::api::record,
        sales::order_api::buyers, sales::order_api::add_buyer, sales::order_api::orders, sales::order_api::place,
        sales::order_api::order, sales::order_api::confirm, sales::order_api::cancel, sales::order_api::deliver,
        sales::order_api::invoice, sales::order_api::make, sales::order_api::invoices, sales::order_api::credit,
        sales::order_api::payments, sales::order_api::receive, sales::order_api::set_catalogue,
        sales::order_api::settings, sales::order_api::save_settings,
        protection::api::schemes, protection::api::create_scheme, protection::api::add_rate, protection::api::set_profile,
        protection::api::enrolments, protection::api::enrol, protection::api::step, protection::api::document,
        protection::api::collect, protection::api::contributions, protection::api::remit, protection::api::acknowledge,
        protection::api::group_box, protection::api::add_dependant, protection::api::instruction, protection::api::publish, protection::api::adopt,
        protection::api::claims, protection::api::report_claim, protection::api::claim_step,
        protection::api::claim_documents, protection::api::fund, protection::api::fund_rule, protection::api::fund_move, protection::api::collect_at_meeting,
        protection::api::coverage,
        shares::api::list, shares::api::subscribe, shares::api::pay, shares::api::transfer, shares::api::redeem, shares::api::exit,
    ),
    components(schemas(
        crate::web::error::Problem,
        loans::api::LoanAction,
        purchases::api::RoundStep,
        elections::api::ElectionStep,
        reports::model::Kind,
    )),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

/// The statuses any operation may answer besides its own, each with a problem body.
const PROBLEM_STATUSES: [(&str, &str); 8] = [
    ("400", "The request could not be read"),
    ("401", "No valid token"),
    ("403", "The token's role may not do this"),
    ("404", "No such thing in this organisation"),
    (
        "409",
        "It conflicts with the thing's state, or a key was reused with another body",
    ),
    ("413", "The body is too large"),
    ("422", "The values were understood and refused"),
    ("429", "Too many attempts"),
];

/// The API's OpenAPI document, as served at `/api/v1/openapi.json`: every operation
/// documents every error status with the problem schema.
pub fn api_document() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    let problem = serde_json::json!({
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    });
    if let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for item in paths.values_mut().filter_map(|i| i.as_object_mut()) {
            for op in item.values_mut().filter_map(|o| o.as_object_mut()) {
                let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else {
                    continue;
                };
                for (status, description) in PROBLEM_STATUSES {
                    let r = responses
                        .entry(status)
                        .or_insert_with(|| serde_json::json!({"description": description}));
                    if let Some(r) = r.as_object_mut() {
                        r.insert("content".into(), problem.clone());
                        if r.get("description").and_then(|d| d.as_str()).is_none_or(str::is_empty) {
                            r.insert("description".into(), description.into());
                        }
                    }
                }
            }
        }
    }
    doc
}

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub(super) async fn serve_document() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], api_document().to_string()).into_response()
}

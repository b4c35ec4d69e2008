//! A report as data: columns and rows of typed cells, so one table renders as HTML, CSV,
//! XLSX and JSON alike. No I/O here.

use serde::Serialize;

/// The reports there are, by the name in their address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Journal,
    Ledger,
    TrialBalance,
    IncomeStatement,
    BalanceSheet,
    CashFlow,
    Loans,
    ShareRegister,
    Production,
    Sales,
    Invoices,
    Buyers,
    SaleOrders,
    BuyerPayments,
    Prices,
    MarketDays,
    Covers,
    Contributions,
    Claims,
    SolidarityFund,
    Remittances,
    Schemes,
}

impl Kind {
    pub const ALL: [Kind; 22] = [
        Kind::Journal,
        Kind::Ledger,
        Kind::TrialBalance,
        Kind::IncomeStatement,
        Kind::BalanceSheet,
        Kind::CashFlow,
        Kind::Loans,
        Kind::ShareRegister,
        Kind::Production,
        Kind::Sales,
        Kind::Invoices,
        Kind::Buyers,
        Kind::SaleOrders,
        Kind::BuyerPayments,
        Kind::Prices,
        Kind::MarketDays,
        Kind::Covers,
        Kind::Contributions,
        Kind::Claims,
        Kind::SolidarityFund,
        Kind::Remittances,
        Kind::Schemes,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Kind::Journal => "journal",
            Kind::Ledger => "ledger",
            Kind::TrialBalance => "trial-balance",
            Kind::IncomeStatement => "income-statement",
            Kind::BalanceSheet => "balance-sheet",
            Kind::CashFlow => "cash-flow",
            Kind::Loans => "loans",
            Kind::ShareRegister => "share-register",
            Kind::Production => "production",
            Kind::Sales => "sales",
            Kind::Invoices => "invoices",
            Kind::Buyers => "buyers",
            Kind::SaleOrders => "sale-orders",
            Kind::BuyerPayments => "buyer-payments",
            Kind::Prices => "prices",
            Kind::MarketDays => "market-days",
            Kind::Covers => "covers",
            Kind::Contributions => "contributions",
            Kind::Claims => "claims",
            Kind::SolidarityFund => "solidarity-fund",
            Kind::Remittances => "remittances",
            Kind::Schemes => "schemes",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == s)
    }
    /// The message id of its title.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Journal => "journal-title",
            Kind::Ledger => "report-ledger",
            Kind::TrialBalance => "report-trial-balance",
            Kind::IncomeStatement => "report-income-statement",
            Kind::BalanceSheet => "report-balance-sheet",
            Kind::CashFlow => "report-cash-flow",
            Kind::Loans => "report-loans",
            Kind::ShareRegister => "shares-register-title",
            Kind::Production => "report-production",
            Kind::Sales => "report-sales",
            Kind::Invoices => "invoices-title",
            Kind::Buyers => "buyers-owe",
            Kind::SaleOrders => "sale-orders-title",
            Kind::BuyerPayments => "payments-title",
            Kind::Prices => "prices-history",
            Kind::MarketDays => "report-market-days",
            Kind::Covers => "enrolments-title",
            Kind::Contributions => "report-contributions",
            Kind::Claims => "claims-title",
            Kind::SolidarityFund => "fund-title",
            Kind::Remittances => "remittances-title",
            Kind::Schemes => "report-schemes",
        }
    }
    /// Whether it covers a period (from–through) or is a position on one day.
    pub fn has_period(self) -> bool {
        matches!(
            self,
            Kind::Journal
                | Kind::Ledger
                | Kind::IncomeStatement
                | Kind::CashFlow
                | Kind::Production
                | Kind::Sales
                | Kind::Invoices
                | Kind::MarketDays
                | Kind::Contributions
                | Kind::Claims
                | Kind::SolidarityFund
                | Kind::Remittances
        )
    }
}

/// One cell: what it is decides how each format writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Cell {
    Text(String),
    /// Minor units of the organisation's currency.
    Money(i64),
    /// ISO date.
    Date(String),
    Int(i64),
    /// Basis points.
    Percent(i64),
    Blank,
}

impl Cell {
    pub fn numeric(&self) -> bool {
        matches!(self, Cell::Money(_) | Cell::Int(_) | Cell::Percent(_))
    }
    /// A debit or a credit column: the amount when it is on that side, else blank.
    pub fn side(amount: i64, debit: bool) -> Cell {
        match (amount > 0, amount < 0, debit) {
            (true, _, true) => Cell::Money(amount),
            (_, true, false) => Cell::Money(-amount),
            _ => Cell::Blank,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    Line,
    /// A heading or group line.
    Group,
    Total,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Row {
    pub style: Style,
    pub cells: Vec<Cell>,
    /// Where the row's first cell leads on screen (an entry, an account, a loan).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

impl Row {
    pub fn line(cells: Vec<Cell>) -> Row {
        Row {
            style: Style::Line,
            cells,
            link: None,
        }
    }
    pub fn group(label: String, width: usize) -> Row {
        let mut cells = vec![Cell::Text(label)];
        cells.resize(width, Cell::Blank);
        Row {
            style: Style::Group,
            cells,
            link: None,
        }
    }
    pub fn total(cells: Vec<Cell>) -> Row {
        Row {
            style: Style::Total,
            cells,
            link: None,
        }
    }
    pub fn linked(mut self, to: String) -> Row {
        self.link = Some(to);
        self
    }
}

/// A finished report: translated column heads and rows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Report {
    pub kind: Kind,
    pub title: String,
    pub from: Option<String>,
    pub through: String,
    pub currency: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// A long report on screen: more lines follow on the next page.
    pub more: bool,
}

/// Money in and out of the tills in a period, by what it was for, from the entries that
/// touch a till: each counter account's credits brought money in, its debits took it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashFlow {
    pub opening: i64,
    /// (account, money in, money out), in the order given.
    pub lines: Vec<(String, i64, i64)>,
    pub closing: i64,
}

impl CashFlow {
    pub fn money_in(&self) -> i64 {
        self.lines.iter().map(|(_, i, _)| i).sum()
    }
    pub fn money_out(&self) -> i64 {
        self.lines.iter().map(|(_, _, o)| o).sum()
    }
    /// Opening plus in minus out is closing: the summary explains every change of cash.
    pub fn reconciles(&self) -> bool {
        self.opening + self.money_in() - self.money_out() == self.closing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_their_names() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.key()), Some(k));
        }
        assert_eq!(Kind::parse("nope"), None);
    }

    #[test]
    fn amounts_fall_on_their_side() {
        assert_eq!(Cell::side(500, true), Cell::Money(500));
        assert_eq!(Cell::side(500, false), Cell::Blank);
        assert_eq!(Cell::side(-500, false), Cell::Money(500));
        assert_eq!(Cell::side(0, true), Cell::Blank);
    }

    #[test]
    fn a_cash_flow_that_misses_money_does_not_reconcile() {
        let mut flow = CashFlow {
            opening: 1_000,
            lines: vec![("sales".into(), 700, 0), ("rent".into(), 0, 200)],
            closing: 1_500,
        };
        assert!(flow.reconciles());
        flow.closing = 1_400;
        assert!(!flow.reconciles());
    }
}

//! Audio clips: an organisation records the key line of a page in its members' language,
//! and the page offers it to listen to with a plain `<audio>` element.

pub mod model;
pub mod pages;
pub mod store;

pub use pages::listen;

use crate::db::Tx;
use crate::i18n::Locale;
use crate::orgs::Org;
use crate::web::AppResult;

/// The message ids that have a clip in this language, for a page to offer them.
pub async fn recorded(tx: &mut Tx, org: &Org, locale: Locale) -> AppResult<Vec<String>> {
    Ok(store::recorded(tx, org.id, locale.tag()).await?)
}

//! Her home in an organisation: her own figures first, in her words, then what waits for
//! her (a vote, a round, a meeting), each one tap away; an officer's tools after that.
//! A view above the capabilities: it gathers from the books, loans, votes, meetings and
//! buying, and owns no table.

pub mod pages;

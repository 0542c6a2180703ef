//! The query language: words, `"quoted phrases"`, and `-excluded` words or phrases; every
//! other character is plain text for the analyzer.

use std::fmt;

/// One part of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// The words of the clause as typed.
    pub text: String,
    /// A quoted phrase: its words must stand together and in order.
    pub phrase: bool,
    /// An excluded clause: matching articles are left out.
    pub excluded: bool,
}

/// A query that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryError {
    /// A `"` without its closing `"`.
    UnclosedQuote,
    /// Nothing to search for (only excluded clauses, or nothing at all).
    Empty,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::UnclosedQuote => write!(f, "a quoted phrase is not closed: add the closing \""),
            QueryError::Empty => write!(f, "the query has no word to search for (excluded words alone find nothing)"),
        }
    }
}

impl std::error::Error for QueryError {}

/// Splits a query into clauses. Persian quotation marks « » quote a phrase as `"` does.
pub fn parse_query(query: &str) -> Result<Vec<Clause>, QueryError> {
    let mut clauses = Vec::new();
    let mut chars = query.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let excluded = c == '-';
        let start = if excluded {
            chars.next();
            chars.peek().map_or(query.len(), |&(j, _)| j)
        } else {
            i
        };
        match chars.peek() {
            Some(&(open, q)) if q == '"' || q == '«' => {
                chars.next();
                let close = if q == '"' { '"' } else { '»' };
                let body_start = open + q.len_utf8();
                let end = query[body_start..].find(close).ok_or(QueryError::UnclosedQuote)? + body_start;
                clauses.push(Clause { text: query[body_start..end].trim().to_owned(), phrase: true, excluded });
                while chars.peek().is_some_and(|&(j, _)| j <= end) {
                    chars.next();
                }
            }
            Some(_) => {
                let mut end = query.len();
                while let Some(&(j, c)) = chars.peek() {
                    if c.is_whitespace() {
                        end = j;
                        break;
                    }
                    chars.next();
                }
                clauses.push(Clause { text: query[start..end].to_owned(), phrase: false, excluded });
            }
            None => {}
        }
    }
    clauses.retain(|c| !c.text.is_empty());
    if !clauses.iter().any(|c| !c.excluded) {
        return Err(QueryError::Empty);
    }
    Ok(clauses)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(text: &str, phrase: bool, excluded: bool) -> Clause {
        Clause { text: text.into(), phrase, excluded }
    }

    #[test]
    fn words_phrases_and_exclusions() {
        assert_eq!(
            parse_query(r#"دولت "رئیس جمهور" -ترامپ -"شورای امنیت""#).unwrap(),
            [
                clause("دولت", false, false),
                clause("رئیس جمهور", true, false),
                clause("ترامپ", false, true),
                clause("شورای امنیت", true, true)
            ]
        );
        assert_eq!(parse_query("«آتش بس» غزه").unwrap(), [clause("آتش بس", true, false), clause("غزه", false, false)]);
    }

    #[test]
    fn unreadable_queries_say_why() {
        assert_eq!(parse_query(r#""رئیس جمهور"#), Err(QueryError::UnclosedQuote));
        assert_eq!(parse_query("-ترامپ"), Err(QueryError::Empty));
        assert_eq!(parse_query("   "), Err(QueryError::Empty));
    }
}

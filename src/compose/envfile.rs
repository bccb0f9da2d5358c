//! `KEY=VALUE` files: compose `env_file` entries and `--env-file` answers.
//!
//! rancher-compose 0.12 split each line at the first `=` and kept everything else literally
//! (quotes included, `# comment` lines became variables). We read what people actually write:
//! `#` comments, blank lines, `export ` prefixes, CRLF, shell-style single quotes (literal) and
//! double quotes (with `\n`, `\t`, `\"`, `\\`, `\$` escapes), and quoted values spanning lines.

use std::fmt;

/// One `KEY=VALUE` (or bare `KEY`) entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub key: String,
    /// `None` for a bare `KEY` line (no `=`).
    pub value: Option<String>,
    /// 1-based line of the key.
    pub line: usize,
}

/// A malformed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EnvFileError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for EnvFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Parses the whole text of an env file.
///
/// # Errors
/// The first malformed line: an empty or invalid key, an unterminated quote, or text after a
/// closing quote.
pub(crate) fn parse(text: &str) -> Result<Vec<Entry>, EnvFileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries = Vec::new();
    let mut cursor = Cursor { rest: text, line: 1 };
    while !cursor.rest.is_empty() {
        let line_no = cursor.line;
        let line = cursor.peek_line();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            cursor.skip_line();
            continue;
        }
        let err = |message: String| EnvFileError { line: line_no, message };
        let statement = trimmed.strip_prefix("export ").map_or(trimmed, str::trim_start);
        let Some(eq) = statement.find('=') else {
            check_key(statement).map_err(err)?;
            entries.push(Entry { key: statement.to_owned(), value: None, line: line_no });
            cursor.skip_line();
            continue;
        };
        let key = statement[..eq].trim_end();
        check_key(key).map_err(err)?;
        // Position the cursor just after the `=` on this line.
        let offset_in_line =
            line.len() - line.trim_start().len() + (trimmed.len() - statement.len()) + eq + 1;
        cursor.advance(offset_in_line);
        let value = cursor.read_value().map_err(|m| err(m.to_owned()))?;
        entries.push(Entry { key: key.to_owned(), value: Some(value), line: line_no });
    }
    Ok(entries)
}

fn check_key(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("missing variable name before `=`".to_owned());
    }
    if key.chars().any(|c| c.is_whitespace() || c == '\'' || c == '"') {
        return Err(format!("invalid variable name `{key}` (no spaces or quotes allowed)"));
    }
    Ok(())
}

struct Cursor<'a> {
    rest: &'a str,
    line: usize,
}

impl<'a> Cursor<'a> {
    fn peek_line(&self) -> &'a str {
        let end = self.rest.find('\n').unwrap_or(self.rest.len());
        self.rest[..end].strip_suffix('\r').unwrap_or(&self.rest[..end])
    }

    fn skip_line(&mut self) {
        match self.rest.find('\n') {
            Some(i) => {
                self.rest = &self.rest[i + 1..];
                self.line += 1;
            }
            None => self.rest = "",
        }
    }

    fn advance(&mut self, n: usize) {
        self.line += self.rest[..n].matches('\n').count();
        self.rest = &self.rest[n..];
    }

    /// Reads a value starting right after `=`, consuming through the end of its (last) line.
    fn read_value(&mut self) -> Result<String, &'static str> {
        let skipped = self.rest.len() - self.rest.trim_start_matches([' ', '\t']).len();
        self.advance(skipped);
        let value = match self.rest.chars().next() {
            Some(quote @ ('\'' | '"')) => {
                self.advance(1);
                let value = self.read_quoted(quote)?;
                let tail = self.peek_line().trim();
                if !(tail.is_empty() || tail.starts_with('#')) {
                    return Err("unexpected text after the closing quote");
                }
                value
            }
            _ => {
                let line = self.peek_line();
                // An inline comment starts at a `#` preceded by whitespace.
                let cut = line
                    .char_indices()
                    .find(|&(i, c)| c == '#' && line[..i].ends_with([' ', '\t']))
                    .map_or(line.len(), |(i, _)| i);
                line[..cut].trim().to_owned()
            }
        };
        self.skip_line();
        Ok(value)
    }

    fn read_quoted(&mut self, quote: char) -> Result<String, &'static str> {
        let mut value = String::new();
        let mut chars = self.rest.char_indices();
        while let Some((i, c)) = chars.next() {
            if c == quote {
                self.advance(i + 1);
                return Ok(value.replace("\r\n", "\n"));
            }
            if c == '\\' && quote == '"' {
                match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, 't')) => value.push('\t'),
                    Some((_, 'r')) => value.push('\r'),
                    Some((_, e @ ('"' | '\\' | '$'))) => value.push(e),
                    Some((_, other)) => {
                        value.push('\\');
                        value.push(other);
                    }
                    None => break,
                }
                continue;
            }
            value.push(c);
        }
        Err(if quote == '"' {
            "unterminated double-quoted value (no closing `\"`)"
        } else {
            "unterminated single-quoted value (no closing `'`)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, Option<String>, usize)> {
        parse(text).unwrap_or_else(|e| panic!("{e}")).into_iter().map(|e| (e.key, e.value, e.line)).collect()
    }

    fn kv(k: &str, v: &str, line: usize) -> (String, Option<String>, usize) {
        (k.to_owned(), Some(v.to_owned()), line)
    }

    #[test]
    fn plain_lines_comments_and_blank_lines() {
        let text = "# comment\nA=1\n\n  B = two words  \nC=a=b\nD=\nexport E=5\nF=x # note\nG=x#y\nBARE\n";
        assert_eq!(
            pairs(text),
            vec![
                kv("A", "1", 2),
                kv("B", "two words", 4),
                kv("C", "a=b", 5),
                kv("D", "", 6),
                kv("E", "5", 7),
                kv("F", "x", 8),
                kv("G", "x#y", 9),
                ("BARE".to_owned(), None, 10),
            ]
        );
    }

    #[test]
    fn quotes_and_multiline_values() {
        let text = "plugins='credentials\ngit\nworkflow-aggregator'\nQ=\"a \\\"b\\\" \\n c\"\nS='$NOT # kept'\nNEXT=1\r\nW=\"x\r\ny\"\n";
        assert_eq!(
            pairs(text),
            vec![
                kv("plugins", "credentials\ngit\nworkflow-aggregator", 1),
                kv("Q", "a \"b\" \n c", 4),
                kv("S", "$NOT # kept", 5),
                kv("NEXT", "1", 6),
                kv("W", "x\ny", 7),
            ]
        );
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse("A=1\nB='open\nC=2\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("unterminated"), "{err}");
        assert_eq!(parse("=x").unwrap_err().line, 1);
        assert_eq!(parse("A=1\nB='x' y").unwrap_err().line, 2);
        assert_eq!(parse("A B=1").unwrap_err().line, 1);
    }

    #[test]
    fn empty_and_crlf_only_files() {
        assert!(parse("").unwrap().is_empty());
        assert!(parse("\r\n\r\n# x\r\n").unwrap().is_empty());
        assert_eq!(pairs("\u{feff}A=1"), vec![kv("A", "1", 1)]);
    }
}

//! The functions a template may call: the Go built-ins and the Sprig helpers catalogs use.

use std::fmt::Write as _;

use super::value::{Budget, Val, fits};

/// Calls a function. Those that build lists or long text check what they would build against
/// `budget` and the output limit first.
pub(super) fn call(name: &str, args: Vec<Val>, budget: &mut Budget) -> Result<Val, String> {
    let want = |n: usize| -> Result<(), String> {
        if args.len() == n {
            Ok(())
        } else {
            Err(format!("wrong number of args for {name}: want {n} got {}", args.len()))
        }
    };
    let s = |i: usize| args.get(i).map(Val::text).unwrap_or_default();
    Ok(match name {
        "eq" => {
            let Some((first, rest)) = args.split_first() else {
                return Err("missing arguments for eq".into());
            };
            if rest.is_empty() {
                return Err("missing arguments for eq".into());
            }
            let mut any = false;
            for other in rest {
                any |= compare(first, other)? == Some(std::cmp::Ordering::Equal);
            }
            Val::Bool(any)
        }
        "ne" => {
            want(2)?;
            Val::Bool(compare(&args[0], &args[1])? != Some(std::cmp::Ordering::Equal))
        }
        "lt" | "le" | "gt" | "ge" => {
            want(2)?;
            use std::cmp::Ordering::{Greater, Less};
            let ord = compare(&args[0], &args[1])?.ok_or_else(|| {
                format!("invalid type for comparison: {} and {}", args[0].kind(), args[1].kind())
            })?;
            Val::Bool(match name {
                "lt" => ord == Less,
                "le" => ord != Greater,
                "gt" => ord == Greater,
                _ => ord != Less,
            })
        }
        "not" => {
            want(1)?;
            Val::Bool(!args[0].truthy())
        }
        "len" => {
            want(1)?;
            Val::Int(match &args[0] {
                Val::Str(s) => s.len(),
                Val::List(l) => l.len(),
                Val::Map(m) => m.len(),
                other => return Err(format!("len of {}", other.kind())),
            } as i64)
        }
        "index" => {
            let mut it = args.into_iter();
            let mut v = it.next().ok_or("index of nothing")?;
            for key in it {
                v = match (v, key) {
                    (Val::List(l), Val::Int(i)) => usize::try_from(i)
                        .ok()
                        .and_then(|i| l.into_iter().nth(i))
                        .ok_or_else(|| format!("index {i} out of range"))?,
                    (Val::Map(mut m), k) => m.remove(&k.text()).unwrap_or(Val::Missing),
                    (v, k) => return Err(format!("can't index {} with {}", v.kind(), k.kind())),
                };
            }
            v
        }
        "print" => Val::Str(go_print(&args)),
        "println" => Val::Str(args.iter().map(Val::text).collect::<Vec<_>>().join(" ") + "\n"),
        "printf" => {
            let Some((fmt, rest)) = args.split_first() else { return Err("printf needs a format".into()) };
            Val::Str(printf(&fmt.text(), rest)?)
        }
        // Sprig.
        "contains" => {
            want(2)?;
            Val::Bool(s(1).contains(&s(0)))
        }
        "hasPrefix" => {
            want(2)?;
            Val::Bool(s(1).starts_with(&s(0)))
        }
        "hasSuffix" => {
            want(2)?;
            Val::Bool(s(1).ends_with(&s(0)))
        }
        "lower" => Val::Str(s(0).to_lowercase()),
        "upper" => Val::Str(s(0).to_uppercase()),
        "trim" => Val::Str(s(0).trim().to_owned()),
        "trimPrefix" => Val::Str(s(1).strip_prefix(&s(0)).map_or_else(|| s(1), str::to_owned)),
        "trimSuffix" => Val::Str(s(1).strip_suffix(&s(0)).map_or_else(|| s(1), str::to_owned)),
        "replace" => {
            want(3)?;
            let (from, to, text) = (s(0), s(1), s(2));
            let count = if from.is_empty() { text.chars().count() + 1 } else { text.matches(&from).count() };
            fits(text.len().saturating_add(count.saturating_mul(to.len())))?;
            Val::Str(text.replace(&from, &to))
        }
        "quote" => Val::Str(args.iter().map(|a| format!("{:?}", a.text())).collect::<Vec<_>>().join(" ")),
        "squote" => Val::Str(args.iter().map(|a| format!("'{}'", a.text())).collect::<Vec<_>>().join(" ")),
        "toString" => Val::Str(s(0)),
        "default" => {
            want(2)?;
            if args[1].truthy() { args[1].clone() } else { args[0].clone() }
        }
        "empty" => Val::Bool(!args.first().is_some_and(Val::truthy)),
        "atoi" | "int" => Val::Int(match args.first() {
            Some(Val::Int(n)) => *n,
            Some(Val::Float(f)) => *f as i64,
            Some(Val::Bool(b)) => i64::from(*b),
            _ => s(0).trim().parse().unwrap_or(0),
        }),
        "until" => {
            want(1)?;
            let n = match &args[0] {
                Val::Int(n) => *n,
                other => other
                    .text()
                    .parse()
                    .map_err(|_| format!("until needs a number, not `{}`", other.text()))?,
            };
            budget.spend(usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX))?;
            let list: Vec<Val> = if n >= 0 {
                (0..n).map(Val::Int).collect()
            } else {
                (n + 1..=0).rev().map(Val::Int).collect()
            };
            Val::List(list)
        }
        "add" => Val::Int(args.iter().map(int_of).sum()),
        "sub" => {
            want(2)?;
            Val::Int(int_of(&args[0]) - int_of(&args[1]))
        }
        "list" => Val::List(args),
        "splitList" => {
            want(2)?;
            let (sep, text) = (s(0), s(1));
            budget.spend(if sep.is_empty() {
                text.chars().count() + 2
            } else {
                text.matches(&sep).count() + 1
            })?;
            Val::List(text.split(&sep).map(|p| Val::Str(p.to_owned())).collect())
        }
        "join" => {
            want(2)?;
            let sep = s(0);
            let items = match &args[1] {
                Val::List(l) => l.iter().collect::<Vec<_>>(),
                other => vec![other],
            };
            fits(args[1].weight().saturating_add(items.len().saturating_mul(sep.len())))?;
            Val::Str(items.iter().map(|v| v.text()).collect::<Vec<_>>().join(&sep))
        }
        "splitPreserveQuotes" => {
            want(1)?;
            let text = s(0);
            budget.spend(text.split_whitespace().count())?;
            Val::List(split_preserve_quotes(&text).into_iter().map(Val::Str).collect())
        }
        _ => return Err(format!("function \"{name}\" not defined")),
    })
}

fn int_of(v: &Val) -> i64 {
    match v {
        Val::Int(n) => *n,
        Val::Float(f) => *f as i64,
        other => other.text().trim().parse().unwrap_or(0),
    }
}

/// Go template comparison: numbers with numbers, strings with strings, bools with bools. A
/// missing value equals nothing (current Go); other mixes are an error, as in Go.
fn compare(a: &Val, b: &Val) -> Result<Option<std::cmp::Ordering>, String> {
    Ok(match (a, b) {
        (Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
        (Val::Int(x), Val::Int(y)) => Some(x.cmp(y)),
        (Val::Int(_) | Val::Float(_), Val::Int(_) | Val::Float(_)) => {
            let f = |v: &Val| {
                if let Val::Int(n) = v {
                    *n as f64
                } else if let Val::Float(f) = v {
                    *f
                } else {
                    0.0
                }
            };
            f(a).partial_cmp(&f(b))
        }
        (Val::Bool(x), Val::Bool(y)) => (x == y).then_some(std::cmp::Ordering::Equal),
        (Val::Missing | Val::Nil, _) | (_, Val::Missing | Val::Nil) => (matches!(a, Val::Missing | Val::Nil)
            && matches!(b, Val::Missing | Val::Nil))
        .then_some(std::cmp::Ordering::Equal),
        _ => return Err(format!("incompatible types for comparison: {} and {}", a.kind(), b.kind())),
    })
}

/// Go's `fmt.Sprint`: spaces only between operands when neither is a string.
fn go_print(args: &[Val]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !matches!(a, Val::Str(_)) && !matches!(args[i - 1], Val::Str(_)) {
            out.push(' ');
        }
        out.push_str(&a.text());
    }
    out
}

/// A subset of Go's `fmt.Sprintf`: `%s %d %v %q %t %f %x %%` with width, precision and `-`,
/// within the output limit.
fn printf(fmt: &str, args: &[Val]) -> Result<String, String> {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        fits(out.len())?;
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut left = false;
        let mut zero = false;
        while let Some(&f) = chars.peek() {
            match f {
                '-' => left = true,
                '0' => zero = true,
                '+' | ' ' | '#' => {}
                _ => break,
            }
            chars.next();
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            chars.next();
        }
        let mut precision: Option<usize> = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(d);
                chars.next();
            }
            let p: usize = if p.is_empty() { 0 } else { p.parse().unwrap_or(usize::MAX) };
            fits(p)?;
            precision = Some(p);
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.next() else {
            let _ = write!(out, "%!{verb}(MISSING)");
            continue;
        };
        fits(arg.weight())?;
        let body = match verb {
            's' | 'v' => {
                let t = arg.text();
                match precision {
                    Some(p) => t.chars().take(p).collect(),
                    None => t,
                }
            }
            'q' => format!("{:?}", arg.text()),
            'd' => int_of(arg).to_string(),
            'x' => format!("{:x}", int_of(arg)),
            't' => arg.truthy().to_string(),
            'f' => {
                let f = match arg {
                    Val::Float(f) => *f,
                    other => int_of(other) as f64,
                };
                format!("{:.*}", precision.unwrap_or(6), f)
            }
            other => format!("%!{other}({})", arg.text()),
        };
        let width: usize = if width.is_empty() { 0 } else { width.parse().unwrap_or(usize::MAX) };
        fits(width)?;
        let pad = width.saturating_sub(body.chars().count());
        if left {
            out.push_str(&body);
            out.extend(std::iter::repeat_n(' ', pad));
        } else {
            out.extend(std::iter::repeat_n(if zero { '0' } else { ' ' }, pad));
            out.push_str(&body);
        }
    }
    fits(out.len())?;
    Ok(out)
}

/// Rancher's `splitPreserveQuotes`: split on whitespace, except inside single or double
/// quotes, keeping the quote characters.
#[must_use]
pub fn split_preserve_quotes(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                current.push(c);
            }
            Some(_) => current.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                current.push(c);
            }
            None if c.is_whitespace() => {
                if !current.is_empty() {
                    parts.push(std::mem::take(&mut current));
                }
            }
            None => current.push(c),
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::super::testing::r;

    #[test]
    fn range_split_preserve_quotes_atoi_until() {
        let t = "{{- range $i, $elem := splitPreserveQuotes .Values.F }}\n- {{ $elem }}{{ end }}";
        assert_eq!(r(t, &[("F", "--a=1 --b=\"x y\"  'c d'")]), "\n- --a=1\n- --b=\"x y\"\n- 'c d'");
        let t = "{{- range $idx, $e := atoi .Values.N | until }}d{{$idx}} {{ end }}";
        assert_eq!(r(t, &[("N", "3")]), "d0 d1 d2 ");
        assert_eq!(
            r("{{ range splitPreserveQuotes .Values.E }}x{{ else }}none{{ end }}", &[("E", " ")]),
            "none"
        );
    }

    #[test]
    fn printf_contains_and_friends() {
        assert_eq!(r("{{ printf \"%.1s\" .Values.D }}", &[("D", "rancher-nfs")]), "r");
        assert_eq!(r("{{ printf \"%s-%d|%5s|%-3s|\" \"a\" 7 \"b\" \"c\" }}", &[]), "a-7|    b|c  |");
        assert_eq!(r("{{ if contains \"nfs\" .Values.D }}y{{ end }}", &[("D", "rancher-nfs")]), "y");
        assert_eq!(r("{{ .Values.D | default \"dflt\" | upper }}", &[("D", "")]), "DFLT");
        assert_eq!(r("{{/* a comment */}}x{{- /* trimmed */ -}} y", &[]), "xy");
    }
}

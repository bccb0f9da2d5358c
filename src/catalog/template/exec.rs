//! Execution of a parsed template: walks the nodes with `.` and the variables in scope,
//! evaluates pipelines and writes the output, within the budget.

use super::TemplateError;
use super::functions::call;
use super::parse::{Arg, Node, Pipeline};
use super::value::{Budget, Val, fits};

pub(super) struct Exec {
    root: Val,
    vars: Vec<(String, Val)>,
    budget: Budget,
}

impl Exec {
    /// An execution whose `.` and `$` are `root`, with the whole budget to spend.
    pub(super) fn new(root: Val) -> Self {
        Self { vars: vec![("$".to_owned(), root.clone())], root, budget: Budget::default() }
    }

    /// Executes the template's top-level `nodes` into `out`.
    pub(super) fn run(&mut self, nodes: &[Node], out: &mut String) -> Result<(), TemplateError> {
        let dot = self.root.clone();
        self.nodes(nodes, &dot, out)
    }

    fn nodes(&mut self, nodes: &[Node], dot: &Val, out: &mut String) -> Result<(), TemplateError> {
        for node in nodes {
            match node {
                Node::Text(t) => push_output(out, t, 1)?,
                Node::Print(p) => {
                    let v = self.pipeline(p, dot)?;
                    if p.decl.is_empty() {
                        fits(v.weight()).map_err(|message| TemplateError { line: p.line, message })?;
                        push_output(out, &v.text(), p.line)?;
                    }
                }
                Node::If { branches, otherwise } => {
                    let mark = self.vars.len();
                    let mut chosen = None;
                    for (cond, body) in branches {
                        if self.pipeline(cond, dot)?.truthy() {
                            chosen = Some(body);
                            break;
                        }
                    }
                    self.nodes(chosen.unwrap_or(otherwise), dot, out)?;
                    self.vars.truncate(mark);
                }
                Node::With { pipe, body, otherwise } => {
                    let mark = self.vars.len();
                    let v = self.pipeline(pipe, dot)?;
                    if v.truthy() {
                        self.nodes(body, &v, out)?;
                    } else {
                        self.nodes(otherwise, dot, out)?;
                    }
                    self.vars.truncate(mark);
                }
                Node::Range { pipe, body, otherwise } => self.range(pipe, body, otherwise, dot, out)?,
            }
        }
        Ok(())
    }

    fn range(
        &mut self,
        pipe: &Pipeline,
        body: &[Node],
        otherwise: &[Node],
        dot: &Val,
        out: &mut String,
    ) -> Result<(), TemplateError> {
        let err = |message: String| TemplateError { line: pipe.line, message };
        let mark = self.vars.len();
        let plain = Pipeline { decl: Vec::new(), ..pipe.clone() };
        let items: Vec<(Val, Val)> = match self.pipeline(&plain, dot)? {
            Val::List(l) => l.into_iter().enumerate().map(|(i, v)| (Val::Int(i as i64), v)).collect(),
            Val::Map(m) => m.into_iter().map(|(k, v)| (Val::Str(k), v)).collect(),
            Val::Int(n) => {
                self.budget.spend(usize::try_from(n).unwrap_or(0)).map_err(err)?;
                (0..n).map(|i| (Val::Int(i), Val::Int(i))).collect()
            }
            Val::Nil | Val::Missing => Vec::new(),
            other => {
                return Err(err(format!("range can't iterate over {} `{}`", other.kind(), other.text())));
            }
        };
        if items.is_empty() {
            self.nodes(otherwise, dot, out)?;
        }
        for (key, value) in items {
            self.budget.spend(1).map_err(err)?;
            match pipe.decl.as_slice() {
                [e] => self.vars.push((e.clone(), value.clone())),
                [k, e] => {
                    self.vars.push((k.clone(), key));
                    self.vars.push((e.clone(), value.clone()));
                }
                _ => {}
            }
            self.nodes(body, &value, out)?;
            self.vars.truncate(mark);
        }
        Ok(())
    }

    fn pipeline(&mut self, p: &Pipeline, dot: &Val) -> Result<Val, TemplateError> {
        let mut piped: Option<Val> = None;
        for cmd in &p.cmds {
            piped = Some(self.command(cmd, dot, piped, p.line)?);
        }
        let v = piped.unwrap_or(Val::Nil);
        for name in &p.decl {
            if p.assign {
                let slot = self.vars.iter_mut().rev().find(|(n, _)| n == name).ok_or_else(|| {
                    TemplateError { line: p.line, message: format!("undefined variable `{name}`") }
                })?;
                slot.1 = v.clone();
            } else {
                self.vars.push((name.clone(), v.clone()));
            }
        }
        Ok(v)
    }

    fn command(
        &mut self,
        cmd: &[Arg],
        dot: &Val,
        piped: Option<Val>,
        line: usize,
    ) -> Result<Val, TemplateError> {
        let err = |message: String| TemplateError { line, message };
        let Some(first) = cmd.first() else { return Err(err("empty command".to_owned())) };
        if let Arg::Func(name) = first {
            let mut args = Vec::with_capacity(cmd.len());
            // `and`/`or` short-circuit on their (already parsed) operands.
            if name == "and" || name == "or" {
                let mut last = Val::Bool(name == "and");
                let operands = cmd[1..].iter().map(Some).chain(piped.iter().map(|_| None));
                let mut piped = piped.clone();
                for a in operands {
                    last = match a {
                        Some(a) => self.arg(a, dot, line)?,
                        None => piped.take().unwrap_or(Val::Nil),
                    };
                    if last.truthy() != (name == "and") {
                        return Ok(last);
                    }
                }
                if cmd.len() == 1 {
                    return Err(err(format!("wrong number of args for {name}: want at least 1 got 0")));
                }
                return Ok(last);
            }
            for a in &cmd[1..] {
                args.push(self.arg(a, dot, line)?);
            }
            args.extend(piped);
            let result = call(name, args, &mut self.budget).map_err(err)?;
            self.budget.pay_for(&result).map_err(err)?;
            return Ok(result);
        }
        if cmd.len() > 1 || piped.is_some() {
            return Err(err(format!(
                "can't give argument to non-function {}",
                match first {
                    Arg::Sub(_) => "(...)".to_owned(),
                    other => self.arg(other, dot, line).map(|v| v.text()).unwrap_or_default(),
                }
            )));
        }
        self.arg(first, dot, line)
    }

    /// The value of an operand; every copy of a value is paid for.
    fn arg(&mut self, arg: &Arg, dot: &Val, line: usize) -> Result<Val, TemplateError> {
        let err = |message: String| TemplateError { line, message };
        let value = match arg {
            Arg::Sub(p) => return self.pipeline(p, dot),
            Arg::Func(name) => {
                let result = call(name, Vec::new(), &mut self.budget).map_err(err)?;
                self.budget.pay_for(&result).map_err(err)?;
                return Ok(result);
            }
            Arg::Dot => dot.clone(),
            Arg::Lit(v) => v.clone(),
            Arg::Var(name) => {
                self.var(name).cloned().ok_or_else(|| err(format!("undefined variable `{name}`")))?
            }
            Arg::Field(base, path) => {
                // Fields of `.` and of variables are looked up in place: only the result is copied.
                let owned;
                let base = match &**base {
                    Arg::Dot => dot,
                    Arg::Var(name) => {
                        self.var(name).ok_or_else(|| err(format!("undefined variable `{name}`")))?
                    }
                    other => {
                        owned = self.arg(other, dot, line)?;
                        &owned
                    }
                };
                field(base, path).map_err(err)?
            }
        };
        self.budget.pay_for(&value).map_err(err)?;
        Ok(value)
    }

    fn var(&self, name: &str) -> Option<&Val> {
        self.vars.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// `value.A.B`: a missing key is `Missing`; a field of nothing is an error, as in Go.
fn field(value: &Val, path: &[String]) -> Result<Val, String> {
    static MISSING: Val = Val::Missing;
    let mut v = value;
    for f in path {
        v = match v {
            Val::Map(m) => m.get(f).unwrap_or(&MISSING),
            Val::Missing | Val::Nil => {
                return Err(format!("nil pointer evaluating `.{f}` (the value before it is not set)"));
            }
            other => return Err(format!("can't evaluate field {f} in type {}", other.kind())),
        };
    }
    Ok(v.clone())
}

/// Appends to the output, within the output limit.
fn push_output(out: &mut String, text: &str, line: usize) -> Result<(), TemplateError> {
    fits(out.len() + text.len()).map_err(|message| TemplateError { line, message })?;
    out.push_str(text);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::render;
    use super::super::testing::{data, r};

    #[test]
    fn boolean_combinators_and_truthiness() {
        let t = "{{ if (or (eq .Values.A \"x\") (and (eq .Values.B \"y\") (ne .Values.C \"z\"))) }}yes{{ else }}no{{ end }}";
        assert_eq!(r(t, &[("A", "x")]), "yes");
        assert_eq!(r(t, &[("B", "y"), ("C", "q")]), "yes");
        assert_eq!(r(t, &[("B", "y"), ("C", "z")]), "no");
        assert_eq!(
            r("{{ if .Values.A }}set{{ end }}{{ if not .Values.B }}unset{{ end }}", &[("A", "v"), ("B", "")]),
            "setunset"
        );
        assert_eq!(r("{{ eq .Values.A \"a\" \"b\" }}", &[("A", "b")]), "true");
    }

    #[test]
    fn values_variables_and_missing_keys() {
        let t = "{{- $img:=\"rancher/k8s:v1\" }}\nimage: {{$img}}\nname: {{ .Stack.Name }}/{{ .Release.Version }}/{{ .Environment.Name }}\nx: {{ .Values.NOPE }}";
        assert_eq!(r(t, &[]), "\nimage: rancher/k8s:v1\nname: mystack/1.2/Default\nx: <no value>");
        assert_eq!(r("{{ $x := 1 }}{{ $x = 2 }}{{ $x }}", &[]), "2");
    }

    #[test]
    fn limits_stop_runaway_templates() {
        let limit = |t: &str, what: &str| match render(t, &data(&[])) {
            Ok(out) => panic!("{t}: rendered {} bytes", out.len()),
            Err(e) => assert!(e.message.contains(&format!("limit hit: {what}")), "{t}: {e}"),
        };
        limit("{{ range until 100000000 }}{{ end }}", "template iterations");
        limit("{{ range 100000000 }}{{ end }}", "template iterations");
        limit("{{ range until 2000 }}{{ range until 2000 }}{{ end }}{{ end }}", "template iterations");
        limit("{{ len (splitList \"\" (printf \"%5000000s\" \"x\")) }}", "template iterations");
        limit("{{ printf \"%999999999s\" \"x\" }}", "template output size");
        limit("{{ printf \"%.999999999f\" 1.5 }}", "template output size");
        limit(
            "{{ replace \"\" (printf \"%4000000s\" \"\") (printf \"%4000000s\" \"\") }}",
            "template output size",
        );
        // Doubling a value: the bytes built are paid for and no value outgrows the output
        // limit, whichever comes first.
        limit("{{ $x := \"ab\" }}{{ range until 64 }}{{ $x = printf \"%s%s\" $x $x }}{{ end }}", "");
        limit(
            &format!("{{{{ range until 100000 }}}}{}{{{{ end }}}}", "0123456789".repeat(10)),
            "template output size",
        );
        limit(
            &format!("{}{}", "{{ if true }}".repeat(150), "{{ end }}".repeat(150)),
            "template nesting depth",
        );
        limit(&format!("{{{{ {}1{} }}}}", "(".repeat(150), ")".repeat(150)), "template nesting depth");
        // Real catalogs are far below every limit.
        assert_eq!(r("{{ range $i := until 3 }}{{ $i }}{{ end }}", &[]), "012");
    }
}

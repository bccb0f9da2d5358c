//! The bounds every input is held to, in one place. Real compose files, answers and catalog
//! templates stay far below each of them (the official catalog's largest file is a few KiB, its
//! deepest nesting 9 levels); hostile or broken input stops at the first one it crosses, with an
//! error that names the file and the limit, instead of taking the machine's memory or time.

/// The largest file the tool reads (compose, rancher-compose, env, answers, bindings, templates,
/// `-` on standard input).
pub(crate) const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// YAML nodes one document may build once aliases are expanded (an alias counts as a copy of
/// everything its anchor holds). A 2,000-service project builds about 60,000.
pub(crate) const MAX_YAML_NODES: usize = 1_000_000;

/// Services one project may have, over all its compose files. Each costs about 10 KiB while
/// loading, so this bounds a load near 100 MiB; real stacks have tens (the benchmark 2,000).
pub(crate) const MAX_SERVICES: usize = 10_000;

/// How deeply YAML collections may nest (aliases included). Compose files need fewer than 10.
pub(crate) const MAX_YAML_DEPTH: usize = 200;

/// Bytes that `${VAR}` interpolation may produce over one whole load.
pub(crate) const MAX_INTERPOLATED_BYTES: usize = 64 * 1024 * 1024;

/// How deeply Go-template blocks (`if`, `range`, `with`) and parentheses may nest.
pub(crate) const MAX_TEMPLATE_DEPTH: usize = 100;

/// Steps one template rendering may take: each `range` iteration and each list element a
/// function builds counts as one.
pub(crate) const MAX_TEMPLATE_STEPS: usize = 1_000_000;

/// The largest text a template may produce, as a whole or as one value: no more than the
/// largest file the tool would read.
pub(crate) const MAX_TEMPLATE_OUTPUT: usize = MAX_FILE_BYTES as usize;

/// Shown in messages: `8 MiB`.
#[must_use]
pub(crate) fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes / (1024 * 1024))
}

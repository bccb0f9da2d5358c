//! Order-preserving parallel map over independent items, on scoped threads: one chunk per
//! available core. Used where large projects spend their time (checking services, rendering
//! output); small inputs stay on the calling thread.

use std::num::NonZeroUsize;

/// Below this many items the work is done on the calling thread.
const MIN_PARALLEL: usize = 64;

/// Maps `f` over `items`, keeping their order.
pub(crate) fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    if threads < 2 || items.len() < MIN_PARALLEL {
        return items.into_iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let mut chunks: Vec<Vec<T>> = Vec::with_capacity(threads);
    let mut items = items.into_iter();
    loop {
        let part: Vec<T> = items.by_ref().take(chunk).collect();
        if part.is_empty() {
            break;
        }
        chunks.push(part);
    }
    let f = &f;
    std::thread::scope(|scope| {
        let mut chunks = chunks.into_iter();
        let first = chunks.next().unwrap_or_default();
        let handles: Vec<_> =
            chunks.map(|part| scope.spawn(move || part.into_iter().map(f).collect::<Vec<R>>())).collect();
        let mut out: Vec<R> = first.into_iter().map(f).collect();
        for handle in handles {
            // A panic in a worker is a bug; re-raise it on this thread.
            match handle.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_for_small_and_large_inputs() {
        for n in [0, 1, 10, 63, 64, 65, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let out = super::map(items, |i| i * 2);
            assert_eq!(out, (0..n).map(|i| i * 2).collect::<Vec<_>>());
        }
    }
}

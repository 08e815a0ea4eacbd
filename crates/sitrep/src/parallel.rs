//! One ordered parallel map for the commands that code many documents at
//! once (`places`, `eval`, `worker`).

/// `f` over `items` on up to `jobs` threads, results in input order: each
/// thread takes a contiguous run, so the order never depends on
/// scheduling. A panic in `f` is a bug to see, not a row to drop (that
/// would shift every later result): it is resumed on the caller's thread.
pub fn ordered_map<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(jobs).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::ordered_map;

    #[test]
    fn keeps_input_order_whatever_the_jobs() {
        let items: Vec<u32> = (0..1000).collect();
        let want: Vec<u32> = items.iter().map(|x| x * 3).collect();
        for jobs in [0, 1, 2, 3, 7, 2000] {
            assert_eq!(ordered_map(&items, jobs, |x| x * 3), want, "jobs {jobs}");
        }
        assert!(ordered_map(&[] as &[u32], 4, |x| *x).is_empty());
    }
}

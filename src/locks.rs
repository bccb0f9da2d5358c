//! Locks that outlive a panic elsewhere. A thread that panics while holding a lock poisons it;
//! these helpers take the guarded value back with [`PoisonError::into_inner`] instead of
//! failing, skipping the work, or putting a default value in its place. Every value locked
//! through them (progress lines and counters, the secrets to mask, the emulator's model) is
//! changed in steps that each leave it whole, so it stays usable after the panic, and carrying
//! on with it is better than losing output or, for the secrets, printing one unmasked.

use std::sync::{Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Locks `mutex`, recovering it when a panic poisoned it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The value of `mutex`, taken out, also when a panic poisoned it.
pub(crate) fn into_inner<T>(mutex: Mutex<T>) -> T {
    mutex.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// Locks `lock` for reading, recovering it when a panic poisoned it.
pub(crate) fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

/// Locks `lock` for writing, recovering it when a panic poisoned it.
pub(crate) fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poisoned_lock_keeps_its_value() {
        let mutex = Mutex::new(vec![1]);
        let rw = RwLock::new(String::from("kept"));
        std::thread::scope(|s| {
            let _ = s
                .spawn(|| {
                    let _m = mutex.lock();
                    let _w = rw.write();
                    panic!("poisoning on purpose");
                })
                .join();
        });
        assert!(mutex.is_poisoned() && rw.is_poisoned());
        lock(&mutex).push(2);
        assert_eq!(*lock(&mutex), [1, 2]);
        write(&rw).push('!');
        assert_eq!(*read(&rw), "kept!");
        assert_eq!(into_inner(mutex), [1, 2]);
    }
}

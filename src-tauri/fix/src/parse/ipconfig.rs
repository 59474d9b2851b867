//! `ipconfig /flushdns`.

/// `Some(true)` when the output says the cache was flushed, `Some(false)` when it says it could
/// not be, `None` for anything else (another language: the exit status decides then).
pub fn flushdns(stdout: &str) -> Option<bool> {
    let t = stdout.to_ascii_lowercase();
    if t.contains("successfully flushed the dns resolver cache") {
        Some(true)
    } else if t.contains("could not flush the dns resolver cache") {
        Some(false)
    } else {
        None
    }
}

//! When a site connection may stop waiting before its fixed timeouts, and why that is evidence
//! rather than impatience. A fixed timeout has to allow for the slowest working link; once the
//! same run has measured how fast this path answers, the wait can be scaled to that measurement:
//!
//! - **Connect**: another address of the site has loaded. A browser racing the addresses (Happy
//!   Eyeballs) gives up on the slower family within a fraction of a second, so an address that
//!   has not answered within many times the other's connect time is broken for the user.
//! - **TLS handshake**: plain HTTP to the same address answered. The handshake needs about as many
//!   round trips as that exchange (one or two) and a certificate no larger than a page's first
//!   packets, so a handshake still unfinished after many times that is stalled, not slow.
//!
//! Both limits scale with the measured time and never go below a floor well above any working
//! path's handshake, so a slow link (every round trip long) only makes them longer; neither is
//! ever longer than the fixed timeout it shortens (that one still fires first).

use std::time::{Duration, Instant};

use tokio::sync::watch;
use tokio::time::Instant as TokioInstant;

/// The shortest wait for a connect once another address loaded.
const SIBLING_FLOOR: Duration = Duration::from_secs(2);
/// How many of the other address's connect times a connect may take.
const SIBLING_FACTOR: u32 = 10;
/// The shortest wait for a TLS handshake once plain HTTP answered.
const STALL_FLOOR: Duration = Duration::from_secs(2);
/// How many of plain HTTP's times to its answer (connect, request, first byte: two round trips and
/// the server's time) a handshake may take.
const STALL_FACTOR: u32 = 8;

/// A measurement that may come in while a connection waits: milliseconds, once known.
pub(crate) type Signal = watch::Receiver<Option<u64>>;

/// What may cut one connection's waits short.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cut {
    /// Connect time of another address of the site that loaded, once one has.
    pub sibling: Option<Signal>,
    /// Connect plus first byte of plain HTTP on port 80 at the same address, once it answered.
    pub plain: Option<Signal>,
}

/// The wait scaled from a measurement: `factor` times `ms`, at least `floor`.
pub(crate) fn scaled(ms: u64, factor: u32, floor: Duration) -> Duration {
    Duration::from_millis(ms.saturating_mul(u64::from(factor))).max(floor)
}

/// Waits for a signal's value; forever when there is none (or its sender is gone).
async fn known(signal: Option<&Signal>) -> u64 {
    if let Some(mut rx) = signal.cloned()
        && let Ok(v) = rx.wait_for(Option::is_some).await
    {
        return (*v).unwrap_or_default();
    }
    std::future::pending().await
}

/// Ends when a connect begun at `since` may be called failed; says why. Never ends without a cut.
pub(crate) async fn connect(cut: Option<&Cut>, since: Instant) -> String {
    let other = known(cut.and_then(|c| c.sibling.as_ref())).await;
    let wait = scaled(other, SIBLING_FACTOR, SIBLING_FLOOR);
    tokio::time::sleep_until(TokioInstant::from_std(since) + wait).await;
    format!(
        "no TCP answer within {} ms, while another address of the site loaded (connected in {other} ms)",
        wait.as_millis()
    )
}

/// Ends when a TLS handshake begun at `since` may be called stalled; says why. Never ends without a cut.
pub(crate) async fn handshake(cut: Option<&Cut>, since: Instant) -> String {
    let plain = known(cut.and_then(|c| c.plain.as_ref())).await;
    let wait = scaled(plain, STALL_FACTOR, STALL_FLOOR);
    tokio::time::sleep_until(TokioInstant::from_std(since) + wait).await;
    format!(
        "the TLS handshake did not finish within {} ms, while plain HTTP at the same address answered in {plain} ms",
        wait.as_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_path_only_makes_the_wait_longer() {
        // A fast path waits the floor; a slow one (1.6 s round trips) many times its own pace.
        assert_eq!(scaled(3, STALL_FACTOR, STALL_FLOOR), STALL_FLOOR);
        assert_eq!(scaled(3_200, STALL_FACTOR, STALL_FLOOR), Duration::from_millis(25_600));
        assert_eq!(scaled(u64::MAX, SIBLING_FACTOR, SIBLING_FLOOR), Duration::from_millis(u64::MAX));
    }

    #[tokio::test]
    async fn without_a_measurement_nothing_is_cut() {
        let (tx, rx) = watch::channel(None);
        let cut = Cut { plain: Some(rx), ..Cut::default() };
        // Begun almost the floor ago, so that the test waits milliseconds, not seconds.
        let since = Instant::now().checked_sub(Duration::from_millis(1_950)).unwrap_or_else(Instant::now);
        // Nothing measured: the cut does not end (the fixed timeout decides).
        let waited = tokio::time::timeout(Duration::from_millis(200), handshake(Some(&cut), since)).await;
        assert!(waited.is_err());
        tx.send_replace(Some(5));
        let why = tokio::time::timeout(Duration::from_secs(5), handshake(Some(&cut), since)).await;
        let why = why.unwrap_or_default();
        assert!(why.contains("within 2000 ms") && why.contains("answered in 5 ms"), "{why}");
    }
}

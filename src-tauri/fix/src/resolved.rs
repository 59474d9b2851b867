//! systemd-resolved's `FlushCaches` over the system D-Bus (`zbus`, on a small runtime of its own).
//! Unprivileged callers are asked about by polkit; a "no" sends the caller to the
//! `pkexec resolvectl flush-caches` fallback.

use std::time::Duration;

/// How the D-Bus call went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbusFlush {
    /// The cache was flushed.
    Done,
    /// polkit said no, or wants an interactive password: the fallback asks for it.
    Denied,
    /// No system bus, or resolved is not on it, or it failed: the error's name.
    Failed(String),
}

/// How long the D-Bus call may take.
pub const DBUS_TIMEOUT: Duration = Duration::from_secs(5);

/// Calls `org.freedesktop.resolve1.Manager.FlushCaches`.
#[cfg(target_os = "linux")]
pub fn flush_caches() -> DbusFlush {
    let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
        return DbusFlush::Failed("runtime".into());
    };
    let outcome = rt.block_on(async {
        tokio::time::timeout(DBUS_TIMEOUT, async {
            let conn = zbus::Connection::system().await?;
            conn.call_method(
                Some("org.freedesktop.resolve1"),
                "/org/freedesktop/resolve1",
                Some("org.freedesktop.resolve1.Manager"),
                "FlushCaches",
                &(),
            )
            .await
        })
        .await
    });
    match outcome {
        Ok(Ok(_)) => DbusFlush::Done,
        Ok(Err(zbus::Error::MethodError(name, _, _))) => {
            let name = name.as_str();
            if name.ends_with(".AccessDenied") || name.ends_with(".InteractiveAuthorizationRequired") {
                DbusFlush::Denied
            } else {
                DbusFlush::Failed(name.to_owned())
            }
        }
        Ok(Err(e)) => DbusFlush::Failed(e.to_string()),
        Err(_) => DbusFlush::Failed("timed out".into()),
    }
}

/// There is no systemd-resolved off Linux.
#[cfg(not(target_os = "linux"))]
pub fn flush_caches() -> DbusFlush {
    DbusFlush::Failed("not Linux".into())
}

//! The zbus side of [`super`]: each call connects to the system bus on a current-thread runtime
//! of its own and is bounded by [`DBUS_TIMEOUT`] from connect to reply. A fresh connection per
//! call: these are a handful of calls per user click, and no connection outlives its answer.

use std::future::Future;

use super::{DBUS_TIMEOUT, DEST, DbusCall, LINK, LinkRead, MANAGER, PATH, ResolvedCall, from_wire, ifindex, to_wire};

/// Why a bus exchange failed: polkit's no, or any other error's name.
enum Why {
    Denied,
    NoSuchLink,
    Other(String),
}

fn why(e: zbus::Error) -> Why {
    match e {
        zbus::Error::MethodError(name, _, _) => {
            let name = name.as_str();
            if name.ends_with(".AccessDenied") || name.ends_with(".InteractiveAuthorizationRequired") {
                Why::Denied
            } else if name.ends_with(".NoSuchLink") {
                Why::NoSuchLink
            } else {
                Why::Other(name.to_owned())
            }
        }
        e => Why::Other(e.to_string()),
    }
}

/// Runs `work` on a runtime of its own within the deadline. Called from inside another tokio
/// runtime (a window command not moved off the async threads), it blocks a thread of its own
/// instead: starting a runtime inside a runtime would panic.
fn block<T: Send>(work: impl Future<Output = zbus::Result<T>> + Send) -> Result<T, Why> {
    if tokio::runtime::Handle::try_current().is_err() {
        return block_here(work);
    }
    std::thread::scope(|s| s.spawn(|| block_here(work)).join()).unwrap_or_else(|_| Err(Why::Other("panicked".into())))
}

fn block_here<T>(work: impl Future<Output = zbus::Result<T>>) -> Result<T, Why> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Why::Other(format!("runtime: {e}")))?;
    // The timer is made inside the runtime: it needs its clock.
    match rt.block_on(async { tokio::time::timeout(DBUS_TIMEOUT, work).await }) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(why(e)),
        Err(_) => Err(Why::Other("timed out".into())),
    }
}

/// `org.freedesktop.DBus.NameHasOwner(name)` on the system bus.
pub(super) fn name_has_owner(name: &'static str) -> bool {
    block(async {
        let conn = zbus::Connection::system().await?;
        let dbus = zbus::fdo::DBusProxy::new(&conn).await?;
        let name = zbus::names::BusName::try_from(name)?;
        Ok(dbus.name_has_owner(name).await?)
    })
    .unwrap_or(false)
}

async fn manager(
    conn: &zbus::Connection,
    method: &str,
    body: &(impl serde::Serialize + zbus::zvariant::DynamicType),
) -> zbus::Result<zbus::message::Message> {
    conn.call_method(Some(DEST), PATH, Some(MANAGER), method, body).await
}

/// One change.
pub(super) fn call(call: &ResolvedCall) -> DbusCall {
    let index = |ifname: &str| ifindex(ifname).ok_or_else(|| DbusCall::Failed(format!("no interface {ifname}")));
    let result = match call {
        ResolvedCall::FlushCaches => block(async {
            let conn = zbus::Connection::system().await?;
            manager(&conn, call.method(), &()).await.map(drop)
        }),
        ResolvedCall::SetLinkDns { ifname, servers } => {
            let i = match index(ifname) {
                Ok(i) => i,
                Err(e) => return e,
            };
            let wire = to_wire(servers);
            block(async {
                let conn = zbus::Connection::system().await?;
                manager(&conn, call.method(), &(i, wire)).await.map(drop)
            })
        }
        ResolvedCall::RevertLink { ifname } => {
            let i = match index(ifname) {
                Ok(i) => i,
                Err(e) => return e,
            };
            block(async {
                let conn = zbus::Connection::system().await?;
                manager(&conn, call.method(), &(i,)).await.map(drop)
            })
        }
    };
    match result {
        Ok(()) => DbusCall::Done,
        Err(Why::Denied) => DbusCall::Denied,
        Err(Why::NoSuchLink) => DbusCall::Failed("NoSuchLink".into()),
        Err(Why::Other(name)) => DbusCall::Failed(name),
    }
}

/// `GetLink(ifindex)`, then that link object's `DNS` property (read fresh, never cached).
pub(super) fn link_dns(ifname: &str) -> LinkRead {
    let Some(i) = ifindex(ifname) else { return LinkRead::NoSuchLink };
    let result = block(async {
        let conn = zbus::Connection::system().await?;
        let reply = manager(&conn, "GetLink", &(i,)).await?;
        let path: zbus::zvariant::OwnedObjectPath = reply.body().deserialize()?;
        let link = zbus::proxy::Builder::<zbus::Proxy<'_>>::new(&conn)
            .destination(DEST)?
            .path(path)?
            .interface(LINK)?
            .cache_properties(zbus::proxy::CacheProperties::No)
            .build()
            .await?;
        link.get_property::<Vec<(i32, Vec<u8>)>>("DNS").await
    });
    match result {
        Ok(entries) => {
            from_wire(&entries).map_or_else(|| LinkRead::Failed("unknown address family".into()), LinkRead::Servers)
        }
        Err(Why::NoSuchLink) => LinkRead::NoSuchLink,
        Err(Why::Denied) => LinkRead::Failed("AccessDenied".into()),
        Err(Why::Other(name)) => LinkRead::Failed(name),
    }
}

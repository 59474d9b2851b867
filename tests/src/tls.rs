//! HTTPS fakes: a test CA (its PEM is what `[tls] extra_ca` points at) and leaf certificates that
//! are valid, expired, for another name, or signed by a CA nobody trusts; servers on
//! `127.0.0.1:0` that speak TLS with one of them and then behave like [`crate::http`]'s fakes.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;

use crate::http::{Behavior, Seen};

/// Which certificate a server shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    /// For the asked names, signed by the trusted test CA, valid now.
    Valid,
    /// Signed by the test CA, but expired in 2021.
    Expired,
    /// Signed by the test CA, valid now, but for `other.example.test` only.
    WrongName,
    /// For the asked names and valid now, but signed by a CA that is not trusted.
    UnknownCa,
}

/// A certificate authority made for one test.
pub struct TestCa {
    issuer: Issuer<'static, KeyPair>,
    der: CertificateDer<'static>,
    /// The CA certificate as a PEM file, for `[tls] extra_ca`.
    pub pem_path: PathBuf,
}

fn ca(common_name: &str) -> (Issuer<'static, KeyPair>, CertificateDer<'static>, String) {
    let key = KeyPair::generate().unwrap_or_else(|e| panic!("CA key: {e}"));
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap_or_else(|e| panic!("{e}"));
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, common_name);
    params.distinguished_name.push(DnType::OrganizationName, "Site Doctor tests");
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    let cert = params.self_signed(&key).unwrap_or_else(|e| panic!("CA cert: {e}"));
    (Issuer::new(params, key), cert.der().clone(), cert.pem())
}

impl TestCa {
    /// A new CA whose PEM is written to `dir/ca.pem`.
    pub fn new(dir: &Path) -> Self {
        let (issuer, der, pem) = ca("Site Doctor Test CA");
        let pem_path = dir.join("ca.pem");
        std::fs::write(&pem_path, pem).unwrap_or_else(|e| panic!("{e}"));
        Self { issuer, der, pem_path }
    }

    /// A certificate chain and key for `names` (DNS names or IPs), of the given kind.
    pub fn leaf(&self, kind: Leaf, names: &[&str]) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
        let names: Vec<String> = match kind {
            Leaf::WrongName => vec!["other.example.test".into()],
            _ => names.iter().map(|n| (*n).to_owned()).collect(),
        };
        let mut params = CertificateParams::new(names.clone()).unwrap_or_else(|e| panic!("{e}"));
        params.distinguished_name.push(DnType::CommonName, names.first().cloned().unwrap_or_default());
        if kind == Leaf::Expired {
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(2021, 1, 1);
        }
        let key = KeyPair::generate().unwrap_or_else(|e| panic!("{e}"));
        let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        if kind == Leaf::UnknownCa {
            let (rogue, rogue_der, _) = ca("Rogue Interception CA");
            let cert = params.signed_by(&key, &rogue).unwrap_or_else(|e| panic!("{e}"));
            return (vec![cert.der().clone(), rogue_der], key_der);
        }
        let cert = params.signed_by(&key, &self.issuer).unwrap_or_else(|e| panic!("{e}"));
        (vec![cert.der().clone(), self.der.clone()], key_der)
    }
}

/// A running HTTPS fake; stops when dropped.
pub struct FakeHttps {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The request line of every request received over TLS.
    pub seen: Seen,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeHttps {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeHttps {
    /// Starts on 127.0.0.1:0 with this certificate chain; after the handshake, `behavior`.
    pub fn start(chain: (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), behavior: Behavior) -> Self {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|b| b.with_no_client_auth().with_single_cert(chain.0, chain.1))
            .unwrap_or_else(|e| panic!("server TLS config: {e}"));
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let rt = crate::runtime();
        let listener = rt.block_on(TcpListener::bind("127.0.0.1:0")).unwrap_or_else(|e| panic!("bind https: {e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let seen: Seen = Arc::default();
        let log = seen.clone();
        let task = rt.spawn(async move {
            // Runs until the fake is dropped (aborted); each connection in its own task, bounded.
            loop {
                let Ok((tcp, _)) = listener.accept().await else { continue };
                let (acceptor, b, log) = (acceptor.clone(), behavior.clone(), log.clone());
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(Duration::from_secs(120), async move {
                        // A client that rejects the certificate ends the handshake: nothing to serve.
                        if let Ok(tls) = acceptor.accept(tcp).await {
                            let _ = crate::http::serve(tls, b, log).await;
                        }
                    })
                    .await;
                });
            }
        });
        Self { addr, seen, task }
    }

    /// `https://<name>:port` + path.
    pub fn url(&self, name: &str, path: &str) -> String {
        format!("https://{name}:{}{path}", self.addr.port())
    }
}

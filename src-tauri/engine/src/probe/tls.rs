//! TLS the way the user's browser sees it: the OS trust store plus `[tls] extra_ca`, with the
//! presented certificate kept as evidence even when verification fails.

use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::finding::{ErrorClass, TlsInfo};

/// Where the verifier leaves the leaf certificate (DER) it was shown.
pub(crate) type SeenCert = Arc<Mutex<Option<Vec<u8>>>>;

/// Trust anchors and crypto shared by every connection of a run.
#[derive(Clone)]
pub(crate) struct TlsSetup {
    roots: Arc<RootCertStore>,
    provider: Arc<CryptoProvider>,
}

impl std::fmt::Debug for TlsSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TlsSetup({} roots)", self.roots.len())
    }
}

impl TlsSetup {
    /// Loads the OS store and the extra CA file; unreadable extras are reported, not fatal.
    pub(crate) fn load(extra_ca: Option<&std::path::Path>) -> (Self, Option<String>) {
        let mut roots = RootCertStore::empty();
        let native = rustls_native_certs::load_native_certs();
        let _ = roots.add_parsable_certificates(native.certs);
        let mut problem = None;
        if let Some(path) = extra_ca {
            match CertificateDer::pem_file_iter(path) {
                Ok(iter) => {
                    let certs: Vec<_> = iter.filter_map(Result::ok).collect();
                    let (added, _) = roots.add_parsable_certificates(certs);
                    if added == 0 {
                        problem = Some(format!("no usable certificate in {}", path.display()));
                    }
                }
                Err(e) => problem = Some(format!("cannot read {}: {e}", path.display())),
            }
        }
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        (Self { roots: Arc::new(roots), provider }, problem)
    }

    /// A client config for one connection, whose verifier records the leaf certificate.
    pub(crate) fn client_config(&self) -> Result<(Arc<ClientConfig>, SeenCert), String> {
        let inner = WebPkiServerVerifier::builder_with_provider(self.roots.clone(), self.provider.clone())
            .build()
            .map_err(|e| e.to_string())?;
        let seen = Arc::new(Mutex::new(None));
        let verifier = Arc::new(Recording { inner, seen: seen.clone() });
        let mut cfg = ClientConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok((Arc::new(cfg), seen))
    }
}

/// Delegates every decision to webpki; only remembers what the server presented.
#[derive(Debug)]
struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    seen: SeenCert,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut slot) = self.seen.lock() {
            *slot = Some(end_entity.as_ref().to_vec());
        }
        self.inner.verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
    }

    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(m, c, d)
    }

    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(m, c, d)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// The class of a handshake failure, from the rustls error inside the I/O error.
pub(crate) fn classify(e: &std::io::Error) -> ErrorClass {
    let Some(err) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) else {
        return match e.kind() {
            std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::UnexpectedEof => ErrorClass::ConnectionReset,
            _ => ErrorClass::TlsHandshake,
        };
    };
    match err {
        rustls::Error::InvalidCertificate(ce) => match ce {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => ErrorClass::TlsExpired,
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => ErrorClass::TlsNotYetValid,
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                ErrorClass::TlsNameMismatch
            }
            CertificateError::UnknownIssuer | CertificateError::BadSignature | CertificateError::Revoked => {
                ErrorClass::TlsUntrusted
            }
            _ => ErrorClass::TlsUntrusted,
        },
        _ => ErrorClass::TlsHandshake,
    }
}

/// Issuer, subject, names and expiry of a DER certificate.
pub(crate) fn describe(der: &[u8]) -> TlsInfo {
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(der) else {
        return TlsInfo::default();
    };
    let names = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|san| {
            san.value
                .general_names
                .iter()
                .filter_map(|g| match g {
                    x509_parser::extensions::GeneralName::DNSName(n) => Some((*n).to_owned()),
                    x509_parser::extensions::GeneralName::IPAddress(b) => ip_from_bytes(b),
                    _ => None,
                })
                .take(50)
                .collect()
        })
        .unwrap_or_default();
    let not_after = cert.validity().not_after.to_datetime().format(&time::format_description::well_known::Rfc3339).ok();
    TlsInfo {
        version: None,
        issuer: Some(cert.issuer().to_string()),
        subject: Some(cert.subject().to_string()),
        names,
        not_after,
    }
}

fn ip_from_bytes(b: &[u8]) -> Option<String> {
    match b.len() {
        4 => <[u8; 4]>::try_from(b).ok().map(|a| std::net::Ipv4Addr::from(a).to_string()),
        16 => <[u8; 16]>::try_from(b).ok().map(|a| std::net::Ipv6Addr::from(a).to_string()),
        _ => None,
    }
}

//! TLS the way the user's browser sees it: the OS's own certificate check
//! (`rustls-platform-verifier`: CryptoAPI on Windows, the Security framework on macOS, webpki
//! over the native store on Linux) plus `[tls] extra_ca`, with the presented certificate kept as
//! evidence even when verification fails, and a trust store that cannot be read said out loud.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, SignatureScheme};
use rustls_platform_verifier::Verifier;

use crate::finding::{ErrorClass, TlsInfo};

/// Where the verifier leaves the leaf certificate (DER) it was shown.
pub(crate) type SeenCert = Arc<Mutex<Option<Vec<u8>>>>;

/// The OS verifier and crypto shared by every connection of a run, and what went wrong
/// setting them up.
#[derive(Clone)]
pub(crate) struct TlsSetup {
    /// The OS's verifier, or why none could be made (then every handshake fails with that).
    verifier: Result<Arc<Verifier>, String>,
    provider: Arc<CryptoProvider>,
    /// Trust that could not be loaded (the OS store, an `extra_ca` file), in words; shown with
    /// any certificate failure, since it may be the reason.
    pub problems: Vec<String>,
}

impl std::fmt::Debug for TlsSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TlsSetup(verifier: {}, problems: {:?})", self.verifier.is_ok(), self.problems)
    }
}

impl TlsSetup {
    /// Makes the OS verifier with the extra CA files trusted besides the OS store. Blocking:
    /// reads files (and on Linux the whole certificate store).
    pub(crate) fn load(extra_ca: &[PathBuf]) -> Self {
        let mut problems = Vec::new();
        let mut extra = Vec::new();
        for path in extra_ca {
            match CertificateDer::pem_file_iter(path) {
                Ok(iter) => {
                    let before = extra.len();
                    extra.extend(iter.filter_map(Result::ok));
                    if extra.len() == before {
                        problems.push(format!("no usable certificate in {} ([tls] extra_ca)", path.display()));
                    }
                }
                Err(e) => problems.push(format!("cannot read {} ([tls] extra_ca): {e}", path.display())),
            }
        }
        problems.extend(store_problem());
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let verifier = Verifier::new_with_extra_roots(extra, provider.clone())
            .map(Arc::new)
            .map_err(|e| format!("this computer's certificate check could not start: {e}"));
        if let Err(e) = &verifier {
            problems.push(e.clone());
        }
        Self { verifier, provider, problems }
    }

    /// A client config for one connection, whose verifier records the leaf certificate.
    pub(crate) fn client_config(&self) -> Result<(Arc<ClientConfig>, SeenCert), String> {
        let inner = self.verifier.clone()?;
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

    /// `message`, with the trust problems appended when there are any.
    pub(crate) fn explain(&self, message: String) -> String {
        if self.problems.is_empty() { message } else { format!("{message} (note: {})", self.problems.join("; ")) }
    }
}

/// `environment.trust_store`: whether the certificate check could start with every certificate
/// authority this computer trusts. A store that cannot be read leaves secure sites looking
/// untrusted here, whoever serves them: a finding of its own, never silence.
pub(crate) async fn trust_store(ctx: &super::Ctx) -> crate::finding::Check {
    use crate::finding::{Check, Status};
    let start = std::time::Instant::now();
    let setup = ctx.tls().await;
    let status = if setup.problems.is_empty() { Status::Pass } else { Status::Warn };
    let mut c =
        Check::new(crate::check_id::CheckId::EnvironmentTrustStore, None, status, crate::finding::ms_since(start));
    if !setup.problems.is_empty() {
        c.detail.message = Some(setup.problems.join("; "));
    }
    c
}

/// On Linux and the BSDs the platform verifier reads the native store and ignores what it
/// cannot read; that must not go unsaid. Windows and macOS fetch and check roots themselves.
fn store_problem() -> Option<String> {
    if !cfg!(all(unix, not(target_vendor = "apple"), not(target_os = "android"))) {
        return None;
    }
    let native = rustls_native_certs::load_native_certs();
    let first = native.errors.first().map(ToString::to_string);
    match (native.certs.is_empty(), first) {
        (true, Some(e)) => Some(format!("this computer's certificate store could not be read: {e}")),
        (true, None) => Some("this computer's certificate store is empty".into()),
        (false, Some(e)) => Some(format!("part of this computer's certificate store could not be read: {e}")),
        (false, None) => None,
    }
}

/// Delegates every decision to the OS verifier; only remembers what the server presented.
#[derive(Debug)]
struct Recording {
    inner: Arc<Verifier>,
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
            // Revoked keeps its own words in the message (the OS's reason); to the user it is a
            // certificate not to trust, like an unknown issuer.
            CertificateError::UnknownIssuer
            | CertificateError::BadSignature
            | CertificateError::Revoked
            | CertificateError::UnknownRevocationStatus
            | CertificateError::ExpiredRevocationList
            | CertificateError::ExpiredRevocationListContext { .. } => ErrorClass::TlsUntrusted,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extra_ca_that_cannot_be_read_is_said_with_any_failure() {
        let setup = TlsSetup::load(&[PathBuf::from("/nonexistent/company-ca.pem")]);
        assert!(setup.problems.iter().any(|p| p.contains("/nonexistent/company-ca.pem")), "{setup:?}");
        let said = setup.explain("TLS: invalid peer certificate: UnknownIssuer".into());
        assert!(said.starts_with("TLS: invalid peer certificate") && said.contains("(note: cannot read"), "{said}");
    }

    #[test]
    fn the_os_reasons_map_to_classes() {
        let io = |e: CertificateError| std::io::Error::other(rustls::Error::InvalidCertificate(e));
        assert_eq!(classify(&io(CertificateError::Expired)), ErrorClass::TlsExpired);
        assert_eq!(classify(&io(CertificateError::NotValidYet)), ErrorClass::TlsNotYetValid);
        assert_eq!(classify(&io(CertificateError::NotValidForName)), ErrorClass::TlsNameMismatch);
        assert_eq!(classify(&io(CertificateError::UnknownIssuer)), ErrorClass::TlsUntrusted);
        assert_eq!(classify(&io(CertificateError::Revoked)), ErrorClass::TlsUntrusted);
    }
}

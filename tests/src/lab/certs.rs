//! The lab's certificates: one CA per scenario (the app trusts it through `[tls] extra_ca`, the
//! vantage stand-ins through `--ca`), and leaf certificates for the servers, valid or expired.

use std::path::{Path, PathBuf};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose, date_time_ymd};

/// A certificate and key on disk.
#[derive(Debug, Clone)]
pub struct Pair {
    /// PEM certificate.
    pub cert: PathBuf,
    /// PEM private key.
    pub key: PathBuf,
}

/// The scenario's CA, able to issue leaves.
pub struct Ca {
    /// The CA certificate (PEM), what clients trust.
    pub pem: PathBuf,
    issuer: Issuer<'static, KeyPair>,
}

/// How long a leaf is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// From last year to next year.
    Current,
    /// Expired: valid during 2020 only.
    Expired,
}

impl Ca {
    /// Creates the CA and writes `ca.pem` into `dir`.
    pub fn create(dir: &Path) -> Result<Self, String> {
        Self::named(dir, "ca", "Site Doctor Lab CA")
    }

    /// Creates another CA (`<file>.pem` in `dir`), e.g. a TLS-inspecting box's own.
    pub fn named(dir: &Path, file: &str, common_name: &str) -> Result<Self, String> {
        let key = KeyPair::generate().map_err(|e| e.to_string())?;
        let mut params = CertificateParams::new(Vec::<String>::new()).map_err(|e| e.to_string())?;
        params.distinguished_name.push(DnType::CommonName, common_name);
        params.distinguished_name.push(DnType::OrganizationName, "Site Doctor scenario lab");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages =
            vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
        params.not_before = date_time_ymd(2019, 1, 1);
        params.not_after = date_time_ymd(2040, 1, 1);
        let cert = params.self_signed(&key).map_err(|e| e.to_string())?;
        let pem = dir.join(format!("{file}.pem"));
        std::fs::write(&pem, cert.pem()).map_err(|e| format!("{}: {e}", pem.display()))?;
        Ok(Self { pem, issuer: Issuer::new(params, key) })
    }

    /// Issues a leaf for `names` (DNS names or IP addresses) and writes `<file>.pem`/`<file>.key`.
    pub fn issue(&self, dir: &Path, file: &str, names: &[&str], validity: Validity) -> Result<Pair, String> {
        let key = KeyPair::generate().map_err(|e| e.to_string())?;
        let mut params = CertificateParams::new(names.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
            .map_err(|e| e.to_string())?;
        params.distinguished_name.push(DnType::CommonName, names.first().copied().unwrap_or("lab"));
        let now = time::OffsetDateTime::now_utc();
        (params.not_before, params.not_after) = match validity {
            Validity::Current => (now - time::Duration::days(365), now + time::Duration::days(365)),
            Validity::Expired => (date_time_ymd(2020, 1, 1), date_time_ymd(2020, 12, 31)),
        };
        let cert = params.signed_by(&key, &self.issuer).map_err(|e| e.to_string())?;
        let pair = Pair { cert: dir.join(format!("{file}.pem")), key: dir.join(format!("{file}.key")) };
        std::fs::write(&pair.cert, cert.pem()).map_err(|e| format!("{}: {e}", pair.cert.display()))?;
        std::fs::write(&pair.key, key.serialize_pem()).map_err(|e| format!("{}: {e}", pair.key.display()))?;
        Ok(pair)
    }
}

//! Scenario files without root: each parses, stays inside the contract, and together they cover
//! every culprit the engine can name.

use super::*;

/// Runs without root: a broken scenario file fails here even where the lab itself is skipped.
#[test]
fn every_scenario_file_is_valid() {
    let all = list().expect("scenarios");
    assert!(all.len() >= 20, "{all:?}");
    for (name, path) in all {
        Scenario::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// A culprit the engine can name but no scenario expects is a verdict nobody has seen the real app
/// reach on a real network. `none` counts too: `healthy.toml` expects it.
#[test]
fn every_culprit_has_a_scenario_expecting_it() {
    let expected: Vec<(String, Culprit)> = list()
        .expect("scenarios")
        .into_iter()
        .map(|(name, path)| {
            let s = Scenario::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, s.expect.culprit)
        })
        .collect();
    let missing: Vec<String> =
        Culprit::ALL.iter().filter(|c| !expected.iter().any(|(_, e)| e == *c)).map(name).collect();
    assert!(missing.is_empty(), "no scenario in {} expects culprit(s) {missing:?}", dir().display());
    assert!(expected.iter().any(|(n, c)| n == "healthy" && *c == Culprit::None), "healthy.toml must expect none");
}

#[test]
fn names_are_the_json_names() {
    assert_eq!(name(&Verdict::DownForEveryone), "down_for_everyone");
    assert_eq!(name(&Culprit::TlsInterception), "tls_interception");
    assert_eq!(name(&Confidence::Likely), "likely");
}

#[test]
fn typos_and_values_outside_the_contract_are_errors() {
    let base = "description = \"x\"\n[expect]\nverdict = \"up\"\nculprit = \"none\"\ndeadline = 5\n";
    let parse = |text: &str| -> Result<Scenario, String> {
        let s: Scenario = toml::from_str(text).map_err(|e| e.to_string())?;
        s.validate().map(|()| s)
    };
    let with = |extra: &str| parse(&format!("{base}{extra}"));
    assert!(with("").is_ok());
    assert!(with("[dns]\nisp = \"nxdomian\"\n").is_err());
    assert!(with("[client]\nvpm = true\n").is_err());
    assert!(with("[client]\nhosts = [\"192.0.2.1 shop.example.test\"]\n").is_err());
    assert!(with("[path]\nloss = 1.5\n").is_err());
    assert!(with("[path]\ndrop_client_ipv6 = true\n").is_err(), "needs site.ipv6");
    assert!(with("[path]\ndelay_ms = 9000\n").is_err());
    // The matrix's ordinary setups: one https_proxy, one way out, and only where the lab builds them.
    assert!(with("[client]\nworking_proxy = true\nbroken_proxy = true\n").is_err());
    assert!(with("[client]\nhome_nat = true\noffline = true\n").is_err());
    assert!(with("[client]\nhome_nat = true\nworking_vpn = true\n").is_err());
    assert!(with("[client]\nworking_vpn = true\n[site]\nipv6 = true\n").is_err());
    assert!(with("[client]\nhome_nat = true\nworking_proxy = true\n[dns]\ndoh = \"refused\"\n").is_ok());
    assert!(with("[dns]\ndoh = \"silent\"\n").is_err(), "doh is none or refused");
    // Names outside the engine's enums are rejected by serde itself, with the offending value.
    let bad_culprit = parse(&base.replace("\"none\"", "\"dns\"")).expect_err("unknown culprit");
    assert!(bad_culprit.contains("unknown variant `dns`"), "{bad_culprit}");
    assert!(parse(&base.replace("\"up\"", "\"down\"")).is_err());
    assert!(with("confidence = [\"sure\"]\n").is_err());
    let ok = with("confidence = [\"confirmed\", \"likely\"]\n").expect("confidences");
    assert_eq!(ok.expect.confidence, [Confidence::Confirmed, Confidence::Likely]);
    assert_eq!((ok.expect.verdict, ok.expect.culprit), (Verdict::Up, Culprit::None));
}

use super::*;

fn table(s: &str) -> toml::Table {
    toml::from_str(s).expect("toml")
}

#[test]
fn overlays_merge_tables_and_report_conflicts() {
    let mut base = table("description = \"x\"\n[path]\ndelay_ms = 1600\n[dns]\nisp = \"silent\"\n");
    let mut conflicts = Vec::new();
    overlay(&mut base, &table("[path]\ndelay_ms = 200\n[dns]\ndoh = \"refused\"\n"), "", &mut conflicts);
    assert_eq!(conflicts, ["path.delay_ms"]);
    assert_eq!(base["dns"]["isp"].as_str(), Some("silent"), "untouched keys stay");
    assert_eq!(base["dns"]["doh"].as_str(), Some("refused"));
    let mut same = Vec::new();
    overlay(&mut base, &table("[dns]\nisp = \"silent\"\n"), "", &mut same);
    assert!(same.is_empty(), "setting a key to the value it has is no conflict");
}

#[test]
fn the_matrix_file_loads_and_every_perturbation_applies_somewhere() {
    let names: Vec<String> = scenario_names();
    let m = Matrix::load(&path(), &names).expect("matrix.toml");
    let files = crate::lab::scenario::list().expect("scenarios");
    let cells = plan(&m, &files, &names, &Selection::All);
    for p in &m.perturbation {
        let runs = cells.iter().filter(|c| c.perturbation.as_ref() == Some(&p.name) && matches!(c.kind, Kind::Run(_)));
        let runs: Vec<_> = runs.collect();
        let identity = p.name == "ipv4_only" || p.name == "port80_open";
        assert!(identity || !runs.is_empty(), "{} runs nowhere", p.name);
        for c in runs {
            let Kind::Run(s) = &c.kind else { continue };
            if let Err(e) = s.as_ref() {
                panic!("{}: {e}", c.name());
            }
        }
    }
}

#[test]
fn a_sample_covers_every_perturbation_and_every_cell_within_its_slices() {
    let names = scenario_names();
    let m = Matrix::load(&path(), &names).expect("matrix.toml");
    let files = crate::lab::scenario::list().expect("scenarios");
    let slices = 4;
    let mut seen = std::collections::HashSet::new();
    for seed in 0..slices {
        let cells = plan(&m, &files, &names, &Selection::Sample { seed, slices });
        let sampled: Vec<&Cell> = cells.iter().filter(|c| c.perturbation.is_some()).collect();
        for p in &m.perturbation {
            let mine = sampled.iter().filter(|c| c.perturbation.as_ref() == Some(&p.name));
            assert!(mine.clone().count() > 0, "seed {seed}: {} missing", p.name);
        }
        for c in sampled.iter().filter(|c| !matches!(c.kind, Kind::NotSampled)) {
            seen.insert(c.name());
        }
    }
    let all = plan(&m, &files, &names, &Selection::All);
    for c in all.iter().filter(|c| c.perturbation.is_some()) {
        assert!(seen.contains(&c.name()), "{} never comes up in {slices} runs", c.name());
    }
}

#[test]
fn a_weaker_verdict_may_name_its_own_culprit() {
    use site_doctor_engine::{Culprit, Verdict};
    let names = scenario_names();
    let m = Matrix::load(&path(), &names).expect("matrix.toml");
    let files: Vec<_> = crate::lab::scenario::list().expect("scenarios");
    let mine: Vec<_> = files.into_iter().filter(|(n, _)| n == "network_path").collect();
    let cells = plan(&m, &mine, &names, &Selection::Only(vec!["vantage_both_down".into()]));
    let cell = cells.iter().find(|c| c.perturbation.is_some()).expect("the cell");
    let Kind::Run(s) = &cell.kind else { panic!("{} does not run", cell.name()) };
    let e = &s.as_ref().as_ref().expect("loads").expect;
    assert_eq!((e.verdict, e.culprit), (Verdict::Inconclusive, Culprit::SiteUnreachable));
}

fn scenario_names() -> Vec<String> {
    crate::lab::scenario::list().expect("scenarios").into_iter().map(|(n, _)| n).collect()
}

#[test]
fn a_known_failure_that_passes_or_fails_otherwise_fails_the_run() {
    use crate::lab::run::Outcome;
    use table::Mark;
    let m: Matrix = toml::from_str(
        r#"
        [[perturbation]]
        name = "p"
        description = "d"
        overlay = { dns = { doh = "refused" } }
        [[known_failure]]
        scenarios = ["a", "b", "c"]
        perturbation = "p"
        actual = "just_you/vpn"
        issue = "i"
        rule = "r"
        "#,
    )
    .expect("matrix");
    let scenario: crate::lab::scenario::Scenario =
        toml::from_str("description = \"x\"\n[expect]\nverdict = \"up\"\nculprit = \"none\"\ndeadline = 5\n")
            .expect("s");
    let cell = |s: &str| Cell {
        scenario: s.into(),
        perturbation: Some("p".into()),
        kind: Kind::Run(Box::new(Ok(scenario.clone()))),
    };
    let cells = [cell("a"), cell("b"), cell("c"), cell("d")];
    let outcome = |name: &str, actual: &str, ok: bool| Outcome {
        name: name.into(),
        actual: actual.into(),
        problems: if ok { vec![] } else { vec![format!("expected up/none, got {actual}")] },
        ..Outcome::default()
    };
    let outcomes: std::collections::HashMap<String, Outcome> = [
        outcome("a@p", "just_you/vpn", false),
        outcome("b@p", "up/none", true),
        outcome("c@p", "just_you/proxy", false),
        outcome("d@p", "just_you/vpn", false),
    ]
    .into_iter()
    .map(|o| (o.name.clone(), o))
    .collect();
    let judged = table::judge(&m, &cells, &outcomes);
    let marks: Vec<&Mark> = judged.cells.iter().map(|(_, m, _)| m).collect();
    assert_eq!(marks, [&Mark::Known, &Mark::Stale, &Mark::Stale, &Mark::Fail]);
    assert_eq!(judged.failures(), ["b@p", "c@p", "d@p"]);
}

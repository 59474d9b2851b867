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

fn scenario_names() -> Vec<String> {
    crate::lab::scenario::list().expect("scenarios").into_iter().map(|(n, _)| n).collect()
}

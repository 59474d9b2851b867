use super::*;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sd-history-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A run that started at second `n` of one minute.
fn run(n: u32, verdict: &str) -> Diagnosis {
    serde_json::from_value(serde_json::json!({
        "schema": 1,
        "target": { "input": "shop.example.com", "url": "https://shop.example.com/", "host": "shop.example.com", "port": 443 },
        "verdict": verdict, "culprit": "none", "confidence": "likely",
        "summary": "x", "next_steps": [], "evidence": {}, "checks": [], "elapsed_ms": 10,
        "started_at": format!("2026-11-21T14:00:{:02}.{n:09}Z", n % 60)
    }))
    .expect("diagnosis")
}

#[test]
fn append_list_get_update_delete_clear() {
    let dir = scratch("api");
    let h = History::at(dir.join(FILE_NAME));
    assert_eq!(h.list().expect("empty list"), HistoryList { entries: vec![], set_aside: None });
    let a = h.append(run(1, "up"), vec![]).expect("append");
    let b = h.append(run(2, "down_for_everyone"), vec![]).expect("append");
    let list = h.list().expect("list");
    assert_eq!(list.entries.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), [b.as_str(), a.as_str()]);
    assert_eq!(list.entries[0].verdict, Verdict::DownForEveryone);
    assert_eq!(list.entries[0].site, "shop.example.com");
    assert!(list.entries[0].incident.starts_with("SD-"));
    // A new History (the app restarted) reads what the old one wrote.
    let h = History::at(dir.join(FILE_NAME));
    assert_eq!(h.get(&a).expect("get").map(|e| e.diagnosis.verdict), Some(Verdict::Up));
    assert!(h.get("nope").expect("get").is_none());
    let step: TriedStep = serde_json::from_value(serde_json::json!({
        "step": "flush_dns", "before": { "verdict": "just_you", "culprit": "none", "confidence": "likely" }
    }))
    .expect("tried step");
    assert!(h.update_tried(&a, vec![step.clone()]).expect("update"));
    assert!(!h.update_tried("nope", vec![step.clone()]).expect("update"));
    assert_eq!(h.get(&a).expect("get").map(|e| e.tried), Some(vec![step]));
    assert_eq!(h.list().expect("list").entries[1].tried, 1);
    // The same run appended again replaces its entry instead of doubling it.
    h.append(run(1, "up"), vec![]).expect("append again");
    assert_eq!(h.list().expect("list").entries.len(), 2);
    assert!(h.delete(&b).expect("delete"));
    assert!(!h.delete(&b).expect("delete twice"));
    assert_eq!(h.list().expect("list").entries.len(), 1);
    h.clear().expect("clear");
    assert!(h.list().expect("list").entries.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn only_the_newest_entries_are_kept() {
    let dir = scratch("bounded");
    let h = History::at(dir.join(FILE_NAME));
    for n in 0..(MAX_ENTRIES as u32 + 5) {
        h.append(run(n, "up"), vec![]).expect("append");
    }
    let list = h.list().expect("list");
    assert_eq!(list.entries.len(), MAX_ENTRIES);
    assert_eq!(list.entries[0].id, run(MAX_ENTRIES as u32 + 4, "up").started_at);
    assert_eq!(list.entries[MAX_ENTRIES - 1].id, run(5, "up").started_at);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_damaged_file_is_set_aside_and_reported_never_lost() {
    for (name, junk) in [("garbage", &b"{\"version\": 1, \"entr"[..]), ("binary", &[0xff, 0x00, 0x13][..])] {
        let dir = scratch(name);
        let path = dir.join(FILE_NAME);
        std::fs::write(&path, junk).expect("write junk");
        let h = History::at(&path);
        let list = h.list().expect("a damaged file is not an error");
        assert!(list.entries.is_empty());
        let aside = PathBuf::from(list.set_aside.expect("the window is told"));
        assert!(aside.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("history.json.corrupt-")));
        assert_eq!(std::fs::read(&aside).expect("set-aside file"), junk, "the old bytes are kept as they were");
        // New checks are kept again, and the message stays for this session.
        h.append(run(1, "up"), vec![]).expect("append after");
        let list = h.list().expect("list");
        assert_eq!(list.entries.len(), 1);
        assert!(list.set_aside.is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn writes_leave_no_temporary_files() {
    let dir = scratch("tmp");
    let h = History::at(dir.join(FILE_NAME));
    h.append(run(1, "up"), vec![]).expect("append");
    let names: Vec<String> =
        std::fs::read_dir(&dir).expect("dir").flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, [FILE_NAME]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_owner_run_is_marked_as_such_in_the_list() {
    let dir = scratch("owner");
    let h = History::at(dir.join(FILE_NAME));
    let mut owner_run = run(3, "down_for_everyone");
    owner_run.evidence.owner = Some(site_doctor_engine::OwnerEvidence::default());
    h.append(owner_run, vec![]).expect("append");
    h.append(run(4, "up"), vec![]).expect("append");
    let list = h.list().expect("list");
    assert_eq!(list.entries.iter().map(|e| e.owner).collect::<Vec<_>>(), [false, true], "newest first");
    // The owner's findings are kept whole, to be read again.
    let kept = h.get(&list.entries[1].id).expect("get").expect("the entry");
    assert!(kept.diagnosis.evidence.owner.is_some());
}

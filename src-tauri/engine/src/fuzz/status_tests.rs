//! The status pages' readers under structured fuzzing: Statuspage summaries with any value in any
//! slot, incidents and components by the hundred, and pages full of links.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::tests::{any_json, config};

/// A Statuspage summary's shape with any value in any slot.
fn summary_shaped() -> impl Strategy<Value = Value> {
    let name = prop_oneof![
        any_json(),
        prop::sample::select(&["Amsterdam, Netherlands - (AMS)", "(AMS)", "AMS", "- AMS", "(", "", "CDN/Cache"][..])
            .prop_map(Value::from),
    ];
    let component =
        (name.clone(), any_json(), any_json()).prop_map(|(n, s, g)| json!({"name": n, "status": s, "group": g}));
    let incident = (any_json(), any_json(), any_json(), any_json(), prop::collection::vec(name, 0..8)).prop_map(
        |(n, s, at, link, comps)| {
            let comps: Vec<Value> = comps.into_iter().map(|c| json!({"name": c})).collect();
            json!({"name": n, "status": s, "impact": s, "created_at": at, "started_at": at, "shortlink": link, "components": comps})
        },
    );
    (prop::collection::vec(component, 0..80), prop::collection::vec(incident, 0..40), any_json(), any_json()).prop_map(
        |(components, incidents, page, status)| {
            json!({"page": page, "status": status, "components": components, "incidents": incidents})
        },
    )
}

proptest! {
    #![proptest_config(config(60))]

    #[test]
    fn status_structured(v in summary_shaped()) {
        super::status_json(v.to_string().as_bytes());
    }

    #[test]
    fn status_bytes(b in prop::collection::vec(any::<u8>(), 0..400)) {
        super::status_json(&b);
    }

    #[test]
    fn status_links(parts in prop::collection::vec(
        prop_oneof![
            Just("href=".to_owned()),
            Just("\"https://status.".to_owned()),
            Just("'http://x.statuspage.io".to_owned()),
            "[ -~]{0,12}".prop_map(String::from),
            any::<String>(),
        ],
        0..40,
    )) {
        super::status_json(parts.concat().as_bytes());
    }
}

//! The JSON Schema of `site-doctor check --json` (a [`Diagnosis`]), generated from the Rust types
//! so it cannot describe anything but what is printed. `docs/schema/diagnosis.json` is this
//! schema; a test fails when the two drift (`make bindings` rewrites the file).

use crate::diagnosis::Diagnosis;

/// The schema of the `--json` document, as pretty-printed JSON with a trailing newline.
pub fn diagnosis_schema() -> String {
    let mut schema = schemars::schema_for!(Diagnosis);
    schema
        .insert("$id".into(), "https://github.com/site-doctor/site-doctor/blob/main/docs/schema/diagnosis.json".into());
    schema.insert("title".into(), "Site Doctor diagnosis (site-doctor check --json)".into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    /// The committed file, next to the other docs.
    fn path() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schema/diagnosis.json")
    }

    #[test]
    fn json_schema_is_current() {
        let now = super::diagnosis_schema();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::create_dir_all(path().parent().expect("docs/schema")).expect("mkdir");
            std::fs::write(path(), &now).expect("write the schema");
        }
        let committed = std::fs::read_to_string(path()).unwrap_or_default();
        assert!(committed == now, "docs/schema/diagnosis.json is stale: run `make bindings` (UPDATE_SCHEMA=1)");
    }
}

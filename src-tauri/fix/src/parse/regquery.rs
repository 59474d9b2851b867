//! `reg query <key> [/v <name>]`.

/// One value of a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegValue {
    /// Its name.
    pub name: String,
    /// `REG_SZ`, `REG_DWORD`, …
    pub kind: String,
    /// Its data as printed (`0x1` for DWORDs).
    pub data: String,
}

impl RegValue {
    /// A `REG_DWORD`'s number.
    pub fn dword(&self) -> Option<u32> {
        u32::from_str_radix(self.data.strip_prefix("0x")?, 16).ok()
    }
}

/// The values printed under the key (lines indented by four spaces, fields separated by four).
pub fn parse(stdout: &str) -> Vec<RegValue> {
    stdout
        .lines()
        .filter_map(|l| l.trim_end_matches('\r').strip_prefix("    "))
        .filter_map(|l| {
            let mut f = l.splitn(3, "    ");
            let (name, kind) = (f.next()?, f.next()?);
            kind.starts_with("REG_").then(|| RegValue {
                name: name.to_owned(),
                kind: kind.to_owned(),
                data: f.next().unwrap_or("").trim().to_owned(),
            })
        })
        .collect()
}

/// The value called `name`, if printed.
pub fn value<'a>(values: &'a [RegValue], name: &str) -> Option<&'a RegValue> {
    values.iter().find(|v| v.name.eq_ignore_ascii_case(name))
}

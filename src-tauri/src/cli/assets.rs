//! Shell completions and man pages, generated from the same clap definitions as `--help`, for
//! the packages to install: kept in `src-tauri/packaging/cli/` (`make cli-assets` rewrites them;
//! a test fails when they drift from the command line).

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, EXIT_INTERNAL};

/// Writes `completions/` (bash, zsh, fish, PowerShell, elvish) and `man/` (`site-doctor.1` and
/// one page per command) under `dir`; returns the exit status.
pub fn write(dir: &Path) -> i32 {
    match write_all(dir) {
        Ok(()) => {
            println!("{}", dir.display());
            0
        }
        Err(e) => {
            eprintln!("site-doctor: cannot write into {}: {e}", dir.display());
            EXIT_INTERNAL
        }
    }
}

fn write_all(dir: &Path) -> std::io::Result<()> {
    let completions = dir.join("completions");
    std::fs::create_dir_all(&completions)?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish] {
        clap_complete::generate_to(shell, &mut Cli::command(), "site-doctor", &completions)?;
    }
    let man = dir.join("man");
    std::fs::create_dir_all(&man)?;
    // `generate_to` writes site-doctor.1 and site-doctor-check.1, site-doctor-fix.1, …
    clap_mangen::generate_to(Cli::command(), &man)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// Every file under `dir`, relative to it, with its bytes.
    fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        for sub in ["completions", "man"] {
            let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
            for e in entries.flatten() {
                let rel = Path::new(sub).join(e.file_name());
                out.push((rel, std::fs::read(e.path()).unwrap_or_default()));
            }
        }
        out.sort();
        out
    }

    /// The packages install the copies in `src-tauri/packaging/cli/` (tauri.conf.json): they
    /// must be what the command line says now. `UPDATE_CLI_ASSETS=1` (or `make cli-assets`)
    /// rewrites them.
    #[test]
    fn the_packaged_completions_and_man_pages_are_current() {
        let dir = std::env::temp_dir().join(format!("site-doctor-assets-{}", std::process::id()));
        assert_eq!(super::write(&dir), 0);
        for f in
            ["completions/site-doctor.bash", "completions/_site-doctor", "man/site-doctor.1", "man/site-doctor-check.1"]
        {
            assert!(dir.join(f).is_file(), "{f}");
        }
        let packaged = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/cli");
        if std::env::var_os("UPDATE_CLI_ASSETS").is_some() {
            let _ = std::fs::remove_dir_all(&packaged);
            assert_eq!(super::write(&packaged), 0);
        }
        let (now, kept) = (files(&dir), files(&packaged));
        let _ = std::fs::remove_dir_all(&dir);
        let names = |v: &[(PathBuf, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(&kept), names(&now), "run `make cli-assets`");
        for ((path, a), (_, b)) in kept.iter().zip(&now) {
            assert!(a == b, "{} differs from what the command line says now: run `make cli-assets`", path.display());
        }
    }
}

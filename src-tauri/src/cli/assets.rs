//! Shell completions and man pages, generated from the same clap definitions as `--help`, for
//! the packages to install (`make cli-assets`).

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
    #[test]
    fn completions_and_man_pages_are_written() {
        let dir = std::env::temp_dir().join(format!("site-doctor-assets-{}", std::process::id()));
        assert_eq!(super::write(&dir), 0);
        for f in
            ["completions/site-doctor.bash", "completions/_site-doctor", "man/site-doctor.1", "man/site-doctor-check.1"]
        {
            assert!(dir.join(f).is_file(), "{f}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

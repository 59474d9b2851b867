//! The command line as clap sees it: every command and option, with the words `--help`, the man
//! page and the shell completions show. Parsing only; what each command does is elsewhere.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Words after the options in `site-doctor --help`: the exit statuses, so scripts find them.
const EXIT_HELP: &str = "\
Exit status of `check`: 0 up, 10 degraded, 11 just you, 12 down for everyone, 13 inconclusive,
2 bad input or usage, 1 internal failure, 130 interrupted (Ctrl-C).
Exit status of `fix`: 0 done or nothing to do, 1 failed, 2 bad usage, 3 refused, 4 cancelled.
Without a command (or with a web address) the window opens. More: docs/cli.md, man site-doctor.";

/// Site Doctor: is a website down for everyone, or just for you?
#[derive(Debug, Parser)]
#[command(name = "site-doctor", version, about, after_help = EXIT_HELP, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check one website from this computer and say why it does (or does not) load.
    Check(CheckArgs),
    /// Change what the diagnosis found wrong on this computer (flush the DNS cache, switch the
    /// DNS service, undo the switch), or show what was detected.
    #[command(subcommand)]
    Fix(FixCommand),
    /// Write the shell completions and man pages into a folder (for packaging).
    #[command(hide = true)]
    GenerateCliAssets {
        /// The folder to write into; created when missing.
        dir: PathBuf,
    },
}

/// `site-doctor check`.
#[derive(Debug, Args)]
#[command(after_help = "Exit status: 0 up, 10 degraded, 11 just you, 12 down for everyone, 13 inconclusive, \
                        2 bad input or usage, 1 internal failure, 130 interrupted (Ctrl-C).")]
pub struct CheckArgs {
    /// The website, as a person would type or paste it: example.com, https://example.com/cart,
    /// 198.51.100.7:8443.
    pub site: String,
    /// Print one JSON document on stdout and nothing else (schema: docs/schema/diagnosis.json).
    #[arg(long, conflicts_with = "report")]
    pub json: bool,
    /// Print the help-desk report, with personal details hidden: plain text (the default), or
    /// Markdown with --report=md.
    #[arg(long, value_name = "FORMAT", num_args = 0..=1, require_equals = true, default_missing_value = "text")]
    pub report: Option<ReportKind>,
    /// With --report: hide nothing (no address, name or query string is replaced).
    #[arg(long, requires = "report")]
    pub no_redact: bool,
    /// Read the configuration from this file instead of $SITE_DOCTOR_CONFIG or the usual place.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ask no third-party service (Globalping, check-host.net), whatever the configuration says.
    #[arg(long)]
    pub no_vantage: bool,
    /// End the whole check by then and answer with the evidence there is: seconds, 0.5 to 600.
    #[arg(long, value_name = "SECONDS", default_value = "15", value_parser = parse_deadline)]
    pub deadline: Duration,
    /// For the site's owner: ask these routes (each starting with /) several times over a few
    /// seconds and say which fail, how often and in what pattern: --paths / /api/health.
    #[arg(long, value_name = "PATH", num_args = 1.., value_parser = parse_path)]
    pub paths: Vec<String>,
    /// For the site's owner: how many requests per route (with --paths or --origin), 1 to 20.
    #[arg(long, value_name = "N", default_value = "6", value_parser = clap::value_parser!(u32).range(1..=20))]
    pub samples: u32,
    /// For the site's owner: also ask the origin server straight, with the site's Host and SNI
    /// (no hosts-file edit): ADDR[:PORT], or http://ADDR[:PORT] for plain HTTP.
    #[arg(long, value_name = "ADDR[:PORT]")]
    pub origin: Option<String>,
}

/// The help-desk report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    /// Plain text, lines of at most 80 columns.
    Text,
    /// Markdown.
    #[value(alias = "markdown")]
    Md,
}

/// `site-doctor fix …`.
#[derive(Debug, Subcommand)]
#[command(after_help = "Exit status: 0 done or nothing to do, 1 failed, 2 bad usage, 3 refused, 4 cancelled.")]
pub enum FixCommand {
    /// Empty this computer's DNS cache.
    FlushDns(JsonFlag),
    /// Switch a network adapter to a public DNS service (undo puts the old one back).
    Resolver {
        /// The DNS service.
        #[arg(long, value_enum)]
        preset: Preset,
        /// The network adapter, e.g. "Wi-Fi"; by default the one carrying the internet route.
        #[arg(long, value_name = "NAME")]
        adapter: Option<String>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Put back the DNS settings the last `fix resolver` replaced.
    Undo(JsonFlag),
    /// Show the browser, proxy and VPN this computer uses.
    Detect(JsonFlag),
}

/// `--json` alone.
#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The public DNS services `fix resolver` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Preset {
    /// Cloudflare (1.1.1.1).
    Cloudflare,
    /// Google Public DNS (8.8.8.8).
    Google,
    /// Quad9 (9.9.9.9).
    Quad9,
}

impl Preset {
    /// The name the fix crate knows it by.
    pub fn code(self) -> &'static str {
        match self {
            Preset::Cloudflare => "cloudflare",
            Preset::Google => "google",
            Preset::Quad9 => "quad9",
        }
    }
}

/// A route of the site: a path starting with `/` (a query may follow), at most 8 of them.
fn parse_path(v: &str) -> Result<String, String> {
    if !v.starts_with('/') || v.chars().any(char::is_whitespace) {
        return Err(format!("a path starts with / and has no spaces, like /api/health, not `{v}`"));
    }
    Ok(v.to_owned())
}

/// Seconds, decimals allowed, within the range the engine can honour.
fn parse_deadline(v: &str) -> Result<Duration, String> {
    let secs: f64 = v.parse().map_err(|_| format!("expected seconds, like 15, not `{v}`"))?;
    if !(0.5..=600.0).contains(&secs) {
        return Err("must be between 0.5 and 600 seconds".into());
    }
    Ok(Duration::from_secs_f64(secs))
}

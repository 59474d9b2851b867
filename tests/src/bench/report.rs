//! The bench's results: a table (stdout and `docs/bench.md`), the goals, and a plot (`docs/bench.svg`).

use std::fmt::Write as _;
use std::time::Duration;

use super::{Measured, median};

/// The app's final answer at most this share of the technician's time (median over scenarios).
pub const RATIO_GOAL: f64 = 0.5;
/// Each scenario's final answer at most this many times its lower bound.
pub const BOUND_GOAL: f64 = 1.3;
/// The first answer (provisional, or final when there is none) within this, where no timeout
/// must be waited out first.
pub const FIRST_GOAL: Duration = Duration::from_secs(1);

/// One scenario's summary: medians, spreads (min–max) and ratios.
pub struct Row {
    /// Scenario and kind.
    pub name: String,
    /// What it stands for.
    pub kind: String,
    /// First answer: the provisional one, or the final one when the app gave none.
    pub first: Duration,
    /// Final answer (the CLI process: its start included).
    pub last: Duration,
    /// The diagnosis's own time to its final answer (what the window waits).
    pub in_run: Duration,
    /// The baseline.
    pub base: Duration,
    /// The lower bound.
    pub bound: Duration,
    /// "min–max" of final and baseline.
    pub spread_last: (Duration, Duration),
    /// "min–max" of the baseline.
    pub spread_base: (Duration, Duration),
    /// How many runs gave a provisional answer, of all.
    pub provisional: (usize, usize),
    /// Runs with a wrong verdict.
    pub wrong: usize,
    /// Runs whose final answer changed the provisional one.
    pub changed: usize,
    /// The timeout this scenario's verdict must wait out, if any.
    pub timeout: Option<Duration>,
}

impl Row {
    /// Summarises one scenario.
    pub fn of(m: &Measured) -> Self {
        let firsts: Vec<Duration> = m.firsts.iter().zip(&m.finals).map(|(f, l)| f.unwrap_or(*l)).collect();
        let span =
            |v: &[Duration]| (v.iter().min().copied().unwrap_or_default(), v.iter().max().copied().unwrap_or_default());
        Self {
            name: m.name.clone(),
            kind: m.kind.clone(),
            first: median(&firsts),
            last: median(&m.finals),
            in_run: if m.in_runs.is_empty() { median(&m.finals) } else { median(&m.in_runs) },
            base: median(&m.baselines),
            bound: m.bound,
            spread_last: span(&m.finals),
            spread_base: span(&m.baselines),
            provisional: (m.firsts.iter().flatten().count(), m.firsts.len()),
            wrong: m.wrong,
            changed: m.changed,
            timeout: m.timeout,
        }
    }

    /// Final answer over baseline.
    pub fn ratio(&self) -> f64 {
        self.last.as_secs_f64() / self.base.as_secs_f64().max(1e-3)
    }

    /// The diagnosis's own time over the lower bound: both without any program's start (the
    /// bound's steps are the tools' own network times).
    pub fn over_bound(&self) -> f64 {
        self.in_run.as_secs_f64() / self.bound.as_secs_f64().max(1e-3)
    }
}

fn s(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64())
}

/// The table, in Markdown (it reads as plain text too).
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| scenario | kind | first (s) | final (s) [min–max] | in-run (s) | baseline (s) [min–max] | app/baseline | lower bound (s) | in-run/bound | provisional | changed | wrong |\n\
         |---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} [{}–{}] | {} | {} [{}–{}] | {:.2} | {} | {:.2} | {}/{} | {} | {} |",
            r.name,
            r.kind,
            s(r.first),
            s(r.last),
            s(r.spread_last.0),
            s(r.spread_last.1),
            s(r.in_run),
            s(r.base),
            s(r.spread_base.0),
            s(r.spread_base.1),
            r.ratio(),
            s(r.bound),
            r.over_bound(),
            r.provisional.0,
            r.provisional.1,
            r.changed,
            r.wrong
        );
    }
    out
}

/// The three goals, each "met" or "NOT met" with the numbers that decide it.
pub fn goals(rows: &[Row]) -> Vec<(bool, String)> {
    let mut ratios: Vec<f64> = rows.iter().map(Row::ratio).collect();
    ratios.sort_by(f64::total_cmp);
    // The median of an even count is the mean of its two middle values; both are printed.
    let n = ratios.len();
    let (lo, hi) = (ratios.get(n.saturating_sub(1) / 2).copied(), ratios.get(n / 2).copied());
    let mid = lo.zip(hi).map_or(f64::NAN, |(a, b)| f64::midpoint(a, b));
    let middle = match (lo, hi) {
        (Some(a), Some(b)) if n.is_multiple_of(2) => format!(" (the mean of the two middle ratios, {a:.2} and {b:.2})"),
        _ => String::new(),
    };
    let over: Vec<String> = rows
        .iter()
        .filter(|r| r.over_bound() > BOUND_GOAL)
        .map(|r| format!("{} {:.2}×", r.name, r.over_bound()))
        .collect();
    let slow: Vec<String> = rows
        .iter()
        .filter(|r| r.timeout.is_none() && r.first > FIRST_GOAL)
        .map(|r| format!("{} {} s", r.name, s(r.first)))
        .collect();
    let waits: Vec<String> = rows
        .iter()
        .filter_map(|r| r.timeout.map(|t| format!("{} ({} s timeout, first {} s)", r.name, s(t), s(r.first))))
        .collect();
    let list = |v: &[String]| if v.is_empty() { "all within".to_owned() } else { v.join(", ") };
    let first = format!(
        "first answer ≤ {} s where no timeout must be waited out: {}; waiting one out: {}",
        FIRST_GOAL.as_secs(),
        list(&slow),
        if waits.is_empty() { "none".to_owned() } else { waits.join(", ") }
    );
    vec![
        (mid <= RATIO_GOAL, format!("median app/baseline ≤ {RATIO_GOAL}: {mid:.2}{middle}")),
        (over.is_empty(), format!("each final answer ≤ {BOUND_GOAL}× its lower bound (in-run): {}", list(&over))),
        (slow.is_empty(), first),
    ]
}

/// The plot: per scenario, bars for the first and final answers and the baseline, and a mark at
/// the lower bound. Plain SVG, no scripts or fonts beyond the generic family.
pub fn svg(rows: &[Row], title: &str) -> String {
    let (left, top, row_h, bar_h, width) = (190.0, 60.0, 46.0, 11.0, 900.0);
    let plot_w = width - left - 30.0;
    let max = rows.iter().map(|r| r.last.max(r.base).max(r.bound).as_secs_f64()).fold(1.0, f64::max).ceil();
    let x = |d: Duration| left + d.as_secs_f64() / max * plot_w;
    let height = top + row_h * rows.len() as f64 + 50.0;
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"{left}\" y=\"20\" font-size=\"15\" font-weight=\"bold\">{title}</text>\n"
    );
    let legend =
        [("#4c9be8", "app: first answer"), ("#1f4e99", "app: final answer"), ("#e8893c", "technician baseline")];
    for (i, (color, label)) in legend.iter().enumerate() {
        let lx = left + 165.0 * i as f64;
        let _ = writeln!(
            o,
            "<rect x=\"{lx}\" y=\"30\" width=\"12\" height=\"12\" fill=\"{color}\"/><text x=\"{}\" y=\"40\">{label}</text>",
            lx + 16.0
        );
    }
    let lx = left + 165.0 * 3.0;
    let _ = writeln!(
        o,
        "<line x1=\"{lx}\" y1=\"28\" x2=\"{lx}\" y2=\"44\" stroke=\"black\" stroke-width=\"2\"/><text x=\"{}\" y=\"40\">lower bound</text>",
        lx + 6.0
    );
    // Grid: one line a second.
    let bottom = top + row_h * rows.len() as f64;
    for sec in 0..=(max as u32) {
        let gx = x(Duration::from_secs(u64::from(sec)));
        let _ = writeln!(
            o,
            "<line x1=\"{gx}\" y1=\"{top}\" x2=\"{gx}\" y2=\"{bottom}\" stroke=\"#ddd\"/><text x=\"{gx}\" y=\"{}\" text-anchor=\"middle\">{sec}</text>",
            bottom + 16.0
        );
    }
    let _ = writeln!(
        o,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">seconds (median of the runs)</text>",
        left + plot_w / 2.0,
        bottom + 36.0
    );
    for (i, r) in rows.iter().enumerate() {
        let y = top + row_h * i as f64 + 6.0;
        let _ = writeln!(o, "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", left - 8.0, y + 18.0, r.name);
        for (j, (d, color)) in [(r.first, legend[0].0), (r.last, legend[1].0), (r.base, legend[2].0)].iter().enumerate()
        {
            let by = y + bar_h * j as f64;
            let _ = writeln!(
                o,
                "<rect x=\"{left}\" y=\"{by}\" width=\"{:.1}\" height=\"{}\" fill=\"{color}\"/>",
                x(*d) - left,
                bar_h - 1.0
            );
        }
        let bx = x(r.bound);
        let _ = writeln!(
            o,
            "<line x1=\"{bx:.1}\" y1=\"{}\" x2=\"{bx:.1}\" y2=\"{}\" stroke=\"black\" stroke-width=\"2\"/>",
            y - 2.0,
            y + 3.0 * bar_h + 1.0
        );
    }
    o.push_str("</svg>\n");
    o
}

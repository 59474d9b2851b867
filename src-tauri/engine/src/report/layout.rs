//! The report's shape, apart from its words: blocks laid out as plain text or Markdown, every
//! line at most [`WIDTH`] columns (an email client rewraps longer ones, a ticket form cuts them).

use super::ReportFormat;

/// The widest line either format writes.
pub(crate) const WIDTH: usize = 80;

/// One piece of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Block {
    /// The report's title.
    Title(String),
    /// A section heading.
    Heading(String),
    /// A paragraph of running text.
    Para(String),
    /// `label: value` lines, labels aligned.
    Fields(Vec<(String, String)>),
    /// A list, numbered or not; each item may have indented lines under it.
    Items(Vec<Item>, bool),
    /// Lines kept as they are (the technical appendix); a fenced block in Markdown.
    Pre(Vec<String>),
}

/// One list item and the lines under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Item {
    pub text: String,
    pub under: Vec<String>,
}

pub(super) fn render(blocks: &[Block], format: ReportFormat) -> String {
    let md = format == ReportFormat::Markdown;
    let esc = |s: &str| if md { escape(s) } else { s.to_owned() };
    let mut out: Vec<String> = Vec::new();
    for block in blocks {
        if !out.is_empty() {
            out.push(String::new());
        }
        match block {
            Block::Title(t) if md => out.extend(wrap(&format!("# {}", esc(t)), "", "")),
            Block::Heading(t) if md => out.extend(wrap(&format!("## {}", esc(t)), "", "")),
            Block::Title(t) | Block::Heading(t) => {
                let lines = wrap(t, "", "");
                let rule = if matches!(block, Block::Title(_)) { '=' } else { '-' };
                let len = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
                out.extend(lines);
                out.push(rule.to_string().repeat(len));
            }
            Block::Para(p) => out.extend(wrap(&esc(p), "", "")),
            Block::Fields(fields) if md => {
                for (label, value) in fields {
                    out.extend(wrap(&format!("- **{}:** {}", esc(label), esc(value)), "", "  "));
                }
            }
            Block::Fields(fields) => {
                let width = fields.iter().map(|(l, _)| l.chars().count() + 2).max().unwrap_or(0);
                // Aligned values read best, unless a long (translated) label leaves no room.
                let indent = if width <= 20 { " ".repeat(width) } else { "    ".into() };
                for (label, value) in fields {
                    let first = format!("{label}:{}", " ".repeat(width.saturating_sub(label.chars().count() + 1)));
                    let first = if width <= 20 { first } else { format!("{label}: ") };
                    out.extend(wrap(value, &first, &indent));
                }
            }
            Block::Items(items, numbered) => {
                for (i, item) in items.iter().enumerate() {
                    let (mark, pad) = if *numbered { (format!("{}. ", i + 1), "   ") } else { ("- ".into(), "  ") };
                    out.extend(wrap(&format!("{mark}{}", esc(&item.text)), "", pad));
                    for line in &item.under {
                        // Sub-items in Markdown, or the lines would run together.
                        let line = if md { format!("- {}", esc(line)) } else { line.clone() };
                        // A blank line in Markdown would end the list item.
                        out.extend(wrap(&line, pad, &format!("{pad}  ")));
                    }
                }
            }
            Block::Pre(lines) => {
                // Longer than any run of backticks in the data, so nothing can close it early.
                let longest = lines.iter().map(|l| longest_run(l, '`')).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                if md {
                    out.push(format!("{fence}text"));
                }
                for line in lines {
                    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
                    out.extend(wrap(line.trim_start(), &indent, &format!("{indent}    ")));
                }
                if md {
                    out.push(fence);
                }
            }
        }
    }
    let mut text = String::new();
    for line in &out {
        // A server's header may hold escape sequences: nothing that drives a terminal or an
        // email client gets through, and no line ends in blanks.
        text.extend(line.trim_end().chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }));
        text.push('\n');
    }
    text
}

/// The longest run of `c` in `s`.
fn longest_run(s: &str, c: char) -> usize {
    s.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

/// Markdown's active characters, escaped so data reads as itself.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Words of `text` in lines of at most [`WIDTH`] columns: the first line starts with `first`,
/// the others with `rest`. A word longer than a line (a URL, a certificate name) is cut.
pub(super) fn wrap(text: &str, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_owned();
    let mut has_word = false;
    for word in text.split_whitespace() {
        let mut chars: Vec<char> = word.chars().collect();
        if has_word && line.chars().count() + 1 + chars.len() > WIDTH {
            lines.push(std::mem::replace(&mut line, rest.to_owned()));
            has_word = false;
        }
        if has_word {
            line.push(' ');
        }
        // Bounded: each round moves at least one character onto a full line.
        loop {
            let room = WIDTH.saturating_sub(line.chars().count());
            if chars.len() <= room {
                break;
            }
            line.extend(chars.drain(..room.max(1)));
            lines.push(std::mem::replace(&mut line, rest.to_owned()));
        }
        line.extend(chars);
        has_word = true;
    }
    if has_word || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_cuts_long_ones() {
        let text = "word ".repeat(40);
        for line in wrap(&text, "", "  ") {
            assert!(line.chars().count() <= WIDTH, "{line}");
        }
        let long = "x".repeat(200);
        let lines = wrap(&format!("see {long} there"), "", "    ");
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), format!("see{long}there"));
        assert_eq!(wrap("", "", ""), vec![String::new()]);
    }

    #[test]
    fn data_cannot_break_out_of_the_fence_or_drive_a_terminal() {
        let blocks = [Block::Pre(vec!["server: x ```` y".into(), "bell \u{7} and \u{1b}[31m red".into()])];
        let md = render(&blocks, ReportFormat::Markdown);
        assert!(md.starts_with("`````text\n") && md.ends_with("\n`````\n"), "{md}");
        assert!(!md.contains('\u{1b}') && !md.contains('\u{7}'), "{md}");
        let fields = [Block::Fields(vec![("Site".into(), String::new())])];
        assert_eq!(render(&fields, ReportFormat::Text), "Site:\n");
    }
}

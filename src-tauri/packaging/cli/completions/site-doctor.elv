
use builtin;
use str;

set edit:completion:arg-completer[site-doctor] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'site-doctor'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'site-doctor'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Check one website from this computer and say why it does (or does not) load'
            cand fix 'Change what the diagnosis found wrong on this computer (flush the DNS cache, switch the DNS service, undo the switch), or show what was detected'
            cand generate-cli-assets 'Write the shell completions and man pages into a folder (for packaging)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'site-doctor;check'= {
            cand --report 'Print the help-desk report, with personal details hidden: plain text (the default), or Markdown with --report=md'
            cand --config 'Read the configuration from this file instead of $SITE_DOCTOR_CONFIG or the usual place'
            cand --deadline 'End the whole check by then and answer with the evidence there is: seconds, 0.5 to 600'
            cand --paths 'For the site''s owner: ask these routes (each starting with /) several times over a few seconds and say which fail, how often and in what pattern: --paths / /api/health'
            cand --samples 'For the site''s owner: how many requests per route (with --paths or --origin), 1 to 20'
            cand --origin 'For the site''s owner: also ask the origin server straight, with the site''s Host and SNI (no hosts-file edit): ADDR[:PORT], or http://ADDR[:PORT] for plain HTTP'
            cand --json 'Print one JSON document on stdout and nothing else (schema: docs/schema/diagnosis.json)'
            cand --no-redact 'With --report: hide nothing (no address, name or query string is replaced)'
            cand --no-vantage 'Ask no third-party service (Globalping, check-host.net), whatever the configuration says'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'site-doctor;fix'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand flush-dns 'Empty this computer''s DNS cache'
            cand resolver 'Switch a network adapter to a public DNS service (undo puts the old one back)'
            cand undo 'Put back the DNS settings the last `fix resolver` replaced'
            cand detect 'Show the browser, proxy and VPN this computer uses'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'site-doctor;fix;flush-dns'= {
            cand --json 'Print the result as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'site-doctor;fix;resolver'= {
            cand --preset 'The DNS service'
            cand --adapter 'The network adapter, e.g. "Wi-Fi"; by default the one carrying the internet route'
            cand --json 'Print the result as JSON'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'site-doctor;fix;undo'= {
            cand --json 'Print the result as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'site-doctor;fix;detect'= {
            cand --json 'Print the result as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'site-doctor;fix;help'= {
            cand flush-dns 'Empty this computer''s DNS cache'
            cand resolver 'Switch a network adapter to a public DNS service (undo puts the old one back)'
            cand undo 'Put back the DNS settings the last `fix resolver` replaced'
            cand detect 'Show the browser, proxy and VPN this computer uses'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'site-doctor;fix;help;flush-dns'= {
        }
        &'site-doctor;fix;help;resolver'= {
        }
        &'site-doctor;fix;help;undo'= {
        }
        &'site-doctor;fix;help;detect'= {
        }
        &'site-doctor;fix;help;help'= {
        }
        &'site-doctor;generate-cli-assets'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'site-doctor;help'= {
            cand check 'Check one website from this computer and say why it does (or does not) load'
            cand fix 'Change what the diagnosis found wrong on this computer (flush the DNS cache, switch the DNS service, undo the switch), or show what was detected'
            cand generate-cli-assets 'Write the shell completions and man pages into a folder (for packaging)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'site-doctor;help;check'= {
        }
        &'site-doctor;help;fix'= {
            cand flush-dns 'Empty this computer''s DNS cache'
            cand resolver 'Switch a network adapter to a public DNS service (undo puts the old one back)'
            cand undo 'Put back the DNS settings the last `fix resolver` replaced'
            cand detect 'Show the browser, proxy and VPN this computer uses'
        }
        &'site-doctor;help;fix;flush-dns'= {
        }
        &'site-doctor;help;fix;resolver'= {
        }
        &'site-doctor;help;fix;undo'= {
        }
        &'site-doctor;help;fix;detect'= {
        }
        &'site-doctor;help;generate-cli-assets'= {
        }
        &'site-doctor;help;help'= {
        }
    ]
    $completions[$command]
}

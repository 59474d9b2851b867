# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_site_doctor_global_optspecs
    string join \n h/help V/version
end

function __fish_site_doctor_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_site_doctor_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_site_doctor_using_subcommand
    set -l cmd (__fish_site_doctor_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c site-doctor -n "__fish_site_doctor_needs_command" -s h -l help -d 'Print help'
complete -c site-doctor -n "__fish_site_doctor_needs_command" -s V -l version -d 'Print version'
complete -c site-doctor -n "__fish_site_doctor_needs_command" -f -a "check" -d 'Check one website from this computer and say why it does (or does not) load'
complete -c site-doctor -n "__fish_site_doctor_needs_command" -f -a "fix" -d 'Change what the diagnosis found wrong on this computer (flush the DNS cache, switch the DNS service, undo the switch), or show what was detected'
complete -c site-doctor -n "__fish_site_doctor_needs_command" -f -a "generate-cli-assets" -d 'Write the shell completions and man pages into a folder (for packaging)'
complete -c site-doctor -n "__fish_site_doctor_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand check" -l report -d 'Print the help-desk report, with personal details hidden: plain text (the default), or Markdown with --report=md' -r -f -a "text\t'Plain text, lines of at most 80 columns'
md\t'Markdown'"
complete -c site-doctor -n "__fish_site_doctor_using_subcommand check" -l config -d 'Read the configuration from this file instead of $SITE_DOCTOR_CONFIG or the usual place' -r -F
complete -c site-doctor -n "__fish_site_doctor_using_subcommand check" -l deadline -d 'End the whole check by then and answer with the evidence there is: seconds, 0.5 to 600' -r
complete -c site-doctor -n "__fish_site_doctor_using_subcommand check" -l paths -d 'For the site\'s owner: ask these routes (each starting with /) several times over a few seconds and say which fail, how often and in what pattern: --paths / /api/health' -r
complete -c site-doctor -n "__fish_site_doctor_using_subcommand check" -l samples -d 'For the site\'s owner: how many requests per route (with --paths or --origin), 1 to 20' -r
complete -c site-doctor -n "__fish_site_doctor_using_subcommand check" -l origin -d 'For the site\'s owner: also ask the origin server straight, with the site\'s Host and SNI (no hosts-file edit): ADDR[:PORT], or http://ADDR[:PORT] for plain HTTP' -r
complete -c site-doctor -n "__fish_site_doctor_using_subcommand check" -l json -d 'Print one JSON document on stdout and nothing else (schema: docs/schema/diagnosis.json)'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand check" -l no-redact -d 'With --report: hide nothing (no address, name or query string is replaced)'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand check" -l no-vantage -d 'Ask no third-party service (Globalping, check-host.net), whatever the configuration says'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand check" -s V -l version -d 'Print version'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and not __fish_seen_subcommand_from flush-dns resolver undo detect help" -s h -l help -d 'Print help'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and not __fish_seen_subcommand_from flush-dns resolver undo detect help" -s V -l version -d 'Print version'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and not __fish_seen_subcommand_from flush-dns resolver undo detect help" -f -a "flush-dns" -d 'Empty this computer\'s DNS cache'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and not __fish_seen_subcommand_from flush-dns resolver undo detect help" -f -a "resolver" -d 'Switch a network adapter to a public DNS service (undo puts the old one back)'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and not __fish_seen_subcommand_from flush-dns resolver undo detect help" -f -a "undo" -d 'Put back the DNS settings the last `fix resolver` replaced'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and not __fish_seen_subcommand_from flush-dns resolver undo detect help" -f -a "detect" -d 'Show the browser, proxy and VPN this computer uses'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and not __fish_seen_subcommand_from flush-dns resolver undo detect help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from flush-dns" -l json -d 'Print the result as JSON'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from flush-dns" -s h -l help -d 'Print help'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from flush-dns" -s V -l version -d 'Print version'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from resolver" -l preset -d 'The DNS service' -r -f -a "cloudflare\t'Cloudflare (1.1.1.1)'
google\t'Google Public DNS (8.8.8.8)'
quad9\t'Quad9 (9.9.9.9)'"
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from resolver" -l adapter -d 'The network adapter, e.g. "Wi-Fi"; by default the one carrying the internet route' -r
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from resolver" -l json -d 'Print the result as JSON'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from resolver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from resolver" -s V -l version -d 'Print version'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from undo" -l json -d 'Print the result as JSON'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from undo" -s h -l help -d 'Print help'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from undo" -s V -l version -d 'Print version'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from detect" -l json -d 'Print the result as JSON'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from detect" -s h -l help -d 'Print help'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from detect" -s V -l version -d 'Print version'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from help" -f -a "flush-dns" -d 'Empty this computer\'s DNS cache'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from help" -f -a "resolver" -d 'Switch a network adapter to a public DNS service (undo puts the old one back)'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from help" -f -a "undo" -d 'Put back the DNS settings the last `fix resolver` replaced'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from help" -f -a "detect" -d 'Show the browser, proxy and VPN this computer uses'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand fix; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand generate-cli-assets" -s h -l help -d 'Print help'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand generate-cli-assets" -s V -l version -d 'Print version'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand help; and not __fish_seen_subcommand_from check fix generate-cli-assets help" -f -a "check" -d 'Check one website from this computer and say why it does (or does not) load'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand help; and not __fish_seen_subcommand_from check fix generate-cli-assets help" -f -a "fix" -d 'Change what the diagnosis found wrong on this computer (flush the DNS cache, switch the DNS service, undo the switch), or show what was detected'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand help; and not __fish_seen_subcommand_from check fix generate-cli-assets help" -f -a "generate-cli-assets" -d 'Write the shell completions and man pages into a folder (for packaging)'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand help; and not __fish_seen_subcommand_from check fix generate-cli-assets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand help; and __fish_seen_subcommand_from fix" -f -a "flush-dns" -d 'Empty this computer\'s DNS cache'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand help; and __fish_seen_subcommand_from fix" -f -a "resolver" -d 'Switch a network adapter to a public DNS service (undo puts the old one back)'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand help; and __fish_seen_subcommand_from fix" -f -a "undo" -d 'Put back the DNS settings the last `fix resolver` replaced'
complete -c site-doctor -n "__fish_site_doctor_using_subcommand help; and __fish_seen_subcommand_from fix" -f -a "detect" -d 'Show the browser, proxy and VPN this computer uses'

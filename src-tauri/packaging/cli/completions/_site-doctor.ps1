
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'site-doctor' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'site-doctor'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'site-doctor' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check one website from this computer and say why it does (or does not) load')
            [CompletionResult]::new('fix', 'fix', [CompletionResultType]::ParameterValue, 'Change what the diagnosis found wrong on this computer (flush the DNS cache, switch the DNS service, undo the switch), or show what was detected')
            [CompletionResult]::new('generate-cli-assets', 'generate-cli-assets', [CompletionResultType]::ParameterValue, 'Write the shell completions and man pages into a folder (for packaging)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'site-doctor;check' {
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Print the help-desk report, with personal details hidden: plain text (the default), or Markdown with --report=md')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from this file instead of $SITE_DOCTOR_CONFIG or the usual place')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'End the whole check by then and answer with the evidence there is: seconds, 0.5 to 600')
            [CompletionResult]::new('--paths', '--paths', [CompletionResultType]::ParameterName, 'For the site''s owner: ask these routes (each starting with /) several times over a few seconds and say which fail, how often and in what pattern: --paths / /api/health')
            [CompletionResult]::new('--samples', '--samples', [CompletionResultType]::ParameterName, 'For the site''s owner: how many requests per route (with --paths or --origin), 1 to 20')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'For the site''s owner: also ask the origin server straight, with the site''s Host and SNI (no hosts-file edit): ADDR[:PORT], or http://ADDR[:PORT] for plain HTTP')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout and nothing else (schema: docs/schema/diagnosis.json)')
            [CompletionResult]::new('--no-redact', '--no-redact', [CompletionResultType]::ParameterName, 'With --report: hide nothing (no address, name or query string is replaced)')
            [CompletionResult]::new('--no-vantage', '--no-vantage', [CompletionResultType]::ParameterName, 'Ask no third-party service (Globalping, check-host.net), whatever the configuration says')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'site-doctor;fix' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('flush-dns', 'flush-dns', [CompletionResultType]::ParameterValue, 'Empty this computer''s DNS cache')
            [CompletionResult]::new('resolver', 'resolver', [CompletionResultType]::ParameterValue, 'Switch a network adapter to a public DNS service (undo puts the old one back)')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Put back the DNS settings the last `fix resolver` replaced')
            [CompletionResult]::new('detect', 'detect', [CompletionResultType]::ParameterValue, 'Show the browser, proxy and VPN this computer uses')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'site-doctor;fix;flush-dns' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'site-doctor;fix;resolver' {
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'The DNS service')
            [CompletionResult]::new('--adapter', '--adapter', [CompletionResultType]::ParameterName, 'The network adapter, e.g. "Wi-Fi"; by default the one carrying the internet route')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'site-doctor;fix;undo' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'site-doctor;fix;detect' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'site-doctor;fix;help' {
            [CompletionResult]::new('flush-dns', 'flush-dns', [CompletionResultType]::ParameterValue, 'Empty this computer''s DNS cache')
            [CompletionResult]::new('resolver', 'resolver', [CompletionResultType]::ParameterValue, 'Switch a network adapter to a public DNS service (undo puts the old one back)')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Put back the DNS settings the last `fix resolver` replaced')
            [CompletionResult]::new('detect', 'detect', [CompletionResultType]::ParameterValue, 'Show the browser, proxy and VPN this computer uses')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'site-doctor;fix;help;flush-dns' {
            break
        }
        'site-doctor;fix;help;resolver' {
            break
        }
        'site-doctor;fix;help;undo' {
            break
        }
        'site-doctor;fix;help;detect' {
            break
        }
        'site-doctor;fix;help;help' {
            break
        }
        'site-doctor;generate-cli-assets' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'site-doctor;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check one website from this computer and say why it does (or does not) load')
            [CompletionResult]::new('fix', 'fix', [CompletionResultType]::ParameterValue, 'Change what the diagnosis found wrong on this computer (flush the DNS cache, switch the DNS service, undo the switch), or show what was detected')
            [CompletionResult]::new('generate-cli-assets', 'generate-cli-assets', [CompletionResultType]::ParameterValue, 'Write the shell completions and man pages into a folder (for packaging)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'site-doctor;help;check' {
            break
        }
        'site-doctor;help;fix' {
            [CompletionResult]::new('flush-dns', 'flush-dns', [CompletionResultType]::ParameterValue, 'Empty this computer''s DNS cache')
            [CompletionResult]::new('resolver', 'resolver', [CompletionResultType]::ParameterValue, 'Switch a network adapter to a public DNS service (undo puts the old one back)')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Put back the DNS settings the last `fix resolver` replaced')
            [CompletionResult]::new('detect', 'detect', [CompletionResultType]::ParameterValue, 'Show the browser, proxy and VPN this computer uses')
            break
        }
        'site-doctor;help;fix;flush-dns' {
            break
        }
        'site-doctor;help;fix;resolver' {
            break
        }
        'site-doctor;help;fix;undo' {
            break
        }
        'site-doctor;help;fix;detect' {
            break
        }
        'site-doctor;help;generate-cli-assets' {
            break
        }
        'site-doctor;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}

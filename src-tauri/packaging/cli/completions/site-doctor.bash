_site__doctor() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="site__doctor"
                ;;
            site__doctor,check)
                cmd="site__doctor__subcmd__check"
                ;;
            site__doctor,fix)
                cmd="site__doctor__subcmd__fix"
                ;;
            site__doctor,generate-cli-assets)
                cmd="site__doctor__subcmd__generate__subcmd__cli__subcmd__assets"
                ;;
            site__doctor,help)
                cmd="site__doctor__subcmd__help"
                ;;
            site__doctor__subcmd__fix,detect)
                cmd="site__doctor__subcmd__fix__subcmd__detect"
                ;;
            site__doctor__subcmd__fix,flush-dns)
                cmd="site__doctor__subcmd__fix__subcmd__flush__subcmd__dns"
                ;;
            site__doctor__subcmd__fix,help)
                cmd="site__doctor__subcmd__fix__subcmd__help"
                ;;
            site__doctor__subcmd__fix,resolver)
                cmd="site__doctor__subcmd__fix__subcmd__resolver"
                ;;
            site__doctor__subcmd__fix,undo)
                cmd="site__doctor__subcmd__fix__subcmd__undo"
                ;;
            site__doctor__subcmd__fix__subcmd__help,detect)
                cmd="site__doctor__subcmd__fix__subcmd__help__subcmd__detect"
                ;;
            site__doctor__subcmd__fix__subcmd__help,flush-dns)
                cmd="site__doctor__subcmd__fix__subcmd__help__subcmd__flush__subcmd__dns"
                ;;
            site__doctor__subcmd__fix__subcmd__help,help)
                cmd="site__doctor__subcmd__fix__subcmd__help__subcmd__help"
                ;;
            site__doctor__subcmd__fix__subcmd__help,resolver)
                cmd="site__doctor__subcmd__fix__subcmd__help__subcmd__resolver"
                ;;
            site__doctor__subcmd__fix__subcmd__help,undo)
                cmd="site__doctor__subcmd__fix__subcmd__help__subcmd__undo"
                ;;
            site__doctor__subcmd__help,check)
                cmd="site__doctor__subcmd__help__subcmd__check"
                ;;
            site__doctor__subcmd__help,fix)
                cmd="site__doctor__subcmd__help__subcmd__fix"
                ;;
            site__doctor__subcmd__help,generate-cli-assets)
                cmd="site__doctor__subcmd__help__subcmd__generate__subcmd__cli__subcmd__assets"
                ;;
            site__doctor__subcmd__help,help)
                cmd="site__doctor__subcmd__help__subcmd__help"
                ;;
            site__doctor__subcmd__help__subcmd__fix,detect)
                cmd="site__doctor__subcmd__help__subcmd__fix__subcmd__detect"
                ;;
            site__doctor__subcmd__help__subcmd__fix,flush-dns)
                cmd="site__doctor__subcmd__help__subcmd__fix__subcmd__flush__subcmd__dns"
                ;;
            site__doctor__subcmd__help__subcmd__fix,resolver)
                cmd="site__doctor__subcmd__help__subcmd__fix__subcmd__resolver"
                ;;
            site__doctor__subcmd__help__subcmd__fix,undo)
                cmd="site__doctor__subcmd__help__subcmd__fix__subcmd__undo"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        site__doctor)
            opts="-h -V --help --version check fix generate-cli-assets help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__check)
            opts="-h -V --json --report --no-redact --config --no-vantage --deadline --paths --samples --origin --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --report)
                    COMPREPLY=($(compgen -W "text md" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --deadline)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --paths)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --samples)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --origin)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__fix)
            opts="-h -V --help --version flush-dns resolver undo detect help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__fix__subcmd__detect)
            opts="-h -V --json --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__fix__subcmd__flush__subcmd__dns)
            opts="-h -V --json --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__fix__subcmd__help)
            opts="flush-dns resolver undo detect help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__fix__subcmd__help__subcmd__detect)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__fix__subcmd__help__subcmd__flush__subcmd__dns)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__fix__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__fix__subcmd__help__subcmd__resolver)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__fix__subcmd__help__subcmd__undo)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__fix__subcmd__resolver)
            opts="-h -V --preset --adapter --json --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --preset)
                    COMPREPLY=($(compgen -W "cloudflare google quad9" -- "${cur}"))
                    return 0
                    ;;
                --adapter)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__fix__subcmd__undo)
            opts="-h -V --json --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__generate__subcmd__cli__subcmd__assets)
            opts="-h -V --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__help)
            opts="check fix generate-cli-assets help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__help__subcmd__check)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__help__subcmd__fix)
            opts="flush-dns resolver undo detect"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__help__subcmd__fix__subcmd__detect)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__help__subcmd__fix__subcmd__flush__subcmd__dns)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__help__subcmd__fix__subcmd__resolver)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__help__subcmd__fix__subcmd__undo)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__help__subcmd__generate__subcmd__cli__subcmd__assets)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        site__subcmd__doctor__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _site__doctor -o nosort -o bashdefault -o default site-doctor
else
    complete -F _site__doctor -o bashdefault -o default site-doctor
fi

# bash completion for neuron: options, then script files.
_neuron()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    case $prev in
        -e) return ;;
        --width) return ;;
    esac
    if [[ $cur == --color=* ]]; then
        COMPREPLY=($(compgen -W "--color=auto --color=always --color=never" -- "$cur"))
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "-e -i --ascii --color=auto --color=always
            --color=never --width --keep-going --version --help" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -X '!*.neuron' -- "$cur") $(compgen -d -- "$cur"))
}
complete -o filenames -F _neuron neuron

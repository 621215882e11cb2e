# bash completion for neuron: options, their values, then script files.
# The option list is the table in src/main.c (tests/shell/options.sh
# checks that the two agree, and the man page too).
_neuron()
{
    local opts="-e -i --step --json --notebook --ascii --color= --width
        --echo --spacing --type-delay --keep-going --allow-write --version
        --help"
    # the word being completed, split at blanks only: bash splits at '='
    # too (COMP_WORDBREAKS), which would lose the --color= before a value
    local line=${COMP_LINE:0:COMP_POINT}
    local cur=${line##*[[:space:]]}
    local before=${line%"$cur"}
    before=${before%"${before##*[![:space:]]}"}
    local prev=${before##*[[:space:]]}
    COMPREPLY=()
    case $prev in
        -e|--width|--spacing|--type-delay) return ;;  # a value: no guess
        --allow-write)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -d -- "$cur"))
            return ;;
    esac
    if [[ $cur == --color=* ]]; then
        local value=${cur#--color=}
        COMPREPLY=($(compgen -W "auto always never" -- "$value"))
        # bash replaces only what follows '=' when '=' breaks words
        [[ $COMP_WORDBREAKS == *=* ]] ||
            COMPREPLY=("${COMPREPLY[@]/#/--color=}")
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        # --color= waits for its value: no space after it
        [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] &&
            compopt -o nospace 2>/dev/null
        return
    fi
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -X '!*.neuron' -- "$cur") $(compgen -d -- "$cur"))
}
complete -F _neuron neuron

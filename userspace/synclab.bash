# shellcheck shell=bash
# bash completion for synclab(1), installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/synclab.
#
# Every name comes from the tool itself, so that it has one source: the
# commands and options from `synclab --help` and `synclab help COMMAND`,
# the scenario names from `synclab list --format csv`, that is from the
# loaded module (none are offered when it is not loaded).

# _synclab_ask WORDS...: the tool that is being completed, run with WORDS.
_synclab_ask() {
	"${_synclab_tool:-synclab}" "$@" 2>/dev/null
}

# The commands: the first word of each line of the Commands: section.
_synclab_commands() {
	_synclab_ask --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\).*/\1/p' | sort -u
}

# The long options that the help of COMMAND (or the main help) names.
_synclab_options() {
	if [ -n "$1" ]; then
		_synclab_ask help "$1"
	else
		_synclab_ask --help
	fi | grep -oE -- '--[a-z][a-z-]*' | sort -u
}

_synclab_scenarios() {
	_synclab_ask "${_synclab_proc[@]}" list --format csv | awk -F, 'NR > 1 { print $1 }'
}

# The options that take a value, each with the name the help gives the value
# (N, FILE, DIR, ...): "OPTION VALUE" lines, the short form too.
_synclab_valued() {
	_synclab_ask --help | grep -oE -- '(-[a-zA-Z], )?--[a-z][a-z-]* [A-Z][A-Za-z.]*' |
		sed -E 's/^(-[a-zA-Z]), (--[^ ]*) (.*)/\1 \3\n\2 \3/'
}

_synclab() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd="" i w opt value words
	local _synclab_tool=${COMP_WORDS[0]}
	local _synclab_proc=()
	local -A valued=()

	while read -r opt value; do
		valued[$opt]=$value
	done < <(_synclab_valued)
	if [ -n "${valued[$prev]:-}" ]; then
		case ${valued[$prev]} in
		DIR) mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
		FILE*) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
		esac
		return
	fi
	# The command is the first word that is neither an option nor its value.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--proc=*) _synclab_proc=("$w") ;;
		-*)
			[ -n "${valued[$w]:-}" ] || continue
			[ "${valued[$w]}" != DIR ] || _synclab_proc=(--proc "${COMP_WORDS[i + 1]}")
			i=$((i + 1))
			;;
		*) [ -n "$cmd" ] || cmd=$w ;;
		esac
	done

	if [[ $cur == -* ]]; then
		words=$(_synclab_options "$cmd")
	elif [ -z "$cmd" ] || [ "$cmd" = help ]; then
		words=$(_synclab_commands)
	elif [ "$cmd" = run ] || [ "$cmd" = bench ]; then
		words=$(_synclab_scenarios)
	else
		return
	fi
	mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
}

complete -F _synclab synclab

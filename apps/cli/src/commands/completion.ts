import type { Command } from 'commander';
import { TASK_TYPES } from '@biopipe/core/constants';
import { UsageError } from '@biopipe/core';

/** Command paths and their options, read from the program itself so the script never goes stale. */
function describeCommands(program: Command): { path: string; subcommands: string[]; options: string[] }[] {
  const rows: { path: string; subcommands: string[]; options: string[] }[] = [];
  const visit = (command: Command, path: string): void => {
    const visible = command.commands.filter((sub) => !sub.name().startsWith('__'));
    rows.push({
      path,
      subcommands: visible.map((sub) => sub.name()),
      options: command.options.flatMap((option) =>
        [option.short, option.long].filter((flag): flag is string => flag !== undefined),
      ),
    });
    for (const sub of visible) visit(sub, path === '' ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(program, '');
  return rows;
}

/** Commands whose argument is a strategy name. */
const TAKES_STRATEGY = ['strategy use', 'strategy show'];

function bashScript(program: Command): string {
  const cases = describeCommands(program)
    .filter((row) => !TAKES_STRATEGY.includes(row.path))
    .map((row) => `    "${row.path}") words_here="${[...row.subcommands, ...row.options, '--help'].join(' ')}" ;;`)
    .join('\n');
  return `# biopipe completion for bash. Install: biopipe completion bash > ~/.local/share/bash-completion/completions/biopipe
_biopipe() {
  local cur prev path="" word words_here="" i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    -s|--strategy) mapfile -t COMPREPLY < <(compgen -W "$(biopipe __complete strategies 2>/dev/null)" -- "$cur"); return ;;
    -t|--task) mapfile -t COMPREPLY < <(compgen -W "${TASK_TYPES.join(' ')}" -- "$cur"); return ;;
    --config-dir) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
  esac
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in
      -s|--strategy|-t|--task|--config-dir) i=$((i + 1)) ;;
      -*) ;;
      *) if [ -z "$path" ]; then path="$word"; else path="$path $word"; fi ;;
    esac
  done
  case "$path" in
    ${TAKES_STRATEGY.map((path) => `"${path}"`).join('|')}) words_here="$(biopipe __complete strategies 2>/dev/null) --help" ;;
${cases}
  esac
  mapfile -t COMPREPLY < <(compgen -W "$words_here" -- "$cur")
}
complete -o default -F _biopipe biopipe
`;
}

function zshScript(program: Command): string {
  return `#compdef biopipe
# biopipe completion for zsh. Install: biopipe completion zsh > "\${fpath[1]}/_biopipe", or add
# eval "$(biopipe completion zsh)" to ~/.zshrc.
autoload -U +X bashcompinit && bashcompinit
${bashScript(program)}`;
}

/** `biopipe completion bash|zsh`: prints a completion script; strategy names come from the registry at completion time. */
export function printCompletion(program: Command, shell: string, write: (text: string) => void): number {
  if (shell === 'bash') write(bashScript(program));
  else if (shell === 'zsh') write(zshScript(program));
  else
    throw new UsageError(
      `No completion for shell "${shell}".`,
      'Use `biopipe completion bash` or `biopipe completion zsh`.',
    );
  return 0;
}

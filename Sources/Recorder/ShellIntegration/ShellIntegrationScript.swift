/// The snippets `scrollvault init SHELL` prints and `run` injects: each marks the prompt (OSC
/// 133 A), the command line (633 E, escaped as VS Code does), its start (133 C), its exit
/// status (133 D) and the working directory (OSC 7), prints nothing visible and leaves `$?`
/// as the command set it. A guard variable makes a second load (an rc file that already
/// sources it, plus injection) a no-op.
public enum ShellIntegrationScript {
    public enum Shell: String, CaseIterable, Sendable {
        case bash, zsh, fish

        /// The shell a command runs, from its program's base name (`/usr/bin/zsh` → zsh).
        public init?(program: String) {
            let base = program.split(separator: "/").last.map(String.init) ?? program
            self.init(rawValue: base.hasPrefix("-") ? String(base.dropFirst()) : base)
        }
    }

    public static func snippet(for shell: Shell) -> String {
        switch shell {
        case .bash: bash
        case .zsh: zsh
        case .fish: fish
        }
    }

    /// bash: A and B wrap PS1 (re-wrapped each prompt, since prompt frameworks rebuild it),
    /// D and OSC 7 come from a PROMPT_COMMAND hook that runs first, C and E from PS0. A command
    /// kept out of history (HISTCONTROL=ignorespace) is recorded without its text.
    static let bash = #"""
        # ScrollVault shell integration for bash: marks prompts, commands, exit statuses and the
        # working directory (OSC 133/633/7) so `scrollvault commands` can list them.
        if [[ $- == *i* && -z ${__scrollvault_integration-} ]]; then
          __scrollvault_integration=1
          __scrollvault_hist=
          __scrollvault_precmd() {
            local status=$?
            builtin printf '\e]133;D;%s\a\e]7;file://%s%s\a' "$status" "${HOSTNAME-}" "${PWD//%/%25}"
            __scrollvault_hist=$HISTCMD
            if [[ $PS1 != *'133;A'* ]]; then PS1='\[\e]133;A\a\]'"$PS1"'\[\e]133;B\a\]'; fi
            return $status
          }
          __scrollvault_preexec() {
            if [[ $HISTCMD != "$__scrollvault_hist" ]]; then
              local line
              line=$(HISTTIMEFORMAT= builtin history 1)
              line=${line#"${line%%[![:space:]]*}"}
              line=${line#*[[:space:]]}
              line=${line#"${line%%[![:space:]]*}"}
              line=${line//\\/\\\\}
              line=${line//;/\\x3b}
              line=${line//$'\n'/\\x0a}
              builtin printf '\e]633;E;%s\a' "$line"
            fi
            builtin printf '\e]133;C\a'
          }
          if [[ "$(declare -p PROMPT_COMMAND 2>/dev/null)" == "declare -a"* ]]; then
            PROMPT_COMMAND=(__scrollvault_precmd "${PROMPT_COMMAND[@]}")
          else
            PROMPT_COMMAND="__scrollvault_precmd${PROMPT_COMMAND:+$'\n'$PROMPT_COMMAND}"
          fi
          PS0='$(__scrollvault_preexec)'"${PS0-}"
        fi

        """#

    /// zsh: hooks through add-zsh-hook; the status is taken by a precmd hook placed first,
    /// and the prompt is re-wrapped by one placed last, after any framework rebuilt it.
    static let zsh = #"""
        # ScrollVault shell integration for zsh: marks prompts, commands, exit statuses and the
        # working directory (OSC 133/633/7) so `scrollvault commands` can list them.
        if [[ -o interactive && -z ${__scrollvault_integration-} ]]; then
          typeset -g __scrollvault_integration=1
          typeset -g __scrollvault_status=0
          __scrollvault_status_hook() { typeset -g __scrollvault_status=$? }
          __scrollvault_precmd() {
            builtin printf '\e]133;D;%s\a\e]7;file://%s%s\a' "$__scrollvault_status" "${HOST-}" "${PWD//\%/%25}"
            if [[ $PS1 != *$'\e]133;A'* ]]; then PS1=$'%{\e]133;A\a%}'"$PS1"$'%{\e]133;B\a%}'; fi
            return $__scrollvault_status
          }
          __scrollvault_preexec() {
            local line=${1//\\/\\\\}
            line=${line//;/\\x3b}
            line=${line//$'\n'/\\x0a}
            builtin printf '\e]633;E;%s\a\e]133;C\a' "$line"
            # Stay last among the prompt hooks, and the status hook first.
            precmd_functions=(__scrollvault_status_hook ${precmd_functions:#__scrollvault_*} __scrollvault_precmd)
          }
          autoload -Uz add-zsh-hook
          precmd_functions=(__scrollvault_status_hook ${precmd_functions[@]} __scrollvault_precmd)
          add-zsh-hook preexec __scrollvault_preexec
        fi

        """#

    /// fish: event handlers for the prompt, the command's start and its end.
    static let fish = #"""
        # ScrollVault shell integration for fish: marks prompts, commands, exit statuses and the
        # working directory (OSC 133/633/7) so `scrollvault commands` can list them.
        if status is-interactive; and not set -q __scrollvault_integration
            set -g __scrollvault_integration 1
            function __scrollvault_prompt --on-event fish_prompt
                printf '\e]7;file://%s%s\a\e]133;A\a' $hostname (string replace -a % %25 -- $PWD)
            end
            function __scrollvault_preexec --on-event fish_preexec
                set -l line (string join \n -- $argv | string replace -a '\\' '\\\\' | string replace -a ';' '\\x3b' | string join '\\x0a')
                printf '\e]633;E;%s\a\e]133;C\a' "$line"
            end
            function __scrollvault_postexec --on-event fish_postexec
                printf '\e]133;D;%s\a' $status
            end
        end

        """#
}

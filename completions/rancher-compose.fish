# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_rancher_compose_global_optspecs
    string join \n verbose f/file= p/project-name= url= access-key= secret-key= env= ca-file= r/rancher-file= e/env-file= answers= no-prompt catalog= catalog-version= b/bindings-file= v/version h/help
end

function __fish_rancher_compose_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_rancher_compose_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_rancher_compose_using_subcommand
    set -l cmd (__fish_rancher_compose_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -s f -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -s p -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -s r -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -s e -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -s b -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -s v -l version -d 'Print the version'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -s h -l help -d 'Print help'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "create" -d 'Create all services but do not start them'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "up" -d 'Bring all services up (create, upgrade, start)'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "start" -d 'Start services'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "logs" -d 'Get service logs'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "restart" -d 'Restart services'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "stop" -d 'Stop services'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "scale" -d 'Scale services'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "rm" -d 'Delete services'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "pull" -d 'Pull images for services'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "upgrade" -d 'Perform rolling upgrade between services'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "ps" -d 'List the stack\'s services with their state, health, scale and image'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "config" -d 'Validate the project and print it resolved (merged, interpolated, normalised)'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "questions" -d 'List the catalog questions and whether the current answers satisfy them'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "export" -d 'Write a running stack\'s docker-compose.yml and rancher-compose.yml (the server\'s view)'
complete -c rancher-compose -n "__fish_rancher_compose_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l timeout -d 'Seconds to wait for each service transition (0 waits forever)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l parallel -d 'Most requests in flight at once (steps start as soon as what they wait for is done)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l error-grace -d 'Fail a wait once the service\'s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand create" -s h -l help -d 'Print help'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l on-pending -d 'What to do when a service needing an upgrade still has an unconfirmed one' -r -f -a "fail\t'Stop before changing anything and say what to do'
confirm\t'Confirm the pending upgrade, then upgrade'
rollback\t'Roll the pending upgrade back, then upgrade'"
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l batch-size -d 'Containers upgraded at a time [default: upgrade_strategy.batch_size, else 2]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l interval -d 'Milliseconds between upgrade batches [default: upgrade_strategy.interval_millis, else 1000]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l timeout -d 'Seconds to wait for each service transition (0 waits forever)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l parallel -d 'Most requests in flight at once (steps start as soon as what they wait for is done)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l error-grace -d 'Fail a wait once the service\'s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -s p -l pull -d 'Before upgrading, pull images on the hosts'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -s d -d 'Do not block and follow logs'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -s u -l upgrade -d 'Upgrade services whose configuration changed'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l force-upgrade -d 'Upgrade services even when nothing changed (only the named ones, if any are named)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -s c -l confirm-upgrade -d 'Confirm (finish) upgrades, waiting until they reach `upgraded`'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -s r -l rollback -d 'Roll upgraded services back (and do nothing else)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l cancel-upgrade -d 'Cancel upgrades under way (and do nothing else); then roll back or continue'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l keep-server-env -d 'Keep environment variables and labels that are set only on the server when upgrading'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l wait-healthy -d 'Succeed only when the changed services are running and healthy within --timeout'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l rollback-on-failure -d 'When an upgrade fails or times out, roll back the services this run upgraded (exit 3)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l dry-run -d 'Print the plan and change nothing'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l detailed-exitcode -d 'With --dry-run: exit 0 when nothing would change, 2 when something would, 1 on errors'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l json -d 'Print progress events and the result (or the plan) as JSON lines on stdout (with -d or --dry-run: followed logs would mix with the JSON)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand up" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -s d -d 'Accepted for compatibility; start never follows logs' -r -f -a "true\t''
false\t''"
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l timeout -d 'Seconds to wait for each service transition (0 waits forever)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l parallel -d 'Most requests in flight at once (steps start as soon as what they wait for is done)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l error-grace -d 'Fail a wait once the service\'s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand start" -s h -l help -d 'Print help'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l lines -d 'Lines of backlog per container' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -s f -l follow -d 'Keep following new log lines'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand logs" -s h -l help -d 'Print help'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l batch-size -d 'Containers restarted at a time' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l interval -d 'Milliseconds between restart batches' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l timeout -d 'Seconds to wait for each service transition (0 waits forever)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l parallel -d 'Most requests in flight at once (steps start as soon as what they wait for is done)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l error-grace -d 'Fail a wait once the service\'s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand restart" -s h -l help -d 'Print help'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -s t -l timeout -d 'Seconds to wait for the services to stop (0 waits forever)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l parallel -d 'Most requests in flight at once (steps start as soon as what they wait for is done)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l error-grace -d 'Fail a wait once the service\'s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand stop" -s h -l help -d 'Print help'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -s t -l timeout -d 'Seconds to wait for the new scale (0 waits forever)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l parallel -d 'Most requests in flight at once (steps start as soon as what they wait for is done)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l error-grace -d 'Fail a wait once the service\'s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand scale" -s h -l help -d 'Print help'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l timeout -d 'Seconds to wait for each service transition (0 waits forever)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l parallel -d 'Most requests in flight at once (steps start as soon as what they wait for is done)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l error-grace -d 'Fail a wait once the service\'s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -s f -l force -d 'Do not ask for confirmation'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -s v -d 'Accepted for compatibility; volume templates are kept'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand rm" -s h -l help -d 'Print help'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l timeout -d 'Seconds to wait for each service transition (0 waits forever)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l parallel -d 'Most requests in flight at once (steps start as soon as what they wait for is done)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l error-grace -d 'Fail a wait once the service\'s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -s c -l cached -d 'Only pull on hosts that already have the image'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand pull" -s h -l help -d 'Print help'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l batch-size -d 'Containers moved at a time' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l scale -d 'Final scale of the new service [default: the scale of the old one]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l interval -d 'Milliseconds between batches' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l update-links -d 'Move the links of the old service to the new one (`--update-links=false` to keep them)' -r -f -a "true\t''
false\t''"
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l timeout -d 'Seconds to wait for each service transition (0 waits forever)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l parallel -d 'Most requests in flight at once (steps start as soon as what they wait for is done)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l error-grace -d 'Fail a wait once the service\'s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -s w -l wait -d 'Wait for the upgrade to finish'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -s c -l cleanup -d 'Remove the old service once it has scale 0 (implies --wait)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -s p -l pull -d 'Pull the new images first'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l dry-run -d 'Print the plan and change nothing'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand upgrade" -s h -l help -d 'Print help'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l format -d 'Output format' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'"
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -s q -l quiet -d 'Print only service ids'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand ps" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l format -d 'Output format [default: YAML for the project, a table for --variables]' -r -f -a "yaml\t'YAML, like a compose file'
json\t'JSON, for scripts'"
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l services -d 'Print only the service names, one per line'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -s q -l quiet -d 'Only validate; print nothing but problems'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l variables -d 'List every variable the project uses, where its value comes from and whether it is set (secret values are never shown)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l format -d 'Output format' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'"
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l write-answers -d 'Write an answers file with every default filled in, to edit and pass to --answers (.yml/.yaml/.json for YAML or JSON, KEY=VALUE text otherwise)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand questions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -s o -l output -d 'The folder to write the two files to, created if missing [default: the current folder]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l file -d 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l project-name -d 'Stack name [default: the directory of the first compose file]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l url -d 'Rancher API endpoint URL' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l access-key -d 'Rancher API access key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l secret-key -d 'Rancher API secret key' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l env -l environment -d 'Rancher environment to work in, by name or id (1a5), as the rancher CLI\'s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI\'s cli.json `environment`]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l ca-file -d 'PEM file of CA certificates to trust besides the system\'s (a private Rancher CA)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l rancher-file -d 'Rancher compose file [default: rancher-compose.yml next to the first compose file]' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l env-file -d 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l answers -d 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l catalog -d 'Deploy a catalog template folder (config.yml plus numbered version folders)' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l catalog-version -d 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]' -r
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l bindings-file -d 'JSON file of per-service label and port bindings' -r -F
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l force -d 'Replace docker-compose.yml and rancher-compose.yml if they exist'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l stdout -d 'Print both files on standard output instead, each after a `# NAME` line, separated by a `---` line'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l verbose -l debug -d 'Print debug output (what is read, what is requested)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -l no-prompt -d 'Never ask questions, even on a terminal: missing required answers are an error'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "create" -d 'Create all services but do not start them'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "up" -d 'Bring all services up (create, upgrade, start)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "start" -d 'Start services'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "logs" -d 'Get service logs'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "restart" -d 'Restart services'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "stop" -d 'Stop services'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "scale" -d 'Scale services'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "rm" -d 'Delete services'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "pull" -d 'Pull images for services'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "upgrade" -d 'Perform rolling upgrade between services'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "ps" -d 'List the stack\'s services with their state, health, scale and image'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "config" -d 'Validate the project and print it resolved (merged, interpolated, normalised)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "questions" -d 'List the catalog questions and whether the current answers satisfy them'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "export" -d 'Write a running stack\'s docker-compose.yml and rancher-compose.yml (the server\'s view)'
complete -c rancher-compose -n "__fish_rancher_compose_using_subcommand help; and not __fish_seen_subcommand_from create up start logs restart stop scale rm pull upgrade ps config questions export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'


use builtin;
use str;

set edit:completion:arg-completer[rancher-compose] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'rancher-compose'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'rancher-compose'= {
            cand -f 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]'
            cand --file 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]'
            cand -p 'Stack name [default: the directory of the first compose file]'
            cand --project-name 'Stack name [default: the directory of the first compose file]'
            cand --url 'Rancher API endpoint URL'
            cand --access-key 'Rancher API access key'
            cand --secret-key 'Rancher API secret key'
            cand --ca-file 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)'
            cand -r 'Rancher compose file [default: rancher-compose.yml next to the first compose file]'
            cand --rancher-file 'Rancher compose file [default: rancher-compose.yml next to the first compose file]'
            cand -e 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win'
            cand --env-file 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win'
            cand --answers 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win'
            cand --catalog 'Deploy a catalog template folder (config.yml plus numbered version folders)'
            cand --catalog-version 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]'
            cand -b 'JSON file of per-service label and port bindings'
            cand --bindings-file 'JSON file of per-service label and port bindings'
            cand --verbose 'Print debug output (what is read, what is requested)'
            cand --no-prompt 'Never ask questions, even on a terminal: missing required answers are an error'
            cand -v 'Print the version'
            cand --version 'Print the version'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand create 'Create all services but do not start them'
            cand up 'Bring all services up (create, upgrade, start)'
            cand start 'Start services'
            cand logs 'Get service logs'
            cand restart 'Restart services'
            cand stop 'Stop services'
            cand scale 'Scale services'
            cand rm 'Delete services'
            cand pull 'Pull images for services'
            cand upgrade 'Perform rolling upgrade between services'
            cand ps 'List the stack''s services with their state, health, scale and image'
            cand config 'Validate the project and print it resolved (merged, interpolated, normalised)'
            cand questions 'List the catalog questions and whether the current answers satisfy them'
            cand generate 'Generate shell completions and man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rancher-compose;create'= {
            cand --timeout 'Seconds to wait for each service transition (0 waits forever)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rancher-compose;up'= {
            cand --on-pending 'What to do when a service needing an upgrade still has an unconfirmed one'
            cand --batch-size 'Containers upgraded at a time [default: upgrade_strategy.batch_size, else 2]'
            cand --interval 'Milliseconds between upgrade batches [default: upgrade_strategy.interval_millis, else 1000]'
            cand --timeout 'Seconds to wait for each service transition (0 waits forever)'
            cand -p 'Before upgrading, pull images on the hosts'
            cand --pull 'Before upgrading, pull images on the hosts'
            cand -d 'Do not block and follow logs'
            cand -u 'Upgrade services whose configuration changed'
            cand --upgrade 'Upgrade services whose configuration changed'
            cand --force-upgrade 'Upgrade services even when nothing changed (only the named ones, if any are named)'
            cand -c 'Confirm (finish) upgrades, waiting until they reach `upgraded`'
            cand --confirm-upgrade 'Confirm (finish) upgrades, waiting until they reach `upgraded`'
            cand -r 'Roll upgraded services back (and do nothing else)'
            cand --rollback 'Roll upgraded services back (and do nothing else)'
            cand --cancel-upgrade 'Cancel upgrades under way (and do nothing else); then roll back or continue'
            cand --keep-server-env 'Keep environment variables and labels that are set only on the server when upgrading'
            cand --wait-healthy 'Succeed only when the changed services are running and healthy within --timeout'
            cand --rollback-on-failure 'When an upgrade fails or times out, roll back the services this run upgraded (exit 3)'
            cand --dry-run 'Print the plan and change nothing'
            cand --detailed-exitcode 'With --dry-run: exit 0 when nothing would change, 2 when something would, 1 on errors'
            cand --json 'Print progress events and the result (or the plan) as JSON lines on stdout (with -d or --dry-run: followed logs would mix with the JSON)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'rancher-compose;start'= {
            cand -d 'Accepted for compatibility; start never follows logs'
            cand --timeout 'Seconds to wait for each service transition (0 waits forever)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rancher-compose;logs'= {
            cand --lines 'Lines of backlog per container'
            cand -f 'Keep following new log lines'
            cand --follow 'Keep following new log lines'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rancher-compose;restart'= {
            cand --batch-size 'Containers restarted at a time'
            cand --interval 'Milliseconds between restart batches'
            cand --timeout 'Seconds to wait for each service transition (0 waits forever)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rancher-compose;stop'= {
            cand -t 'Seconds to wait for the services to stop (0 waits forever)'
            cand --timeout 'Seconds to wait for the services to stop (0 waits forever)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rancher-compose;scale'= {
            cand -t 'Seconds to wait for the new scale (0 waits forever)'
            cand --timeout 'Seconds to wait for the new scale (0 waits forever)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rancher-compose;rm'= {
            cand --timeout 'Seconds to wait for each service transition (0 waits forever)'
            cand -f 'Do not ask for confirmation'
            cand --force 'Do not ask for confirmation'
            cand -v 'Accepted for compatibility; volume templates are kept'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rancher-compose;pull'= {
            cand --timeout 'Seconds to wait for each service transition (0 waits forever)'
            cand -c 'Only pull on hosts that already have the image'
            cand --cached 'Only pull on hosts that already have the image'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rancher-compose;upgrade'= {
            cand --batch-size 'Containers moved at a time'
            cand --scale 'Final scale of the new service [default: the scale of the old one]'
            cand --interval 'Milliseconds between batches'
            cand --update-links 'Move the links of the old service to the new one (`--update-links=false` to keep them)'
            cand --timeout 'Seconds to wait for each service transition (0 waits forever)'
            cand -w 'Wait for the upgrade to finish'
            cand --wait 'Wait for the upgrade to finish'
            cand -c 'Remove the old service once it has scale 0 (implies --wait)'
            cand --cleanup 'Remove the old service once it has scale 0 (implies --wait)'
            cand -p 'Pull the new images first'
            cand --pull 'Pull the new images first'
            cand --dry-run 'Print the plan and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rancher-compose;ps'= {
            cand --format 'Output format'
            cand -q 'Print only service ids'
            cand --quiet 'Print only service ids'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'rancher-compose;config'= {
            cand --format 'Output format'
            cand --services 'Print only the service names, one per line'
            cand -q 'Only validate; print nothing but problems'
            cand --quiet 'Only validate; print nothing but problems'
            cand --variables 'List every variable the project uses, where its value comes from and whether it is set (secret values are never shown)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'rancher-compose;questions'= {
            cand --format 'Output format'
            cand --write-answers 'Write an answers file with every default filled in, to edit and pass to --answers (.yml/.yaml/.json for YAML or JSON, KEY=VALUE text otherwise)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'rancher-compose;generate'= {
            cand --out-dir 'Directory that receives `completions/` and `man/`'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rancher-compose;help'= {
            cand create 'Create all services but do not start them'
            cand up 'Bring all services up (create, upgrade, start)'
            cand start 'Start services'
            cand logs 'Get service logs'
            cand restart 'Restart services'
            cand stop 'Stop services'
            cand scale 'Scale services'
            cand rm 'Delete services'
            cand pull 'Pull images for services'
            cand upgrade 'Perform rolling upgrade between services'
            cand ps 'List the stack''s services with their state, health, scale and image'
            cand config 'Validate the project and print it resolved (merged, interpolated, normalised)'
            cand questions 'List the catalog questions and whether the current answers satisfy them'
            cand generate 'Generate shell completions and man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rancher-compose;help;create'= {
        }
        &'rancher-compose;help;up'= {
        }
        &'rancher-compose;help;start'= {
        }
        &'rancher-compose;help;logs'= {
        }
        &'rancher-compose;help;restart'= {
        }
        &'rancher-compose;help;stop'= {
        }
        &'rancher-compose;help;scale'= {
        }
        &'rancher-compose;help;rm'= {
        }
        &'rancher-compose;help;pull'= {
        }
        &'rancher-compose;help;upgrade'= {
        }
        &'rancher-compose;help;ps'= {
        }
        &'rancher-compose;help;config'= {
        }
        &'rancher-compose;help;questions'= {
        }
        &'rancher-compose;help;generate'= {
        }
        &'rancher-compose;help;help'= {
        }
    ]
    $completions[$command]
}

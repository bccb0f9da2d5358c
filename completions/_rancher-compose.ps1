
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'rancher-compose' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'rancher-compose'
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
        'rancher-compose' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print the version')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create all services but do not start them')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Bring all services up (create, upgrade, start)')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start services')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Get service logs')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Restart services')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop services')
            [CompletionResult]::new('scale', 'scale', [CompletionResultType]::ParameterValue, 'Scale services')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete services')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Pull images for services')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Perform rolling upgrade between services')
            [CompletionResult]::new('ps', 'ps', [CompletionResultType]::ParameterValue, 'List the stack''s services with their state, health, scale and image')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Validate the project and print it resolved (merged, interpolated, normalised)')
            [CompletionResult]::new('questions', 'questions', [CompletionResultType]::ParameterValue, 'List the catalog questions and whether the current answers satisfy them')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a running stack''s docker-compose.yml and rancher-compose.yml (the server''s view)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rancher-compose;create' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each service transition (0 waits forever)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most requests in flight at once (steps start as soon as what they wait for is done)')
            [CompletionResult]::new('--error-grace', '--error-grace', [CompletionResultType]::ParameterName, 'Fail a wait once the service''s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rancher-compose;up' {
            [CompletionResult]::new('--on-pending', '--on-pending', [CompletionResultType]::ParameterName, 'What to do when a service needing an upgrade still has an unconfirmed one')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Containers upgraded at a time [default: upgrade_strategy.batch_size, else 2]')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Milliseconds between upgrade batches [default: upgrade_strategy.interval_millis, else 1000]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each service transition (0 waits forever)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most requests in flight at once (steps start as soon as what they wait for is done)')
            [CompletionResult]::new('--error-grace', '--error-grace', [CompletionResultType]::ParameterName, 'Fail a wait once the service''s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Before upgrading, pull images on the hosts')
            [CompletionResult]::new('--pull', '--pull', [CompletionResultType]::ParameterName, 'Before upgrading, pull images on the hosts')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Do not block and follow logs')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Upgrade services whose configuration changed')
            [CompletionResult]::new('--upgrade', '--upgrade', [CompletionResultType]::ParameterName, 'Upgrade services whose configuration changed')
            [CompletionResult]::new('--force-upgrade', '--force-upgrade', [CompletionResultType]::ParameterName, 'Upgrade services even when nothing changed (only the named ones, if any are named)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Confirm (finish) upgrades, waiting until they reach `upgraded`')
            [CompletionResult]::new('--confirm-upgrade', '--confirm-upgrade', [CompletionResultType]::ParameterName, 'Confirm (finish) upgrades, waiting until they reach `upgraded`')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Roll upgraded services back (and do nothing else)')
            [CompletionResult]::new('--rollback', '--rollback', [CompletionResultType]::ParameterName, 'Roll upgraded services back (and do nothing else)')
            [CompletionResult]::new('--cancel-upgrade', '--cancel-upgrade', [CompletionResultType]::ParameterName, 'Cancel upgrades under way (and do nothing else); then roll back or continue')
            [CompletionResult]::new('--keep-server-env', '--keep-server-env', [CompletionResultType]::ParameterName, 'Keep environment variables and labels that are set only on the server when upgrading')
            [CompletionResult]::new('--wait-healthy', '--wait-healthy', [CompletionResultType]::ParameterName, 'Succeed only when the changed services are running and healthy within --timeout')
            [CompletionResult]::new('--rollback-on-failure', '--rollback-on-failure', [CompletionResultType]::ParameterName, 'When an upgrade fails or times out, roll back the services this run upgraded (exit 3)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--detailed-exitcode', '--detailed-exitcode', [CompletionResultType]::ParameterName, 'With --dry-run: exit 0 when nothing would change, 2 when something would, 1 on errors')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print progress events and the result (or the plan) as JSON lines on stdout (with -d or --dry-run: followed logs would mix with the JSON)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'rancher-compose;start' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Accepted for compatibility; start never follows logs')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each service transition (0 waits forever)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most requests in flight at once (steps start as soon as what they wait for is done)')
            [CompletionResult]::new('--error-grace', '--error-grace', [CompletionResultType]::ParameterName, 'Fail a wait once the service''s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rancher-compose;logs' {
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'Lines of backlog per container')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep following new log lines')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep following new log lines')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rancher-compose;restart' {
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Containers restarted at a time')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Milliseconds between restart batches')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each service transition (0 waits forever)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most requests in flight at once (steps start as soon as what they wait for is done)')
            [CompletionResult]::new('--error-grace', '--error-grace', [CompletionResultType]::ParameterName, 'Fail a wait once the service''s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rancher-compose;stop' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Seconds to wait for the services to stop (0 waits forever)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the services to stop (0 waits forever)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most requests in flight at once (steps start as soon as what they wait for is done)')
            [CompletionResult]::new('--error-grace', '--error-grace', [CompletionResultType]::ParameterName, 'Fail a wait once the service''s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rancher-compose;scale' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Seconds to wait for the new scale (0 waits forever)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the new scale (0 waits forever)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most requests in flight at once (steps start as soon as what they wait for is done)')
            [CompletionResult]::new('--error-grace', '--error-grace', [CompletionResultType]::ParameterName, 'Fail a wait once the service''s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rancher-compose;rm' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each service transition (0 waits forever)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most requests in flight at once (steps start as soon as what they wait for is done)')
            [CompletionResult]::new('--error-grace', '--error-grace', [CompletionResultType]::ParameterName, 'Fail a wait once the service''s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Accepted for compatibility; volume templates are kept')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rancher-compose;pull' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each service transition (0 waits forever)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most requests in flight at once (steps start as soon as what they wait for is done)')
            [CompletionResult]::new('--error-grace', '--error-grace', [CompletionResultType]::ParameterName, 'Fail a wait once the service''s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Only pull on hosts that already have the image')
            [CompletionResult]::new('--cached', '--cached', [CompletionResultType]::ParameterName, 'Only pull on hosts that already have the image')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rancher-compose;upgrade' {
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Containers moved at a time')
            [CompletionResult]::new('--scale', '--scale', [CompletionResultType]::ParameterName, 'Final scale of the new service [default: the scale of the old one]')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Milliseconds between batches')
            [CompletionResult]::new('--update-links', '--update-links', [CompletionResultType]::ParameterName, 'Move the links of the old service to the new one (`--update-links=false` to keep them)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each service transition (0 waits forever)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most requests in flight at once (steps start as soon as what they wait for is done)')
            [CompletionResult]::new('--error-grace', '--error-grace', [CompletionResultType]::ParameterName, 'Fail a wait once the service''s containers are in error and nothing moved for this many seconds (0: only --timeout ends it)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Wait for the upgrade to finish')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for the upgrade to finish')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Remove the old service once it has scale 0 (implies --wait)')
            [CompletionResult]::new('--cleanup', '--cleanup', [CompletionResultType]::ParameterName, 'Remove the old service once it has scale 0 (implies --wait)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Pull the new images first')
            [CompletionResult]::new('--pull', '--pull', [CompletionResultType]::ParameterName, 'Pull the new images first')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rancher-compose;ps' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only service ids')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only service ids')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'rancher-compose;config' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: YAML for the project, a table for --variables]')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('--services', '--services', [CompletionResultType]::ParameterName, 'Print only the service names, one per line')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only validate; print nothing but problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only validate; print nothing but problems')
            [CompletionResult]::new('--variables', '--variables', [CompletionResultType]::ParameterName, 'List every variable the project uses, where its value comes from and whether it is set (secret values are never shown)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'rancher-compose;questions' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--write-answers', '--write-answers', [CompletionResultType]::ParameterName, 'Write an answers file with every default filled in, to edit and pass to --answers (.yml/.yaml/.json for YAML or JSON, KEY=VALUE text otherwise)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'rancher-compose;export' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The folder to write the two files to, created if missing [default: the current folder]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The folder to write the two files to, created if missing [default: the current folder]')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input [default: docker-compose.yml, plus docker-compose.override.yml if present]')
            [CompletionResult]::new('--project-name', '--project-name', [CompletionResultType]::ParameterName, 'Stack name [default: the directory of the first compose file]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Rancher API endpoint URL')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Rancher API access key')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'Rancher API secret key')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Rancher environment to work in, by name or id (1a5), as the rancher CLI''s --env: found through /v2-beta/projects with an account API key [default: the one the URL names, else the rancher CLI''s cli.json `environment`]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust besides the system''s (a private Rancher CA)')
            [CompletionResult]::new('--rancher-file', '--rancher-file', [CompletionResultType]::ParameterName, 'Rancher compose file [default: rancher-compose.yml next to the first compose file]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml, .json); repeatable, and with -e one list in command-line order where later files win')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Deploy a catalog template folder (config.yml plus numbered version folders)')
            [CompletionResult]::new('--catalog-version', '--catalog-version', [CompletionResultType]::ParameterName, 'The template version to use with --catalog: a version folder or a `.catalog` version [default: the config.yml version, else the highest]')
            [CompletionResult]::new('--bindings-file', '--bindings-file', [CompletionResultType]::ParameterName, 'JSON file of per-service label and port bindings')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace docker-compose.yml and rancher-compose.yml if they exist')
            [CompletionResult]::new('--stdout', '--stdout', [CompletionResultType]::ParameterName, 'Print both files on standard output instead, each after a `# NAME` line, separated by a `---` line')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print debug output (what is read, what is requested)')
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Never ask questions, even on a terminal: missing required answers are an error')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'rancher-compose;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create all services but do not start them')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Bring all services up (create, upgrade, start)')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start services')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Get service logs')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Restart services')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop services')
            [CompletionResult]::new('scale', 'scale', [CompletionResultType]::ParameterValue, 'Scale services')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete services')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Pull images for services')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Perform rolling upgrade between services')
            [CompletionResult]::new('ps', 'ps', [CompletionResultType]::ParameterValue, 'List the stack''s services with their state, health, scale and image')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Validate the project and print it resolved (merged, interpolated, normalised)')
            [CompletionResult]::new('questions', 'questions', [CompletionResultType]::ParameterValue, 'List the catalog questions and whether the current answers satisfy them')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a running stack''s docker-compose.yml and rancher-compose.yml (the server''s view)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rancher-compose;help;create' {
            break
        }
        'rancher-compose;help;up' {
            break
        }
        'rancher-compose;help;start' {
            break
        }
        'rancher-compose;help;logs' {
            break
        }
        'rancher-compose;help;restart' {
            break
        }
        'rancher-compose;help;stop' {
            break
        }
        'rancher-compose;help;scale' {
            break
        }
        'rancher-compose;help;rm' {
            break
        }
        'rancher-compose;help;pull' {
            break
        }
        'rancher-compose;help;upgrade' {
            break
        }
        'rancher-compose;help;ps' {
            break
        }
        'rancher-compose;help;config' {
            break
        }
        'rancher-compose;help;questions' {
            break
        }
        'rancher-compose;help;export' {
            break
        }
        'rancher-compose;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}

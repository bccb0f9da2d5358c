//! `--env NAME|ID` (and `RANCHER_ENVIRONMENT`, and the rancher CLI's `environment`), as the
//! rancher CLI resolves it: an id (`1a5`) is looked up as such, a name through
//! `/v2-beta/projects?name=NAME`, and the tool then works under `/v2-beta/projects/<id>`. An
//! environment the key cannot see is an error listing the ones it can; an environment API key
//! sees only its own environment, and the error says so.

use crate::api::{Client, ClientOptions, Credentials, Project};

use super::Hinted;

/// The project URL of environment `wanted` on the server of `url`.
///
/// # Errors
/// The server cannot be reached, or the key sees no such environment.
pub(super) async fn project_url(
    url: &str,
    wanted: &str,
    credentials: Option<Credentials>,
    options: ClientOptions,
) -> anyhow::Result<String> {
    let root = server_root(url);
    let client = Client::connect(&format!("{root}/v2-beta"), credentials, options).await?;
    let found = if wanted.starts_with("1a") {
        client.by_id_as::<Project>("project", wanted).await?.into_iter().collect()
    } else {
        let listed: Vec<Project> = client.list_as("project", &[("name", wanted)]).await?;
        listed.into_iter().filter(|p| p.name().eq_ignore_ascii_case(wanted)).collect::<Vec<_>>()
    };
    match found.as_slice() {
        [project] => Ok(format!("{root}/v2-beta/projects/{}", project.id())),
        [] => Err(not_found(wanted, &client.list_as("project", &[]).await?).into()),
        several => {
            let ids: Vec<&str> = several.iter().map(Project::id).collect();
            Err(Hinted::new(
                format!("several environments are named `{wanted}`: {}", ids.join(", ")),
                "give the environment by its id: --env ID",
            )
            .into())
        }
    }
}

/// What the key sees instead of `wanted`.
fn not_found(wanted: &str, visible: &[Project]) -> Hinted {
    let shown: Vec<String> = visible.iter().map(|p| format!("{} ({})", p.name(), p.id())).collect();
    match visible {
        [own] => Hinted {
            message: format!(
                "no environment `{wanted}` for this API key: it sees only `{}` ({}), as an environment API key, which is bound to its own environment, does",
                own.name(),
                own.id()
            ),
            hints: vec![
                format!("leave out --env to work in `{}`", own.name()),
                format!(
                    "to reach `{wanted}`, use an account API key (it sees every environment of the account) or `{wanted}`'s own environment key"
                ),
            ],
        },
        _ => Hinted::new(
            format!("no environment `{wanted}`; the API key sees: {}", shown.join(", ")),
            "give --env one of these names or ids",
        ),
    }
}

/// The server part of an API URL: everything before `/v2-beta` or `/v1`, else scheme, host and
/// port (as the rancher CLI builds its environment URLs).
#[must_use]
pub(super) fn server_root(url: &str) -> String {
    let trimmed = url.trim_end_matches('/');
    for version in ["/v2-beta", "/v1"] {
        if let Some(i) = trimmed.find(version)
            && trimmed[i + version.len()..].chars().next().is_none_or(|c| c == '/')
        {
            return trimmed[..i].to_owned();
        }
    }
    match reqwest::Url::parse(trimmed) {
        Ok(parsed) if parsed.has_host() => {
            let mut root = parsed.clone();
            root.set_path("");
            root.set_query(None);
            root.as_str().trim_end_matches('/').to_owned()
        }
        _ => trimmed.to_owned(),
    }
}

/// Whether the URL already names an environment (`.../projects/1a5`).
#[must_use]
pub(super) fn names_project(url: &str) -> bool {
    url.split('/').skip_while(|s| *s != "projects").nth(1).is_some_and(|id| !id.is_empty())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_server_part_of_every_url_form() {
        for (url, root) in [
            ("http://h:8080", "http://h:8080"),
            ("http://h:8080/", "http://h:8080"),
            ("http://h:8080/v1", "http://h:8080"),
            ("https://r.example.com/v2-beta/projects/1a5/schemas", "https://r.example.com"),
            ("http://h/rancher/v2-beta", "http://h/rancher"),
            ("http://h:8080/other/path", "http://h:8080"),
            ("http://h:8080/v1beta", "http://h:8080"),
        ] {
            assert_eq!(server_root(url), root, "{url}");
        }
        assert!(names_project("http://h/v2-beta/projects/1a5"));
        assert!(names_project("http://h/v2-beta/projects/1a5/schemas"));
        assert!(!names_project("http://h/v2-beta"));
        assert!(!names_project("http://h/v2-beta/projects"));
    }

    #[test]
    fn an_unknown_environment_lists_what_the_key_sees() {
        let two: [Project; 2] =
            [json!({"id": "1a5", "name": "Default"}), json!({"id": "1a6", "name": "staging"})]
                .map(|p| serde_json::from_value(p).unwrap());
        let e = not_found("prod", &two);
        assert_eq!(e.message, "no environment `prod`; the API key sees: Default (1a5), staging (1a6)");
        let e = not_found("prod", &two[..1]);
        assert!(e.message.contains("sees only `Default` (1a5)"), "{}", e.message);
        assert!(e.message.contains("environment API key"), "{}", e.message);
        assert!(e.hints.iter().any(|h| h.contains("account API key")), "{:?}", e.hints);
    }
}
